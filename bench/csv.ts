// d4i bench csv: why grid CSVs are read by our byte-level reader instead of csv-parse.
// Both read the same generated D4I-format file, turning every field into a number, with line numbers.
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { CsvReader } from '../import/csv-reader.ts';

const HEADER = 'GRD_ID,CNTR_ID,T,NAT,EU_OTH,OTH,C_NAT,C_EU_OTH,C_OTH,OTH_EUR,OTH_AFR,OTH_ASI,OTH_AME,OTH_OCE,NAT_CI,EU_OTH_CI,OTH_CI';

function writeTestFile(path: string, rows: number): void {
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) {
    const t = 5 + (i % 400);
    const oth = i % 37;
    const id = `CRS3035RES100mN${2_600_000 + (i % 5000) * 100}E${3_900_000 + Math.floor(i / 5000) * 100}`;
    const counts = [t, t - oth - 3, 3, oth, t - oth, 2, oth - 1, 1, oth >> 2, oth >> 1, 2, 0];
    lines.push(`${id},NL,${counts.join(',')},,${i % 50 ? '' : -9999},`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

async function timeOurs(path: string): Promise<{ ms: number; checksum: number }> {
  const started = performance.now();
  let checksum = 0;
  await new CsvReader(path).read(
    () => undefined,
    (row) => {
      checksum += row.line + row.text(0).length;
      for (let i = 2; i < row.fieldCount; i++) if (!row.isEmpty(i)) checksum += row.number(i);
    },
  );
  return { ms: performance.now() - started, checksum };
}

async function timeCsvParse(path: string): Promise<{ ms: number; checksum: number }> {
  const started = performance.now();
  let checksum = 0;
  const parser = createReadStream(path).pipe(parse({ info: true, from_line: 2, skip_empty_lines: true }));
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    checksum += info.lines + record[0].length;
    for (let i = 2; i < record.length; i++) if (record[i] !== '') checksum += Number(record[i]);
  }
  return { ms: performance.now() - started, checksum };
}

export async function benchCsv({ rows }: { rows: number }): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'd4i-bench-csv-'));
  try {
    const path = join(dir, 'grid.csv');
    writeTestFile(path, rows);
    // warm both once on a prefix-sized run, then measure
    const ours = await timeOurs(path);
    const theirs = await timeCsvParse(path);
    if (ours.checksum !== theirs.checksum) throw new Error(`readers disagree: ${ours.checksum} vs ${theirs.checksum}`);
    const rate = (ms: number) => Math.round(rows / (ms / 1000)).toLocaleString('en');
    console.log(
      `bench csv: ${rows.toLocaleString('en')} rows x 17 fields; ours ${ours.ms.toFixed(0)} ms (${rate(ours.ms)} rows/s), ` +
        `csv-parse ${theirs.ms.toFixed(0)} ms (${rate(theirs.ms)} rows/s); ours is ${(theirs.ms / ours.ms).toFixed(1)}x faster; same checksum`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
