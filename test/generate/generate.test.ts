import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Flatbush from 'flatbush';
import pointInPolygon from 'point-in-polygon-hao';
import { describe, expect, it } from 'vitest';
import { loadPack } from '../../core/pack/pack.ts';
import { laeaToLonLat } from '../../core/grid/projection.ts';
import { generate } from '../../generate/generate.ts';
import { resolvePreset } from '../../generate/presets.ts';
import { runImport } from '../../import/import.ts';
import { tempDir } from '../support/helpers.ts';

function folderHash(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir).map((f) => [
      f,
      createHash('sha256')
        .update(readFileSync(join(dir, f)))
        .digest('hex'),
    ]),
  );
}

/** How many LAU polygons contain each finest cell's centre (point-in-polygon on the GeoJSON itself). */
function lauHits(pack: ReturnType<typeof loadPack>, geojsonPath: string): Uint8Array {
  const collection = JSON.parse(readFileSync(geojsonPath, 'utf8')) as { features: { geometry: { coordinates: number[][][][] } }[] };
  const polygons = collection.features.flatMap((f) => f.geometry.coordinates);
  const index = new Flatbush(polygons.length);
  for (const polygon of polygons) {
    const xs = polygon[0].map((p) => p[0]);
    const ys = polygon[0].map((p) => p[1]);
    index.add(Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys));
  }
  index.finish();
  const finest = pack.levels[0];
  const hits = new Uint8Array(finest.count);
  for (let i = 0; i < finest.count; i++) {
    // the cell centre in lon/lat, through the same projection the importer uses
    const e = finest.x[i] * finest.res + finest.res / 2;
    const n = finest.y[i] * finest.res + finest.res / 2;
    const [lon, lat] = laeaCentre(e, n);
    for (const k of index.search(lon, lat, lon, lat)) if (pointInPolygon([lon, lat], polygons[k]) !== false) hits[i]++;
  }
  return hits;
}

const laeaCentre = (e: number, n: number) => Array.from(laeaToLonLat(e, n)) as [number, number];

