// Builds the committed base extract generate/data/base-1km.bin.gz (and its SOURCE.md) from the
// public Eurostat grids in ../shared/data/real: every GEOSTAT 2011 1 km cell of FR DE IE IT NL PT ES
// with its 2011 total, joined to the Census 2021 cell at the same place (T, NAT, EU_OTH, OTH).
// Only this script reads ../shared; the generator reads the extract (generate/base-extract.ts).
//
//   npx tsx scripts/build-base-extract.ts [--shared DIR]
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead } from 'hyparquet';
import { writeFileAtomic } from '../core/pack/atomic-write.ts';
import { allocateBaseCells, BASE_EXTRACT_PATH, decodeBaseCells, encodeBaseCells, type BaseCells } from '../generate/base-extract.ts';

const PROJECT = resolve(import.meta.dirname, '..');

const defaults = {
  /** folder holding geostat-popgrid-1km/ and census2021-grid-1km/ */
  shared: resolve(PROJECT, '../shared/data/real'),
  /** D4I countries present in GEOSTAT 2011 (UK was dropped by the tiling); a cell is kept if its CNTR_ID names one */
  countries: ['FR', 'DE', 'IE', 'IT', 'NL', 'PT', 'ES'],
  /** where the GEOSTAT 2011 tiles and the Census 2021 tiles live, inside `shared` */
  geostatTiles: 'geostat-popgrid-1km/2011/1000',
  censusTiles: 'census2021-grid-1km/tiles-1000m',
  /** tile sizes in cells, as in each folder's info.json (checked) */
  geostatTileSize: 512,
  censusTileSize: 256,
  /** the extract's SOURCE.md, beside the extract */
  sourceNote: resolve(BASE_EXTRACT_PATH, '../SOURCE.md'),
};

const ATTRIBUTION = 'Source: Eurostat, GEOSTAT 2011 and Census 2021 population grids';
const CENSUS_COLUMNS = ['T', 'NAT', 'EU_OTH', 'OTH'] as const;
type CensusColumn = (typeof CENSUS_COLUMNS)[number];

/** Provenance copied from a shared folder's SOURCE.md. */
interface Provenance {
  folder: string;
  repository: string;
  commit: string;
  commitDate: string;
  licence: string;
}

/** Pulls repository, commit and licence out of a SOURCE.md; fails loudly if its wording changed. */
function readProvenance(shared: string, folder: string): Provenance {
  const path = join(shared, folder, 'SOURCE.md');
  const text = readFileSync(path, 'utf8');
  const repository = /`([\w.-]+\/[\w.-]+)`/.exec(text)?.[1];
  const commit = /commit `([0-9a-f]{40})` \((\d{4}-\d{2}-\d{2})\)/.exec(text);
  const licence = /Licence: ([\s\S]*?\.)(?=\s|$)/.exec(text)?.[1];
  if (!repository || !commit || !licence) throw new Error(`${path}: repository, commit or licence not found (did its wording change?)`);
  return { folder, repository, commit: commit[1], commitDate: commit[2], licence: licence.replace(/\s+/g, ' ') };
}

/** The tiles `{tx}/{ty}.parquet` under `dir`, in a stable order. */
function listTiles(dir: string): { tx: number; ty: number; path: string }[] {
  const tiles: { tx: number; ty: number; path: string }[] = [];
  for (const txName of readdirSync(dir)) {
    if (!/^\d+$/.test(txName)) continue;
    for (const file of readdirSync(join(dir, txName))) {
      const match = /^(\d+)\.parquet$/.exec(file);
      if (match) tiles.push({ tx: Number(txName), ty: Number(match[1]), path: join(dir, txName, file) });
    }
  }
  return tiles.sort((a, b) => a.tx - b.tx || a.ty - b.ty);
}

function checkTiling(dir: string, tileSize: number): void {
  const info = JSON.parse(readFileSync(join(dir, 'info.json'), 'utf8')) as {
    tileSizeCell: number;
    originPoint: { x: number; y: number };
    resolutionGeo: number;
  };
  if (info.tileSizeCell !== tileSize || info.originPoint.x !== 0 || info.originPoint.y !== 0 || info.resolutionGeo !== 1000) {
    throw new Error(`${dir}/info.json: expected ${tileSize}-cell tiles of 1000 m at origin (0, 0), found ${JSON.stringify(info)}`);
  }
}

