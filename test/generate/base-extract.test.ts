// The committed base extract (real 1 km figures for the generator): the codec round-trips, the file
// loads fast and matches its SOURCE.md, and, when ../shared is present, its values equal the Parquet
// tiles it was built from, read here independently with hyparquet.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { asyncBufferFromFile, parquetRead } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { allocateBaseCells, BASE_EXTRACT_PATH, decodeBaseCells, encodeBaseCells, loadBaseExtract, type BaseCells } from '../../generate/base-extract.ts';
import { HAS_SHARED, SHARED_REAL, SKIP_SHARED_REASON, tempDir } from '../support/helpers.ts';

const D4I_2011 = ['FR', 'DE', 'IE', 'IT', 'NL', 'PT', 'ES'];
const COLUMNS = ['x', 'y', 'country', 't2011', 't2021', 'nat2021', 'eu2021', 'oth2021', 'birth2021'] as const;
const REBUILD_HINT = 'run npx tsx scripts/build-base-extract.ts';

/** A hand-made set: border countries, row starts left of the previous row, gaps, extremes, perturbed sums. */
function handMade(): BaseCells {
  const rows = [
    // x, y, country, t2011, t2021, nat, eu, oth, birth
    [4000, 1, 0, 5, 0, 0, 0, 0, 0],
    [4001, 1, 1, 0, 3, 1, 1, 1, 1],
    [4010, 1, 2, 56_034, 60_000, 40_000, 9_000, 11_500, 1], // NAT + EU + OTH = T + 500 (perturbed)
    [3990, 2, 0, 7, 12, 0, 0, 0, 0], // row starts left of the previous row's start
    [3991, 2, 0, 1, 9, 9, 0, 7, 1], // NAT + EU + OTH = T + 7
    [0, 900, 1, 0xffffffff, 0xffffffff, 0, 0xffffffff, 0xffffffff, 1], // extremes: residual far below zero
    [65_535, 900, 2, 1, 2, 0xffffffff, 0, 0, 1], // residual far above zero
    [17, 5000, 2, 3, 0, 0, 0, 0, 0],
    [18, 5000, 0, 4, 4, 4, 0, 0, 1],
  ];
  const cells = allocateBaseCells(rows.length, ['FR', 'NL-DE', 'CH-DE-FR']);
  for (const [i, row] of rows.entries()) for (const [c, name] of COLUMNS.entries()) cells[name][i] = row[c];
  return cells;
}

function expectSameCells(actual: BaseCells, expected: BaseCells) {
  expect(actual.count).toBe(expected.count);
  expect(actual.countries).toEqual(expected.countries);
  for (const name of COLUMNS) {
    expect(actual[name].constructor, name).toBe(expected[name].constructor);
    expect(Array.from(actual[name]), name).toEqual(Array.from(expected[name]));
  }
}

