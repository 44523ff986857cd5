import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { findCell, NO_LAU } from '../../core/grid/grid-level.ts';
import { loadPack } from '../../core/pack/pack.ts';
import { laeaToLonLat } from '../../core/grid/projection.ts';
import { runImport } from '../../import/import.ts';
import { ImportFailed } from '../../import/report.ts';
import { summarisePack } from '../../core/pack/inspect.ts';
import { buildLauFacts } from '../../core/lau/lau-facts.ts';
import { cellIndicatorReader } from '../../core/indicators/cell-indicators.ts';
import { cellId, GRID_HEADER, tempDir, writeCsv } from '../support/helpers.ts';

const dir = tempDir();

/** 3 x 3 populated 100 m cells; cell (x, y) has T = 10 * (x + 1) + y. */
function goodRows(): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (let x = 0; x < 3; x++) {
    for (let y = 0; y < 3; y++) {
      const t = 10 * (x + 1) + y;
      rows.push([cellId(x, y), 'NL', t, t - 3, 1, 2]);
    }
  }
  return rows;
}

/** A lon/lat polygon for the EPSG:3035 box of cells [x0, x1) x [y0, y1) of the test area. */
function boxFeature(id: string, name: string, x0: number, y0: number, x1: number, y1: number) {
  const corner = (x: number, y: number) => Array.from(laeaToLonLat(3_900_000 + x * 100, 3_100_000 + y * 100));
  return {
    type: 'Feature',
    properties: { GISCO_ID: `NL_${id}`, CNTR_CODE: 'NL', LAU_ID: id, LAU_NAME: name },
    geometry: { type: 'Polygon', coordinates: [[corner(x0, y0), corner(x1, y0), corner(x1, y1), corner(x0, y1), corner(x0, y0)]] },
  };
}

async function failure(options: Parameters<typeof runImport>[0]): Promise<ImportFailed> {
  try {
    await runImport(options);
  } catch (error) {
    if (error instanceof ImportFailed) return error;
    throw error;
  }
  throw new Error('import was expected to fail');
}