describe('d4i generate', () => {
  const dir = tempDir();

  it('is deterministic: same preset and seed, byte-identical files; another seed, other files', { timeout: 60_000 }, async () => {
    await generate({ preset: 'tiny', seed: 1, out: join(dir, 'a') });
    await generate({ preset: 'tiny', seed: 1, out: join(dir, 'b') });
    await generate({ preset: 'tiny', seed: 2, out: join(dir, 'c') });
    const a = folderHash(join(dir, 'a'));
    expect(Object.keys(a).sort()).toEqual(['D4I_DE_grid.csv.gz', 'D4I_NL_grid.csv.gz', 'README.md', 'disclosure.json', 'lau.geojson']);
    // DE and NL perturb and flag nothing: no range to state
    expect(JSON.parse(readFileSync(join(dir, 'a', 'disclosure.json'), 'utf8'))).toEqual({ suppressed: {}, secondary: {} });
    expect(folderHash(join(dir, 'b'))).toEqual(a);
    const c = folderHash(join(dir, 'c'));
    expect(c['D4I_NL_grid.csv.gz']).not.toBe(a['D4I_NL_grid.csv.gz']);
  });

  it('tiny: passes the importer with no errors, totals per country as generated, every cell in exactly one LAU', { timeout: 60_000 }, async () => {
    const out = join(dir, 'tiny');
    const summary = await generate({ preset: 'tiny', seed: 1, out });
    const files = summary.files.filter((f) => f.endsWith('.csv.gz')).map((f) => join(out, f));
    const pack = join(dir, 'tiny.d4ipack');
    const { report, summary: imported } = await runImport({ grid: files, lau: join(out, 'lau.geojson'), out: pack });
    expect(report.errorCount).toBe(0);
    expect(report.warnings.get('cells outside every LAU')).toBeUndefined();
    const generatedCells = summary.countries.reduce((s, c) => s + c.cells, 0);
    expect(imported.cells).toBe(generatedCells);
    for (const c of summary.countries) {
      expect(imported.countries[c.country]).toBe(c.cells);
      expect(c.cellsOutsideLaus).toBe(0);
    }
    // DE and NL perturb every value independently: totals move by a few persons per thousand at most
    const generatedT = summary.countries.reduce((s, c) => s + c.population, 0);
    expect(Math.abs(imported.totals.T - generatedT) / generatedT).toBeLessThan(0.01);
    expect(report.warnings.get('category sum != T (birth)')).toBeGreaterThan(0);
    const hits = lauHits(loadPack(pack), join(out, 'lau.geojson'));
    expect(hits.every((h) => h === 1)).toBe(true);
    // the README says it is synthetic and credits its sources
    const readme = readFileSync(join(out, 'README.md'), 'utf8');
    expect(readme).toMatch(/\*\*This is synthetic data\.\*\*/);
    expect(readme).toMatch(/GeoNames/);
    expect(readme).toMatch(/Natural Earth/);
    expect(readme).toMatch(/Source: Eurostat/);
  });

  it('country:IE: national totals near 2011, flags where the rule says, LAUs tile the land', { timeout: 120_000 }, async () => {
    const out = join(dir, 'ie');
    const summary = await generate({ preset: 'country:IE', seed: 3, out });
    const ie = summary.countries[0];
    expect(ie.country).toBe('IE');
    expect(Math.abs(ie.population - 4_588_252) / 4_588_252).toBeLessThan(0.02);
    expect((ie.bornEu + ie.bornNonEu) / ie.population).toBeGreaterThan(0.15);
    expect((ie.bornEu + ie.bornNonEu) / ie.population).toBeLessThan(0.19);
    // fewer foreign citizens than foreign-born
    expect(ie.citizensEu + ie.citizensNonEu).toBeLessThan(ie.bornEu + ie.bornNonEu);
    expect(ie.laus).toBeGreaterThan(3000);
    expect(ie.laus).toBeLessThan(4000);
    const pack = join(dir, 'ie.d4ipack');
    // the folder: the import reads the set's disclosure.json beside the grid file
    const { report } = await runImport({ grid: [out], lau: join(out, 'lau.geojson'), out: pack });
    expect(report.errorCount).toBe(0);
    expect(report.warnings.get('confidential values')).toBeGreaterThan(0);
    expect(report.warnings.get('category sum != T (birth)')).toBeUndefined(); // IE publishes consistent sums
    const loaded = loadPack(pack);
    expect(loaded.laus.count).toBe(ie.laus);
    expect(loaded.suppressed).toEqual({ IE: [1, 2] }); // continent values of 1 or 2 are flagged
    const hits = lauHits(loaded, join(out, 'lau.geojson'));
    const wrong = hits.filter((h) => h !== 1).length;
    expect(wrong).toBe(0);
    // LAU aggregates: every populated cell is in one, so they add up to the country
    const sumLaus = loaded.laus.values.T.reduce((s, v) => s + v, 0);
    expect(sumLaus).toBe(Array.from(loaded.levels[0].values.T).reduce((s, v) => s + v, 0));
  });

  it('resolves presets and refuses unknown ones', () => {
    expect(resolvePreset('tiny').countries).toEqual(['DE', 'NL']);
    expect(resolvePreset('europe').countries).toHaveLength(8);
    expect(resolvePreset('country:pt').countries).toEqual(['PT']);
    const rotterdam = resolvePreset('city:Rotterdam');
    expect(rotterdam.countries).toContain('NL');
    expect(rotterdam.box![2] - rotterdam.box![0]).toBe(50_000);
    expect(() => resolvePreset('country:XX')).toThrow(/unknown country "XX"/);
    expect(() => resolvePreset('city:Atlantis')).toThrow(/no place called "Atlantis"/);
    expect(() => resolvePreset('world')).toThrow(/unknown preset "world"/);
  });
});