/** Index of cell (x, y) in cells sorted by (y, x), or -1. */
function findCell(cells: BaseCells, x: number, y: number): number {
  let lo = 0;
  let hi = cells.count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const d = cells.y[mid] - y || cells.x[mid] - x;
    if (d === 0) return mid;
    if (d < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

const pureTotals = (cells: BaseCells): Map<string, number> => {
  const totals = new Map<string, number>();
  for (let i = 0; i < cells.count; i++) {
    const name = cells.countries[cells.country[i]];
    totals.set(name, (totals.get(name) ?? 0) + cells.t2011[i]);
  }
  return totals;
};

describe('base extract codec', () => {
  it('round-trips a hand-made set exactly, with the same bytes every time', () => {
    const cells = handMade();
    const bytes = encodeBaseCells(cells);
    expectSameCells(decodeBaseCells(bytes), cells);
    expect(Buffer.compare(encodeBaseCells(handMade()), bytes)).toBe(0);
    expect(Buffer.compare(encodeBaseCells(decodeBaseCells(bytes)), bytes)).toBe(0);
  });

  it('round-trips an empty set', () => {
    const empty = allocateBaseCells(0, []);
    expectSameCells(decodeBaseCells(encodeBaseCells(empty)), empty);
  });

  it('refuses cells out of (y, x) order, duplicates, bad country indexes and bits', () => {
    const swapped = handMade();
    [swapped.x[0], swapped.x[1]] = [swapped.x[1], swapped.x[0]];
    expect(() => encodeBaseCells(swapped)).toThrow(/not sorted by \(y, x\).*index 1/);
    const twice = handMade();
    twice.x[1] = twice.x[0];
    expect(() => encodeBaseCells(twice)).toThrow(/without duplicates/);
    const country = handMade();
    country.country[2] = 3;
    expect(() => encodeBaseCells(country)).toThrow(/country index 3/);
    const bit = handMade();
    bit.birth2021[0] = 2;
    expect(() => encodeBaseCells(bit)).toThrow(/birth2021/);
  });

  it('refuses truncated, padded and foreign payloads', () => {
    const payload = gunzipSync(encodeBaseCells(handMade()));
    expect(() => decodeBaseCells(gzipSync(payload.subarray(0, payload.length - 3)))).toThrow(/truncated/);
    expect(() => decodeBaseCells(gzipSync(Buffer.concat([payload, Buffer.from([0])])))).toThrow(/unexpected bytes/);
    const wrongMagic = Buffer.from(payload);
    wrongMagic[0] = 0x58;
    expect(() => decodeBaseCells(gzipSync(wrongMagic))).toThrow(/wrong magic/);
    const wrongVersion = Buffer.from(payload);
    wrongVersion[8] = 9;
    expect(() => decodeBaseCells(gzipSync(wrongVersion))).toThrow(/format version 9/);
  });

  it('says how to rebuild when the file is missing or corrupt', () => {
    const dir = tempDir();
    expect(() => loadBaseExtract(join(dir, 'none.bin.gz'))).toThrow(`missing; ${REBUILD_HINT}`);
    const bytes = encodeBaseCells(handMade());
    const truncated = join(dir, 'truncated.bin.gz');
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 10));
    expect(() => loadBaseExtract(truncated)).toThrow(new RegExp(`corrupt: not a complete gzip stream.*${REBUILD_HINT}`));
    const flipped = join(dir, 'flipped.bin.gz');
    const copy = Buffer.from(bytes);
    copy[copy.length - 8] ^= 0xff; // the gzip trailer's CRC-32
    writeFileSync(flipped, copy);
    expect(() => loadBaseExtract(flipped)).toThrow(REBUILD_HINT);
  });
});

const started = performance.now();
const committed = loadBaseExtract();
const loadMs = performance.now() - started;