describe('import: good input', () => {
  it('imports a CSV into a pack whose totals equal the input at every level', async () => {
    const grid = writeCsv(dir, 'good.csv', GRID_HEADER, goodRows());
    const out = join(dir, 'good.d4ipack');
    const { summary, report } = await runImport({ grid: [grid], out });
    expect(report.errorCount).toBe(0);
    expect(summary.cells).toBe(9);
    expect(summary.resolution).toBe(100);
    expect(summary.countries).toEqual({ NL: 9 });
    const inputT = goodRows().reduce((s, r) => s + Number(r[2]), 0);
    expect(summary.totals.T).toBe(inputT);
    const inspected = summarisePack(out);
    expect(inspected.levels).toHaveLength(10);
    for (const level of inspected.levels) {
      expect(level.totals).toMatchObject({ T: inputT, NAT: inputT - 27, EU_OTH: 9, OTH: 18 });
    }
    expect(inspected.levels[0].cells).toBe(9);
    expect(inspected.levels[9].cells).toBe(1);
  });

  it('reads ; separated and gzip files to the same data version', async () => {
    const comma = await runImport({ grid: [writeCsv(dir, 'c.csv', GRID_HEADER, goodRows())], out: join(dir, 'c.d4ipack') });
    const semi = writeCsv(dir, 's.csv', GRID_HEADER, goodRows(), ';');
    writeFileSync(join(dir, 's.csv.gz'), gzipSync(readFileSync(semi)));
    const gz = await runImport({ grid: [join(dir, 's.csv.gz')], out: join(dir, 's.d4ipack') });
    expect(gz.summary.pack!.dataVersion).toBe(comma.summary.pack!.dataVersion);
  });

  it('accepts short ids, CRLF line ends, a BOM, quoted fields and blank lines', async () => {
    const path = join(dir, 'mixed.csv');
    writeFileSync(path, '\ufeffGRD_ID,CNTR_ID,T,NAT,EU_OTH,OTH\r\n100mN31000E39000,NL,10,7,1,2\r\n\r\n"100mN31001E39000","NL",5,5,0,0\r\n');
    const { summary } = await runImport({ grid: [path], out: join(dir, 'mixed.d4ipack') });
    expect(summary.cells).toBe(2);
    expect(summary.totals.T).toBe(15);
  });

  it('keeps confidential values unknown, never zero, and counts them', async () => {
    const header = [...GRID_HEADER, 'OTH_CI', 'EU_OTH_CI'];
    const rows = [
      [cellId(0, 0), 'DE', 20, 15, 3, 2, '', ''],
      [cellId(1, 0), 'DE', 20, 15, 3, 2, -9999, 0], // OTH flagged: its 2 must not be counted
      [cellId(2, 0), 'DE', 20, 15, 3, -9999, '', 1], // value -9999 and EU flag 1: both unknown
      [cellId(3, 0), 'DE', 20, 15, '', 2, '', ''], // empty: not available
    ];
    const out = join(dir, 'ci.d4ipack');
    const { report } = await runImport({ grid: [writeCsv(dir, 'ci.csv', header, rows)], out });
    expect(report.warnings.get('confidential values')).toBe(3);
    expect(report.warnings.get('missing values')).toBe(1);
    const pack = loadPack(out);
    const finest = pack.levels[0];
    const at = (x: number) => findCell(finest, 39000 + x, 31000);
    expect(finest.values.OTH[at(1)]).toBe(0);
    expect(finest.unknown.OTH[at(1)]).toBe(1);
    expect(finest.unknown.EU_OTH[at(2)]).toBe(1);
    expect(finest.unknown.EU_OTH[at(3)]).toBe(1);
    expect(finest.unknown.OTH[at(0)]).toBe(0);
    for (const level of pack.levels) {
      const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);
      expect(sum(level.values.OTH)).toBe(4); // cells 0 and 3
      expect(sum(level.unknown.OTH)).toBe(2);
      expect(sum(level.unknown.EU_OTH)).toBe(2);
      expect(level.unknown.NAT).toBeUndefined(); // no confidential NAT anywhere: no array
    }
  });

  it("keeps what a confidential value can be, from the set's disclosure.json or the mapping, and estimates shares with it", async () => {
    const folder = join(dir, 'uk-set');
    mkdirSync(folder, { recursive: true });
    // T 40: NAT 37 published, EU_OTH and OTH confidential (1 or 2 each): 3 residents born abroad
    writeCsv(folder, 'D4I_UK_grid.csv', [...GRID_HEADER, 'EU_OTH_CI', 'OTH_CI'], [[cellId(0, 0), 'UK', 40, 37, -9999, -9999, -9999, -9999]]);
    writeFileSync(join(folder, 'disclosure.json'), JSON.stringify({ suppressed: { UK: [1, 2] } }));
    const out = join(dir, 'uk-set.d4ipack');
    await runImport({ grid: [folder], out });
    const pack = loadPack(out);
    expect(pack.suppressed).toEqual({ UK: [1, 2] });
    expect(summarisePack(out).suppressed).toEqual({ UK: [1, 2] }); // what d4i inspect shows
    const facts = buildLauFacts(pack);
    const share = cellIndicatorReader(
      facts.allIndicators.find((i) => i.id === 'share_born_abroad')!,
      pack.levels[0],
      pack.countries,
      facts.countries,
      pack.suppressed,
    );
    expect(share(0)).toBeCloseTo(3 / 40, 12);

    // the mapping's word wins; a range that is not [min, max] whole persons is refused
    const mapping = join(dir, 'uk-mapping.json');
    writeFileSync(mapping, JSON.stringify({ suppressed: { UK: [0, null] } }));
    await runImport({ grid: [folder], mapping, out });
    expect(loadPack(out).suppressed).toEqual({ UK: [0, null] });
    writeFileSync(mapping, JSON.stringify({ suppressed: { UK: [2, 1] } }));
    expect((await failure({ grid: [folder], mapping, out })).message).toMatch(/suppressed\.UK must be \[min, max\] whole persons/);
    writeFileSync(join(folder, 'disclosure.json'), '{ not json');
    expect((await failure({ grid: [folder], out })).message).toMatch(/disclosure\.json/);
  });

  it('reads flag 2 as a secondary suppression: unknown, counted apart for the top groups, its range from disclosure.json', async () => {
    const folder = join(dir, 'secondary-set');
    mkdirSync(folder, { recursive: true });
    const header = [...GRID_HEADER, 'OTH_AFR', 'NAT_CI', 'EU_OTH_CI', 'OTH_CI', 'OTH_AFR_CI'];
    const rows = [
      [cellId(0, 0), 'UK', 40, 30, 6, 4, 4, '', '', '', ''],
      [cellId(1, 0), 'UK', 40, 37, 1, 2, 2, '', 1, 2, ''], // EU_OTH primary, OTH its secondary complement
      [cellId(2, 0), 'UK', 40, 35, 3, 2, 2, '', '', '', 2], // the continent's only hidden value is a secondary
    ];
    writeCsv(folder, 'D4I_UK_grid.csv', header, rows);
    writeFileSync(join(folder, 'disclosure.json'), JSON.stringify({ suppressed: { UK: [1, 2] }, secondary: { UK: [0, null] } }));
    const out = join(dir, 'secondary-set.d4ipack');
    await runImport({ grid: [folder], out });
    const pack = loadPack(out);
    expect(pack.secondary).toEqual({ UK: [0, null] });
    expect(summarisePack(out).secondary).toEqual({ UK: [0, null] });
    const finest = pack.levels[0];
    const at = (x: number) => findCell(finest, 39000 + x, 31000);
    expect(finest.unknown.EU_OTH[at(1)]).toBe(1);
    expect(finest.unknown.OTH[at(1)]).toBe(1);
    expect(finest.secondary!.OTH[at(1)]).toBe(1);
    expect(finest.secondary!.EU_OTH?.[at(1)] ?? 0).toBe(0); // a primary, not a secondary
    expect(finest.unknown.OTH_AFR[at(2)]).toBe(1); // flag 2 alone still makes the column partly unknown
    expect(finest.unknown.OTH_AFR[at(0)]).toBe(0);
    expect(finest.values.OTH_AFR[at(2)]).toBe(0); // never counted
    expect(finest.secondary!.OTH_AFR).toBeUndefined(); // secondaries are kept for the top groups only
    expect(finest.unknown.NAT).toBeUndefined();
    const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);
    for (const level of pack.levels) expect(sum(level.secondary!.OTH)).toBe(1);
  });

  it('counts category sums that differ from T as warnings, not errors', async () => {
    const rows = [
      [cellId(0, 0), 'NL', 10, 7, 1, 1],
      [cellId(1, 0), 'NL', 10, 7, 1, 2],
    ];
    const { report, summary } = await runImport({ grid: [writeCsv(dir, 'sum.csv', GRID_HEADER, rows)], out: join(dir, 'sum.d4ipack') });
    expect(report.errorCount).toBe(0);
    expect(report.warnings.get('category sum != T (birth)')).toBe(1);
    expect(report.warningExamples.get('category sum != T (birth)')!.where).toMatch(/sum\.csv:2$/);
    expect(summary.cells).toBe(2);
  });

  it('assigns cells to LAUs by centre, counts those outside, and sums LAUs', async () => {
    const lau = join(dir, 'lau.geojson');
    writeFileSync(
      lau,
      JSON.stringify({ type: 'FeatureCollection', features: [boxFeature('GM0001', 'West', 0, 0, 2, 3), boxFeature('GM0002', 'East', 2, 0, 3, 2)] }),
    );
    const out = join(dir, 'lau.d4ipack');
    const { report, summary } = await runImport({ grid: [writeCsv(dir, 'g.csv', GRID_HEADER, goodRows())], lau, out });
    expect(summary.laus).toBe(2);
    expect(report.warnings.get('cells outside every LAU')).toBe(1); // cell (2, 2)
    const pack = loadPack(out);
    const finest = pack.levels[0];
    const lauOf = (x: number, y: number) => finest.lau![findCell(finest, 39000 + x, 31000 + y)];
    expect(lauOf(0, 0)).toBe(0);
    expect(lauOf(1, 2)).toBe(0);
    expect(lauOf(2, 1)).toBe(1);
    expect(lauOf(2, 2)).toBe(NO_LAU);
    expect(Array.from(pack.laus.cells)).toEqual([6, 2]);
    expect(Array.from(pack.laus.values.T)).toEqual([10 + 11 + 12 + 20 + 21 + 22, 30 + 31]);
    expect(pack.laus.name).toEqual(['West', 'East']);
    expect(pack.laus.giscoId).toEqual(['NL_GM0001', 'NL_GM0002']);
  });

  it('lets a cell-to-unit table win over the polygons, and maps other layouts', async () => {
    const lau = join(dir, 'gemeenten.geojson');
    const feature = (code: string, name: string, x0: number, x1: number) => {
      const f = boxFeature(code, name, x0, 0, x1, 3);
      return { ...f, properties: { gemeenteCode: code, gemeenteNaam: name } };
    };
    writeFileSync(lau, JSON.stringify({ type: 'FeatureCollection', features: [feature('GM0599', 'Rotterdam', 0, 2), feature('GM0363', 'Amsterdam', 2, 3)] }));
    const mapping = join(dir, 'mapping.json');
    writeFileSync(
      mapping,
      JSON.stringify({
        grid: { columns: { GRD_ID: 'cell', T: 'pop' } },
        lau: { LAU_ID: 'gemeenteCode', LAU_NAME: 'gemeenteNaam', CNTR_CODE: '=NL' },
        units: { GRD_ID: 'cell', LAU_ID: 'municipality' },
      }),
    );
    const grid = writeCsv(dir, 'mapped.csv', ['cell', 'CNTR_ID', 'pop', 'NAT', 'EU_OTH', 'OTH'], goodRows());
    const units = writeCsv(
      dir,
      'units.csv',
      ['cell', 'municipality'],
      [
        [cellId(0, 0), 'GM0363'],
        [cellId(1, 1), 'GM9999'],
      ],
    );
    const out = join(dir, 'units.d4ipack');
    const { report } = await runImport({ grid: [grid], lau, units, mapping, out });
    expect(report.warnings.get('units table LAUs without boundary')).toBe(1);
    const pack = loadPack(out);
    const finest = pack.levels[0];
    const lauOf = (x: number, y: number) => pack.laus.id[finest.lau![findCell(finest, 39000 + x, 31000 + y)]];
    expect(lauOf(0, 0)).toBe('GM0363'); // the table wins over the polygon (Rotterdam)
    expect(lauOf(1, 1)).toBe('GM9999');
    expect(lauOf(0, 1)).toBe('GM0599');
    expect(pack.laus.name.slice(0, 2)).toEqual(['Rotterdam', 'Amsterdam']);
    expect(pack.laus.country).toEqual(['NL', 'NL', 'NL']);
  });

  it('accepts files with different column sets: what a file lacks is unknown for its rows', async () => {
    const a = writeCsv(dir, 'birth.csv', GRID_HEADER, [[cellId(0, 0), 'IE', 10, 8, 1, 1]]);
    const b = writeCsv(dir, 'cit.csv', ['GRD_ID', 'CNTR_ID', 'T', 'C_NAT', 'C_EU_OTH', 'C_OTH'], [[cellId(5, 5), 'IE', 20, 18, 1, 1]]);
    const out = join(dir, 'two.d4ipack');
    const { summary } = await runImport({ grid: [a, b], out });
    expect(summary.totals).toMatchObject({ T: 30, NAT: 8, C_NAT: 18 });
    const finest = loadPack(out).levels[0];
    expect(Array.from(finest.unknown.NAT).sort()).toEqual([0, 1]);
    expect(Array.from(finest.unknown.C_NAT).sort()).toEqual([0, 1]);
  });

  it('keeps one of repeated identical rows (overlapping extracts) with a warning', async () => {
    const rows = [...goodRows(), goodRows()[4]];
    const { summary, report } = await runImport({ grid: [writeCsv(dir, 'rep.csv', GRID_HEADER, rows)], out: join(dir, 'rep.d4ipack') });
    expect(summary.cells).toBe(9);
    expect(report.warnings.get('repeated identical rows')).toBe(1);
  });
});