/** Reads the named columns of one Parquet file, whole (row groups joined). */
async function readColumns(path: string, names: readonly string[]): Promise<{ rows: number; columns: Map<string, ArrayLike<unknown>> }> {
  const file = await asyncBufferFromFile(path);
  const metadata = await parquetMetadataAsync(file);
  const rows = Number(metadata.num_rows);
  const columns = new Map<string, unknown[]>();
  await parquetRead({
    file,
    metadata,
    columns: [...names],
    onChunk({ columnName, columnData, rowStart }) {
      let target = columns.get(columnName);
      if (!target) {
        target = new Array<unknown>(rows);
        columns.set(columnName, target);
      }
      for (let i = 0; i < columnData.length && rowStart + i < rows; i++) target[rowStart + i] = columnData[i];
    },
  });
  for (const name of names) if (!columns.has(name)) throw new Error(`${path}: no column ${name}`);
  return { rows, columns };
}

/** An integer column as numbers; `undefined` for null. */
function integers(path: string, name: string, values: ArrayLike<unknown>): (number | undefined)[] {
  const out = new Array<number | undefined>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) out[i] = undefined;
    else if (typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v))) out[i] = Number(v);
    else throw new Error(`${path}: ${name} row ${i} is ${String(v)}, expected an integer`);
  }
  return out;
}

/** Counts for SOURCE.md and the console. */
interface BuildReport {
  geostatTiles: number;
  geostatRows: number;
  censusTiles: number;
  censusRowsRead: number;
  inputSha256: string;
  byCountry: Map<string, { cells: number; t2011: number; t2021: number; birthCells: number }>;
  with2021: number;
  birthUsable: number;
  /** per column: values flagged confidential (any non-zero _CI) among the kept cells */
  flagged: Record<CensusColumn, number>;
  /** _CI values other than 0 and 1, and null values, among the kept cells */
  oddFlags: Map<string, number>;
  nullValues: number;
  censusSums: Record<CensusColumn, number>;
}

/** Reads the GEOSTAT 2011 cells of the D4I countries, sorted by (y, x), with their country table. */
async function readGeostat(dir: string, keep: Set<string>, report: BuildReport, hash: ReturnType<typeof createHash>, shared: string) {
  checkTiling(dir, defaults.geostatTileSize);
  const xs: number[] = [];
  const ys: number[] = [];
  const ts: number[] = [];
  const names: string[] = [];
  for (const tile of listTiles(dir)) {
    hash.update(relative(shared, tile.path)).update(readFileSync(tile.path));
    const { rows, columns } = await readColumns(tile.path, ['x', 'y', 'T', 'CNTR_ID']);
    const x = integers(tile.path, 'x', columns.get('x')!);
    const y = integers(tile.path, 'y', columns.get('y')!);
    const t = integers(tile.path, 'T', columns.get('T')!);
    const cntr = columns.get('CNTR_ID')!;
    report.geostatTiles++;
    report.geostatRows += rows;
    for (let i = 0; i < rows; i++) {
      const name = cntr[i];
      if (typeof name !== 'string' || !name.split('-').some((code) => keep.has(code))) continue;
      const [cx, cy, ct] = [x[i], y[i], t[i]];
      if (
        cx === undefined ||
        cy === undefined ||
        ct === undefined ||
        cx < 0 ||
        cx >= defaults.geostatTileSize ||
        cy < 0 ||
        cy >= defaults.geostatTileSize ||
        ct < 0
      ) {
        throw new Error(`${tile.path}: row ${i} has x=${cx} y=${cy} T=${ct}`);
      }
      xs.push(tile.tx * defaults.geostatTileSize + cx);
      ys.push(tile.ty * defaults.geostatTileSize + cy);
      ts.push(ct);
      names.push(name);
    }
  }
  const countries = [...new Set(names)].sort();
  const countryIndex = new Map(countries.map((name, k) => [name, k]));
  const key = (i: number) => ys[i] * 65536 + xs[i];
  for (let i = 0; i < xs.length; i++) if (xs[i] >= 65536) throw new Error(`x = ${xs[i]} km does not fit the sort key`);
  const order = Uint32Array.from(xs.keys()).sort((a, b) => key(a) - key(b));
  const cells = allocateBaseCells(order.length, countries);
  for (let j = 0; j < order.length; j++) {
    const i = order[j];
    if (j > 0 && key(i) === key(order[j - 1])) throw new Error(`GEOSTAT cell (${xs[i]}, ${ys[i]}) appears twice`);
    cells.x[j] = xs[i];
    cells.y[j] = ys[i];
    cells.t2011[j] = ts[i];
    cells.country[j] = countryIndex.get(names[i])!;
  }
  return cells;
}