describe('committed base extract', () => {
  const cells = committed;
  const note = readFileSync(join(BASE_EXTRACT_PATH, '../SOURCE.md'), 'utf8');

  it('loads fast into typed arrays', () => {
    console.log(`base extract: ${cells.count} cells decoded in ${loadMs.toFixed(0)} ms`);
    expect(loadMs).toBeLessThan(2000); // ~150 ms on the project's machine; generous for a busy test run
    expect(cells.t2011).toBeInstanceOf(Uint32Array);
    expect(cells.country).toBeInstanceOf(Uint16Array);
    expect(cells.birth2021).toBeInstanceOf(Uint8Array);
  });

  it('is the file its SOURCE.md describes', () => {
    const bytes = readFileSync(BASE_EXTRACT_PATH);
    expect(bytes.length).toBeLessThan(8e6);
    expect(note).toContain(`${cells.count.toLocaleString('en-US')} cells, ${bytes.length.toLocaleString('en-US')} bytes`);
    expect(note).toContain(`SHA-256 \`${createHash('sha256').update(bytes).digest('hex')}\``);
    expect(note).toContain('Source: Eurostat, GEOSTAT 2011 and Census 2021 population grids');
    // decoding and encoding again gives the same payload (the gzip stream may differ between zlib builds)
    expect(Buffer.compare(gunzipSync(encodeBaseCells(cells)), gunzipSync(bytes))).toBe(0);
  });

  it('holds about a million cells sorted by (y, x), each naming a D4I country', () => {
    expect(cells.count).toBeGreaterThan(900_000);
    expect(cells.count).toBeLessThan(1_100_000);
    let sorted = true;
    let [minX, maxX] = [Infinity, 0];
    for (let i = 0; i < cells.count; i++) {
      if (i > 0 && (cells.y[i] < cells.y[i - 1] || (cells.y[i] === cells.y[i - 1] && cells.x[i] <= cells.x[i - 1]))) sorted = false;
      minX = Math.min(minX, cells.x[i]);
      maxX = Math.max(maxX, cells.x[i]);
    }
    expect(sorted).toBe(true);
    for (const name of cells.countries)
      expect(
        name.split('-').some((code) => D4I_2011.includes(code)),
        name,
      ).toBe(true);
    expect(cells.countries).toEqual(expect.arrayContaining([...D4I_2011, 'NL-DE', 'BE-FR']));
    // EPSG:3035 km: from the Azores and the Canaries (x, y ~ 950) to the Oder and Sylt
    expect(minX).toBeGreaterThan(900);
    expect(maxX).toBeLessThan(5100);
    expect(cells.y[0]).toBeGreaterThan(900);
    expect(cells.y[cells.count - 1]).toBeLessThan(4000);
  });

  it('has the 2011 totals of the seven countries (pure cells) within 3%', () => {
    const totals = pureTotals(cells);
    const expected: Record<string, number> = { DE: 79.0e6, FR: 62.0e6, IT: 59.1e6, ES: 46.6e6, NL: 16.2e6, PT: 10.5e6, IE: 4.5e6 };
    for (const [name, total] of Object.entries(expected)) {
      expect(Math.abs(totals.get(name)! / total - 1), name).toBeLessThan(0.03);
    }
  });

  it('has 2021 place of birth that adds up to T in FR, IT, PT, IE and is usable almost everywhere', () => {
    const exact = new Set(['FR', 'IT', 'PT', 'IE'].map((name) => cells.countries.indexOf(name)));
    let usable = 0;
    let mismatches = 0;
    for (let i = 0; i < cells.count; i++) {
      if (!cells.birth2021[i]) continue;
      usable++;
      if (exact.has(cells.country[i]) && cells.nat2021[i] + cells.eu2021[i] + cells.oth2021[i] !== cells.t2021[i]) mismatches++;
    }
    expect(mismatches).toBe(0);
    expect(usable / cells.count).toBeGreaterThan(0.9);
  });
});

/** Whole columns of one Parquet file (row groups joined). */
async function readTile(path: string, columns: string[]): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  await parquetRead({
    file: await asyncBufferFromFile(path),
    columns,
    onChunk({ columnName, columnData, rowStart }) {
      out[columnName] ??= [];
      const target = out[columnName];
      for (let i = 0; i < columnData.length; i++) target[rowStart + i] = columnData[i];
    },
  });
  return out;
}

const keptCountry = (name: unknown) => typeof name === 'string' && name.split('-').some((code) => D4I_2011.includes(code));