describe('import: bad input gets a clear error and leaves no pack', () => {
  const out = join(dir, 'kept.d4ipack');
  let goodBytes: Buffer;

  async function expectFailure(name: string, content: string | Buffer, pattern: RegExp, kind: string) {
    if (!goodBytes) {
      await runImport({ grid: [writeCsv(dir, 'seed.csv', GRID_HEADER, goodRows())], out });
      goodBytes = readFileSync(out);
    }
    const path = join(dir, name);
    writeFileSync(path, content);
    const error = await failure({ grid: [path], out });
    expect(error.message).toMatch(/no pack written/);
    expect(error.report.errors.get(kind), `${kind} in ${JSON.stringify(error.report.toJSON())}`).toBeGreaterThan(0);
    const shown = error.report.format();
    expect(shown).toMatch(pattern);
    expect(readFileSync(out).equals(goodBytes)).toBe(true); // the older pack is untouched
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    // and a fresh path gets no pack at all
    await failure({ grid: [path], out: join(dir, `${name}.d4ipack`) });
    expect(existsSync(join(dir, `${name}.d4ipack`))).toBe(false);
    return error;
  }

  const csv = (...lines: string[]) => `${[GRID_HEADER.join(','), ...lines].join('\n')}\n`;

  it('a bad id', () =>
    expectFailure(
      'bad-id.csv',
      csv(`${cellId(0, 0)},NL,1,1,0,0`, 'CRS3035RES100mN31000X39000,NL,1,1,0,0'),
      /bad-id\.csv:3: GRD_ID "CRS3035RES100mN31000X39000" is not an EPSG:3035 grid id/,
      'bad id',
    ));

  it('a cell not aligned to its grid', () =>
    expectFailure('unaligned.csv', csv('CRS3035RES100mN3100050E3900000,NL,1,1,0,0'), /unaligned\.csv:2: .*not aligned to the 100m grid/, 'bad id'));

  it('an unknown country', () =>
    expectFailure('country.csv', csv(`${cellId(0, 0)},XX,1,1,0,0`), /country\.csv:2: CNTR_ID "XX" has unknown country code "XX"/, 'unknown country'));

  it('a duplicate cell', () =>
    expectFailure(
      'dup.csv',
      csv(`${cellId(0, 0)},NL,1,1,0,0`, `${cellId(1, 0)},NL,1,1,0,0`, `${cellId(0, 0)},NL,5,5,0,0`),
      /dup\.csv:4: CRS3035RES100mN3100000E3900000 already given with other figures at .*dup\.csv:2/,
      'duplicate cell',
    ));

  it('a negative count', () =>
    expectFailure('neg.csv', csv(`${cellId(0, 0)},NL,4,5,0,-1`), /neg\.csv:2: OTH is -1: counts cannot be negative/, 'negative count'));

  it('a non-numeric count', () => expectFailure('nan.csv', csv(`${cellId(0, 0)},NL,4,abc,0,0`), /nan\.csv:2: NAT "abc" is not a number/, 'not a number'));

  it('a fractional count', () => expectFailure('frac.csv', csv(`${cellId(0, 0)},NL,4.5,4,0,0`), /frac\.csv:2: T "4\.5" is not a whole number/, 'not a number'));

  it('a missing required column', () =>
    expectFailure(
      'nocol.csv',
      `GRD_ID,CNTR_ID,NAT\n${cellId(0, 0)},NL,4\n`,
      /nocol\.csv: missing required column T \(header: GRD_ID, CNTR_ID, NAT\)/,
      'missing column',
    ));

  it('a truncated CSV', () =>
    expectFailure(
      'cut.csv',
      `${csv(`${cellId(0, 0)},NL,4,4,0,0`).slice(0, -1)}\n${cellId(1, 0)},NL,4`,
      /cut\.csv:3: has 3 fields, the header has 6 \(truncated or malformed line\)/,
      'wrong field count',
    ));

  it('a truncated gzip file', () => {
    const gz = gzipSync(Buffer.from(csv(...goodRows().map((r) => r.join(',')))));
    return expectFailure(
      'cut.csv.gz',
      gz.subarray(0, gz.length - 12),
      /cut\.csv\.gz:\d+: unexpected end of file \(truncated or corrupt file\?\)/,
      'unreadable file',
    );
  });

  it('a gzip that fails its checksum, or ends early, even with --skip-invalid', async () => {
    const gz = gzipSync(Buffer.from(csv(...goodRows().map((r) => r.join(',')))));
    const badCrc = Buffer.from(gz);
    badCrc[badCrc.length - 8] ^= 0xff; // the CRC-32 in the trailer
    for (const [name, bytes] of [
      ['crc.csv.gz', badCrc],
      ['short.csv.gz', gz.subarray(0, gz.length - 12)],
    ] as const) {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      const out = join(dir, `${name}.d4ipack`);
      const error = await failure({ grid: [path], out, skipInvalid: true });
      expect(error.message, name).toMatch(/--skip-invalid drops bad rows, never a bad file/);
      expect(error.report.format(), name).toMatch(new RegExp(`${name.replace(/\./g, '\\.')}:\\d+: .*\\(truncated or corrupt file\\?\\)`));
      expect(existsSync(out), name).toBe(false);
    }
  });

  it('a bad confidentiality flag', async () => {
    const path = writeCsv(dir, 'flag.csv', [...GRID_HEADER, 'OTH_CI'], [[cellId(0, 0), 'NL', 4, 4, 0, 0, 'yes']]);
    const error = await failure({ grid: [path], out: join(dir, 'flag.d4ipack') });
    expect(error.report.format()).toMatch(/flag\.csv:2: OTH_CI is "yes"/);
  });

  it('mixed resolutions', async () => {
    const path = writeCsv(dir, 'res.csv', GRID_HEADER, [
      [cellId(0, 0), 'NL', 1, 1, 0, 0],
      [cellId(0, 0, 1000), 'NL', 1, 1, 0, 0],
    ]);
    const error = await failure({ grid: [path], out: join(dir, 'res.d4ipack') });
    expect(error.report.format()).toMatch(/res\.csv:3: GRD_ID ".*" is a 1km cell; this import is at 100m/);
  });

  it('a missing file and a folder without grid files', async () => {
    expect((await failure({ grid: [join(dir, 'nope.csv')], out: join(dir, 'x.d4ipack') })).message).toMatch(/nope\.csv does not exist/);
    expect((await failure({ grid: [join(dir, '..', readdirSync(join(dir, '..'))[0], 'missing-dir')], out: join(dir, 'x.d4ipack') })).message).toMatch(
      /does not exist/,
    );
  });

  it('shows the first 20 errors and counts them all; --skip-invalid imports the rest', async () => {
    const rows = goodRows();
    for (let k = 0; k < 25; k++) rows.push([`bad${k}`, 'NL', 1, 1, 0, 0]);
    const path = writeCsv(dir, 'many.csv', GRID_HEADER, rows);
    const error = await failure({ grid: [path], out: join(dir, 'many.d4ipack') });
    expect(error.report.errorCount).toBe(25);
    expect(error.report.shownErrors).toHaveLength(20);
    expect(error.report.format()).toMatch(/errors: 25\n {2}bad id: 25\nfirst 20:/);
    const { summary, report } = await runImport({ grid: [path], out: join(dir, 'many.d4ipack'), skipInvalid: true });
    expect(summary.cells).toBe(9);
    expect(summary.skippedRows).toBe(25);
    expect(report.errorCount).toBe(25);
  });

  it('bad LAU boundaries', async () => {
    const lau = join(dir, 'bad.geojson');
    writeFileSync(lau, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'x' }, geometry: null }] }));
    const error = await failure({ grid: [writeCsv(dir, 'l.csv', GRID_HEADER, goodRows())], lau, out: join(dir, 'l.d4ipack') });
    expect(error.report.format()).toMatch(/feature 1 has no LAU_ID \(properties: name\)/);
    writeFileSync(lau, '{"type": "FeatureCollection", "features": [');
    const broken = await failure({ grid: [writeCsv(dir, 'l.csv', GRID_HEADER, goodRows())], lau, out: join(dir, 'l.d4ipack') });
    expect(broken.report.format()).toMatch(/not readable GeoJSON/);
  });
});