/** Index of the cell (x, y) in cells sorted by (y, x), or -1. */
function findCell(cells: BaseCells, x: number, y: number): number {
  const target = y * 65536 + x;
  let lo = 0;
  let hi = cells.count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = cells.y[mid] * 65536 + cells.x[mid];
    if (k === target) return mid;
    if (k < target) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Fills the 2021 columns from the Census tiles that hold at least one kept cell. */
async function joinCensus(dir: string, cells: BaseCells, report: BuildReport, hash: ReturnType<typeof createHash>, shared: string): Promise<void> {
  checkTiling(dir, defaults.censusTileSize);
  const size = defaults.censusTileSize;
  const wanted = new Set<string>();
  for (let i = 0; i < cells.count; i++) wanted.add(`${Math.floor(cells.x[i] / size)}/${Math.floor(cells.y[i] / size)}`);
  const seen = new Uint8Array(cells.count);
  const targets: Record<CensusColumn, Uint32Array> = { T: cells.t2021, NAT: cells.nat2021, EU_OTH: cells.eu2021, OTH: cells.oth2021 };
  for (const tile of listTiles(dir)) {
    if (!wanted.has(`${tile.tx}/${tile.ty}`)) continue;
    hash.update(relative(shared, tile.path)).update(readFileSync(tile.path));
    const names = ['x', 'y', ...CENSUS_COLUMNS, ...CENSUS_COLUMNS.map((c) => `${c}_CI`)];
    const { rows, columns } = await readColumns(tile.path, names);
    const read = new Map(names.map((name) => [name, integers(tile.path, name, columns.get(name)!)]));
    report.censusTiles++;
    report.censusRowsRead += rows;
    const x = read.get('x')!;
    const y = read.get('y')!;
    for (let r = 0; r < rows; r++) {
      const i = findCell(cells, tile.tx * size + x[r]!, tile.ty * size + y[r]!);
      if (i < 0) continue;
      if (seen[i]) throw new Error(`${tile.path}: Census cell (${cells.x[i]}, ${cells.y[i]}) appears twice`);
      seen[i] = 1;
      report.with2021++;
      let birthUsable = 1;
      for (const column of CENSUS_COLUMNS) {
        const value = read.get(column)![r];
        const flag = read.get(`${column}_CI`)![r];
        if (flag !== 0 && flag !== 1) report.oddFlags.set(`${column}_CI=${flag}`, (report.oddFlags.get(`${column}_CI=${flag}`) ?? 0) + 1);
        if (value === undefined) report.nullValues++;
        // confidential (any non-zero flag, e.g. the odd -9986), missing or negative: 0 and not usable
        const published = flag === 0 && value !== undefined && value >= 0;
        if (!published) {
          if (flag !== 0) report.flagged[column]++;
          if (column !== 'T') birthUsable = 0;
          continue;
        }
        targets[column][i] = value;
        report.censusSums[column] += value;
      }
      cells.birth2021[i] = birthUsable;
      report.birthUsable += birthUsable;
    }
  }
}

function newReport(): BuildReport {
  return {
    geostatTiles: 0,
    geostatRows: 0,
    censusTiles: 0,
    censusRowsRead: 0,
    inputSha256: '',
    byCountry: new Map(),
    with2021: 0,
    birthUsable: 0,
    flagged: { T: 0, NAT: 0, EU_OTH: 0, OTH: 0 },
    oddFlags: new Map(),
    nullValues: 0,
    censusSums: { T: 0, NAT: 0, EU_OTH: 0, OTH: 0 },
  };
}

function tallyCountries(cells: BaseCells, report: BuildReport): void {
  for (const name of cells.countries) report.byCountry.set(name, { cells: 0, t2011: 0, t2021: 0, birthCells: 0 });
  for (let i = 0; i < cells.count; i++) {
    const row = report.byCountry.get(cells.countries[cells.country[i]])!;
    row.cells++;
    row.t2011 += cells.t2011[i];
    row.t2021 += cells.t2021[i];
    row.birthCells += cells.birth2021[i];
  }
}

const fmt = (n: number) => n.toLocaleString('en-US');

function sourceNote(cells: BaseCells, bytes: number, sha256: string, report: BuildReport, provenance: Provenance[]): string {
  const [geostat, census] = provenance;
  const countryRows = [...report.byCountry]
    .sort((a, b) => b[1].t2011 - a[1].t2011)
    .map(([name, r]) => `| ${name} | ${fmt(r.cells)} | ${fmt(r.t2011)} | ${fmt(r.t2021)} | ${fmt(r.birthCells)} |`);
  const odd = [...report.oddFlags].map(([what, n]) => `${what} (${n})`).join(', ') || 'none';
  const sums2021 = (['T', 'NAT', 'EU_OTH', 'OTH'] as const).map((c) => `${c} ${fmt(report.censusSums[c])}`).join(', ');
  return `# base-1km.bin.gz: real 1 km figures the generator spreads into 100 m cells

DERIVED data, not edited by hand: rebuilt by \`npx tsx scripts/build-base-extract.ts [--shared DIR]\`
from the public Eurostat grids (default DIR \`../shared/data/real\`), which are needed only for that.
The generator reads it with \`loadBaseExtract()\` (\`generate/base-extract.ts\`). The same inputs
give the same bytes (cells sorted, gzip level 9 with Node's zlib, no timestamps).

${ATTRIBUTION}.

## Inputs

- GEOSTAT 2011 1 km population grid, GISCO tiling with CNTR_ID: \`${geostat.folder}/2011/1000/\`
  (${report.geostatTiles} tiles, ${fmt(report.geostatRows)} cells, all of them read).
  Repository \`${geostat.repository}\`, commit \`${geostat.commit}\` (${geostat.commitDate}).
  Licence: ${geostat.licence}
- Census 2021 1 km population grid (ESTAT_Census_2021_V2), GISCO tiling: \`${census.folder}/tiles-1000m/\`
  (the ${report.censusTiles} tiles that hold a kept cell, ${fmt(report.censusRowsRead)} cells read).
  Repository \`${census.repository}\`, commit \`${census.commit}\` (${census.commitDate}).
  Licence: ${census.licence}
- SHA-256 over the input tiles read (relative path, then bytes, in path order): \`${report.inputSha256}\`

## Content

${fmt(cells.count)} cells, ${fmt(bytes)} bytes, SHA-256 \`${sha256}\`.

Every GEOSTAT 2011 cell whose CNTR_ID names one of ${defaults.countries.join(' ')} (UK is not in the tiled
GEOSTAT layer). Border cells keep the CNTR_ID as given (e.g. \`NL-DE\`), so each country's own total is
its pure cells plus a part of its border cells.

| column | meaning |
|---|---|
| x, y | 1 km grid coordinates: EPSG:3035 metres / 1000 of the cell's lower-left corner |
| country | CNTR_ID of the GEOSTAT cell, as an index into the country table |
| t2011 | GEOSTAT 2011 total population (T) |
| t2021 | Census 2021 T of the same cell; 0 if the cell is not in the 2021 grid or T is confidential |
| nat2021, eu2021, oth2021 | Census 2021 born in the reporting country (NAT), in another EU state (EU_OTH), outside the EU (OTH); 0 if absent or confidential |
| birth2021 | 1 if the 2021 cell exists and NAT, EU_OTH and OTH are all published (no \`_CI\` flag) |

| CNTR_ID | cells | t2011 | t2021 | cells with birth2021 |
|---|---:|---:|---:|---:|
${countryRows.join('\n')}

- Cells with a 2021 Census cell: ${fmt(report.with2021)}; without (populated in 2011 only): ${fmt(cells.count - report.with2021)}.
- Cells with usable 2021 place of birth: ${fmt(report.birthUsable)}.
- Confidential values among the kept cells: T ${report.flagged.T}, NAT ${report.flagged.NAT}, EU_OTH ${report.flagged.EU_OTH}, OTH ${report.flagged.OTH};
  flags other than 0/1: ${odd}; null values: ${report.nullValues}.
- 2021 sums over the extract: ${sums2021}.
  Census 2021 cells that have no 2011 cell are not in the extract.
- Census 2021 covers EU + EFTA only: in cells shared with UK, MC, SM, AD, VA (\`IE-UK\`, \`MC-FR\`, ...) the
  2021 figures are those of the EU side only, so t2021 can be far below t2011 there.
- In DE, NL and ES NAT + EU_OTH + OTH differs from T in most cells (Eurostat perturbs each value).

## Encoding

gzip (level 9, OS byte 0xff) of a payload of unsigned LEB128 varints:
magic \`D4IBASE\\n\`, version 1, cell count, country count, then each country as (byte length, UTF-8).
Then one column after the other, cells sorted by (y, x): y as the step from the previous y; x as
x - previous x - 1 within a row, or zigzag(x - first x of the previous row) at a row start; country index;
t2011; t2021; eu2021; oth2021; nat2021 as zigzag(NAT - (T - EU_OTH - OTH)); then birth2021 as
ceil(count / 8) bytes of bits, least significant bit first. The decoder's header comment is the reference.
`;
}

/** The encoder's self-check: the bytes about to be written decode to exactly the cells built. */
function assertSameCells(decoded: BaseCells, built: BaseCells): void {
  const same = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.prototype.every.call(a, (v: number, i: number) => v === b[i]);
  const columns = ['x', 'y', 'country', 't2011', 't2021', 'nat2021', 'eu2021', 'oth2021', 'birth2021'] as const;
  const wrong = columns.filter((name) => !same(decoded[name], built[name]));
  if (decoded.count !== built.count || decoded.countries.join() !== built.countries.join() || wrong.length > 0) {
    throw new Error(`the extract does not decode to what was encoded (${wrong.join(', ') || 'count or countries'})`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { shared: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log('usage: npx tsx scripts/build-base-extract.ts [--shared DIR]   (default DIR ../shared/data/real)');
    return;
  }
  const shared = resolve(values.shared ?? defaults.shared);
  if (!existsSync(shared)) throw new Error(`${shared} not found: pass --shared DIR (the folder with geostat-popgrid-1km/ and census2021-grid-1km/)`);
  const started = performance.now();
  const provenance = [readProvenance(shared, 'geostat-popgrid-1km'), readProvenance(shared, 'census2021-grid-1km')];
  const report = newReport();
  const hash = createHash('sha256');
  const cells = await readGeostat(join(shared, defaults.geostatTiles), new Set(defaults.countries), report, hash, shared);
  await joinCensus(join(shared, defaults.censusTiles), cells, report, hash, shared);
  report.inputSha256 = hash.digest('hex');
  tallyCountries(cells, report);

  const bytes = encodeBaseCells(cells);
  assertSameCells(decodeBaseCells(bytes), cells);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  writeFileAtomic(BASE_EXTRACT_PATH, () => [bytes]);
  writeFileAtomic(defaults.sourceNote, () => [Buffer.from(sourceNote(cells, bytes.length, sha256, report, provenance))]);

  console.log(
    `${relative(PROJECT, BASE_EXTRACT_PATH)}: ${fmt(cells.count)} cells, ${fmt(bytes.length)} bytes, ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  for (const [name, r] of [...report.byCountry].sort((a, b) => b[1].t2011 - a[1].t2011)) {
    console.log(`  ${name.padEnd(6)} ${fmt(r.cells).padStart(9)} cells  2011 ${fmt(r.t2011).padStart(11)}  2021 ${fmt(r.t2021).padStart(11)}`);
  }
  console.log(
    `  2021 cell found for ${fmt(report.with2021)}, birth usable ${fmt(report.birthUsable)}, odd flags ${JSON.stringify(Object.fromEntries(report.oddFlags))}`,
  );
}

await main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