describe.skipIf(!HAS_SHARED)('base extract against the Eurostat Parquet tiles', () => {
  const cells = committed;
  const GEOSTAT = join(SHARED_REAL, 'geostat-popgrid-1km/2011/1000');
  const CENSUS = join(SHARED_REAL, 'census2021-grid-1km/tiles-1000m');

  // Rome (IT-VA), the NL-DE border, Dublin (IE-UK), Gibraltar (GI-ES)
  it.each([
    [8, 4],
    [7, 6],
    [6, 6],
    [5, 3],
  ])('GEOSTAT tile %i/%i: every kept cell, with its T and CNTR_ID, and nothing else', async (tx, ty) => {
    const tile = await readTile(join(GEOSTAT, `${tx}`, `${ty}.parquet`), ['x', 'y', 'T', 'CNTR_ID']);
    let kept = 0;
    for (let r = 0; r < tile.T.length; r++) {
      const i = findCell(cells, tx * 512 + Number(tile.x[r]), ty * 512 + Number(tile.y[r]));
      if (!keptCountry(tile.CNTR_ID[r])) {
        expect(i).toBe(-1);
        continue;
      }
      kept++;
      expect(i).toBeGreaterThanOrEqual(0);
      expect(cells.t2011[i]).toBe(Number(tile.T[r]));
      expect(cells.countries[cells.country[i]]).toBe(tile.CNTR_ID[r]);
    }
    let inside = 0;
    for (let i = 0; i < cells.count; i++) {
      if (Math.floor(cells.x[i] / 512) === tx && Math.floor(cells.y[i] / 512) === ty) inside++;
    }
    expect(kept).toBeGreaterThan(0);
    expect(inside).toBe(kept);
  });

  // Alsace/Basel and the Oder (confidential values), Randstad, Dublin (IE-UK cells without 2021 data)
  it.each([
    [15, 11],
    [18, 12],
    [15, 12],
    [12, 13],
  ])('Census tile %i/%i: 2021 counts and the usable bit of every kept cell', async (tx, ty) => {
    const names = ['T', 'NAT', 'EU_OTH', 'OTH'];
    const tile = await readTile(join(CENSUS, `${tx}`, `${ty}.parquet`), ['x', 'y', ...names, ...names.map((n) => `${n}_CI`)]);
    const matched = new Set<number>();
    let flagged = 0;
    for (let r = 0; r < tile.T.length; r++) {
      const i = findCell(cells, tx * 256 + Number(tile.x[r]), ty * 256 + Number(tile.y[r]));
      if (i < 0) continue;
      matched.add(i);
      const published = (n: string) => Number(tile[`${n}_CI`][r]) === 0;
      const value = (n: string) => (published(n) ? Number(tile[n][r]) : 0);
      expect([cells.t2021[i], cells.nat2021[i], cells.eu2021[i], cells.oth2021[i]]).toEqual(names.map(value));
      const usable = published('NAT') && published('EU_OTH') && published('OTH');
      if (!usable) flagged++;
      expect(cells.birth2021[i]).toBe(usable ? 1 : 0);
    }
    expect(matched.size).toBeGreaterThan(0);
    let absent = 0;
    for (let i = 0; i < cells.count; i++) {
      if (Math.floor(cells.x[i] / 256) !== tx || Math.floor(cells.y[i] / 256) !== ty || matched.has(i)) continue;
      absent++;
      expect([cells.t2021[i], cells.nat2021[i], cells.eu2021[i], cells.oth2021[i], cells.birth2021[i]]).toEqual([0, 0, 0, 0, 0]);
    }
    if (tx === 15 && ty === 11) expect(flagged).toBeGreaterThan(0);
    if (tx === 12 && ty === 13) expect(absent).toBeGreaterThan(0);
  });

  it('sums T2011 per CNTR_ID exactly as the GEOSTAT files do', { timeout: 120_000 }, async () => {
    const sums = new Map<string, { cells: number; t: number }>();
    for (const tx of readdirSync(GEOSTAT).filter((name) => /^\d+$/.test(name))) {
      for (const file of readdirSync(join(GEOSTAT, tx))) {
        const tile = await readTile(join(GEOSTAT, tx, file), ['T', 'CNTR_ID']);
        for (let r = 0; r < tile.T.length; r++) {
          const name = tile.CNTR_ID[r] as string;
          if (!keptCountry(name)) continue;
          const sum = sums.get(name) ?? { cells: 0, t: 0 };
          sum.cells++;
          sum.t += Number(tile.T[r]);
          sums.set(name, sum);
        }
      }
    }
    const extract = new Map<string, { cells: number; t: number }>();
    for (let i = 0; i < cells.count; i++) {
      const name = cells.countries[cells.country[i]];
      const sum = extract.get(name) ?? { cells: 0, t: 0 };
      sum.cells++;
      sum.t += cells.t2011[i];
      extract.set(name, sum);
    }
    expect(Object.fromEntries(extract)).toEqual(Object.fromEntries(sums));
  });
});

describe.skipIf(HAS_SHARED)('base extract against the Eurostat Parquet tiles', () => {
  it.skip(SKIP_SHARED_REASON, () => undefined);
});
