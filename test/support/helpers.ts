// Shared test helpers: temp folders, small CSV fixtures, and the optional real data in ../shared.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll } from 'vitest';

export const PROJECT = resolve(import.meta.dirname, '../..');
export const SHARED_REAL = resolve(PROJECT, '../shared/data/real');
export const HAS_SHARED = existsSync(SHARED_REAL);
/** A python3 for the helper scripts in test/support (the slow HTTP client): Debian's, else the first on PATH. */
export const PYTHON = ['/usr/bin/python3', 'python3'].find((python) => spawnSync(python, ['-c', '']).status === 0);

export const SKIP_SHARED_REASON = `real data not found at ${SHARED_REAL}: tests on real Eurostat files skipped`;

/** A temp folder removed after the file's tests. */
export function tempDir(prefix = 'd4i-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Write a CSV from a header line and rows (arrays joined by `delimiter`). */
export function writeCsv(dir: string, name: string, header: string[], rows: (string | number)[][], delimiter = ','): string {
  const path = join(dir, name);
  writeFileSync(path, `${[header.join(delimiter), ...rows.map((r) => r.join(delimiter))].join('\n')}\n`);
  return path;
}

export const GRID_HEADER = ['GRD_ID', 'CNTR_ID', 'T', 'NAT', 'EU_OTH', 'OTH'];

/** The id of the cell (x, y) cells east and north of a corner near Rotterdam (3,900 km E, 3,100 km N). */
export function cellId(x: number, y: number, res = 100): string {
  return `CRS3035RES${res}mN${3_100_000 + y * res}E${3_900_000 + x * res}`;
}

/** Generate the tiny synthetic preset and import it (with its LAUs) into `dir`; returns the pack path. */
export function buildTinyPack(dir: string, seed = 1): Promise<string> {
  return buildPresetPack(dir, 'tiny', seed);
}

/** Generate a synthetic preset (tiny, city:Ballyhaunis ...) and import it with its LAUs; returns the pack path. */
export async function buildPresetPack(dir: string, preset: string, seed = 1): Promise<string> {
  const { generate } = await import('../../generate/generate.ts');
  const { runImport } = await import('../../import/import.ts');
  const name = `${preset.replace(/[^a-z0-9]+/gi, '-')}-${seed}`;
  const out = join(dir, name);
  const summary = await generate({ preset, seed, out });
  const pack = join(dir, `${name}.d4ipack`);
  const grid = summary.files.filter((f) => f.endsWith('.csv.gz')).map((f) => join(out, f));
  await runImport({ grid, lau: join(out, 'lau.geojson'), out: pack, synthetic: true, attribution: 'Synthetic test data' });
  return pack;
}

/** 120,000 populated cells, each its own unit: a LAU CSV of ~11 MB, more than the loopback socket buffers hold. */
export async function buildManyUnitsPack(dir: string): Promise<string> {
  const { runImport } = await import('../../import/import.ts');
  const rows: (string | number)[][] = [];
  const units: string[][] = [];
  for (let k = 0; k < 120_000; k++) {
    const id = cellId(k % 400, Math.floor(k / 400));
    rows.push([id, 'IE', 10 + (k % 7), 7, 2, 1 + (k % 7)]);
    units.push([id, `U${k}`, `IE_U${k}`]);
  }
  const grid = writeCsv(dir, 'grid.csv', GRID_HEADER, rows);
  const table = writeCsv(dir, 'units.csv', ['GRD_ID', 'LAU_ID', 'GISCO_ID'], units);
  const out = join(dir, 'units.d4ipack');
  await runImport({ grid: [grid], units: table, out, synthetic: true, attribution: 'Synthetic test data' });
  return out;
}
