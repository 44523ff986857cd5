// Real Eurostat Census 2021 files import with no mapping, and the pack's totals at every level equal
// sums computed straight from the inputs by independent readers (csv-parse, hyparquet).
import { createReadStream, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { asyncBufferFromFile, parquetRead } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { NO_LAU } from '../../core/grid/grid-level.ts';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { buildLauFacts } from '../../core/lau/lau-facts.ts';
import { LauSource } from '../../core/mvt/lau-source.ts';
import { latToTileY, lonToTileX } from '../../core/mvt/tile-math.ts';
import { loadPack } from '../../core/pack/pack.ts';
import { runImport } from '../../import/import.ts';
import { summarisePack } from '../../core/pack/inspect.ts';
import { d4i } from '../support/cli-run.ts';
import { HAS_SHARED, SHARED_REAL, SKIP_SHARED_REASON, tempDir } from '../support/helpers.ts';

const CHECKED = ['T', 'NAT', 'EU_OTH', 'OTH'] as const;
type Sums = Record<(typeof CHECKED)[number], number>;
const CENSUS = join(SHARED_REAL, 'census2021-grid-1km');

/** Known values only: a value whose _CI flag is set is confidential, so not part of any total. */
function addKnown(sums: Sums, get: (column: string) => number) {
  for (const c of CHECKED) if (!get(`${c}_CI`)) sums[c] += get(c);
}
const zero = (): Sums => ({ T: 0, NAT: 0, EU_OTH: 0, OTH: 0 });

async function csvSums(path: string): Promise<{ sums: Sums; cells: number }> {
  const sums = zero();
  const seen = new Set<string>(); // the city extracts repeat cells shared by two boxes
  for await (const row of createReadStream(path).pipe(parse({ columns: true }))) {
    if (seen.has(row.GRD_ID)) continue;
    seen.add(row.GRD_ID);
    addKnown(sums, (c) => Number(row[c] ?? 0));
  }
  return { sums, cells: seen.size };
}

async function parquetSums(root: string): Promise<{ sums: Sums; cells: number; rawT: number }> {
  const sums = zero();
  let cells = 0;
  let rawT = 0;
  for (const tx of readdirSync(root).filter((d) => !d.endsWith('.json'))) {
    for (const name of readdirSync(join(root, tx))) {
      const columns: Record<string, ArrayLike<unknown>> = {};
      await parquetRead({
        file: await asyncBufferFromFile(join(root, tx, name)),
        columns: [...CHECKED, ...CHECKED.map((c) => `${c}_CI`)],
        onComplete: () => undefined,
        onChunk: ({ columnName, columnData }) => (columns[columnName] = columnData),
      });
      const rows = columns.T.length;
      for (let i = 0; i < rows; i++) {
        addKnown(sums, (c) => Number(columns[c][i]));
        rawT += Number(columns.T[i]);
      }
      cells += rows;
    }
  }
  return { sums, cells, rawT };
}

function expectTotalsAtEveryLevel(levels: { res: number; totals: Record<string, number> }[], sums: Sums) {
  expect(levels.length).toBeGreaterThanOrEqual(7);
  for (const level of levels) {
    for (const c of CHECKED) expect(level.totals[c], `${c} at ${level.res} m`).toBe(sums[c]);
  }
}

describe.skipIf(!HAS_SHARED)('real Eurostat Census 2021 grid', () => {
  const dir = tempDir();

  it('nl-1km.csv imports with no mapping (through the CLI) and inspect --json totals equal the input', async () => {
    const pack = join(dir, 'nl.d4ipack');
    const imported = d4i('import', '--grid', join(CENSUS, 'nl-1km.csv'), '--out', pack);
    expect(imported.status, imported.stderr).toBe(0);
    const inspected = JSON.parse(d4i('inspect', pack, '--json').stdout);
    const { sums, cells } = await csvSums(join(CENSUS, 'nl-1km.csv'));
    expect(inspected.levels[0].cells).toBe(cells);
    expect(inspected.countries).toEqual({ NL: cells });
    expectTotalsAtEveryLevel(inspected.levels, sums);
  });

  it('the city extracts CSV imports with no mapping; totals equal the input at every level', async () => {
    const pack = join(dir, 'cities.d4ipack');
    const { report } = await runImport({ grid: [join(CENSUS, 'd4i-city-extracts-1km.csv')], out: pack });
    expect(report.errorCount).toBe(0);
    expect(report.warnings.get('repeated identical rows')).toBe(368);
    const { sums, cells } = await csvSums(join(CENSUS, 'd4i-city-extracts-1km.csv'));
    const inspected = summarisePack(pack);
    expect(inspected.levels[0].cells).toBe(cells);
    expect(Object.keys(inspected.countries).sort()).toEqual(['DE', 'ES', 'FR', 'IE', 'IT', 'NL', 'PT']);
    expectTotalsAtEveryLevel(inspected.levels, sums);
  });

  it('the whole Parquet tile set (1.9 M cells) imports with no mapping; totals equal the input at every level', { timeout: 180_000 }, async () => {
    const pack = join(dir, 'census.d4ipack');
    const { report, summary } = await runImport({ grid: [join(CENSUS, 'tiles-1000m')], out: pack });
    expect(report.errorCount).toBe(0);
    const { sums, cells, rawT } = await parquetSums(join(CENSUS, 'tiles-1000m'));
    expect(cells).toBe(1_906_023);
    expect(rawT).toBe(455_671_735); // the figure in SOURCE.md: the copy is complete
    expect(summary.cells).toBe(cells);
    const inspected = summarisePack(pack);
    expectTotalsAtEveryLevel(inspected.levels, sums);
    // flagged values are unknown, and are counted as such at every level
    for (const level of inspected.levels) expect(level.unknown.OTH).toBe(inspected.levels[0].unknown.OTH);
    expect(inspected.levels[0].unknown.OTH).toBeGreaterThan(0);
  });

  it('NL cells assigned to the real Dutch municipalities: LAU sums plus cells outside equal the total', async () => {
    const pack = join(dir, 'nl-lau.d4ipack');
    const { summary } = await runImport({
      grid: [join(CENSUS, 'nl-1km.csv')],
      lau: join(SHARED_REAL, 'boundaries/nl-gemeenten/gemeenten.geojson'),
      mapping: join(import.meta.dirname, '../fixtures/nl-gemeenten-mapping.json'),
      out: pack,
    });
    expect(summary.laus).toBe(342);
    const loaded = loadPack(pack);
    const finest = loaded.levels[0];
    let outside = 0;
    for (let i = 0; i < finest.count; i++) if (finest.lau![i] === NO_LAU) outside += finest.values.T[i];
    const inLaus = loaded.laus.values.T.reduce((s, v) => s + v, 0);
    expect(inLaus + outside).toBe(summary.totals.T);
    const rotterdam = loaded.laus.name.indexOf('Rotterdam');
    expect(loaded.laus.id[rotterdam]).toBe('GM0599');
    // CBS counts ~650,000 residents in Rotterdam; 1 km cells by centre land within 15%
    expect(loaded.laus.values.T[rotterdam]).toBeGreaterThan(550_000);
    expect(loaded.laus.values.T[rotterdam]).toBeLessThan(750_000);

    // the D4I small-town finding on real 2021 data: the flag equals the rule applied to the LAU sums
    const facts = buildLauFacts(loaded);
    const { NAT, EU_OTH, OTH, T } = loaded.laus.values;
    const small: string[] = [];
    for (let i = 0; i < loaded.laus.count; i++) {
      const share = (EU_OTH[i] + OTH[i]) / (NAT[i] + EU_OTH[i] + OTH[i]);
      const covered = (loaded.laus.unknown.OTH?.[i] ?? 0) === 0 || T[i] - (NAT[i] + EU_OTH[i] + OTH[i]) <= 0.05 * T[i];
      const expected = covered && T[i] < 10_000 && share > 0.2;
      expect(facts.smallTown[i] === 1, loaded.laus.name[i]).toBe(expected);
      if (expected) small.push(`${loaded.laus.name[i]} (${T[i]}, ${(share * 100).toFixed(1)}%)`);
    }
    console.log(`real NL (Census 2021 1 km, CBS municipalities): ${small.length} small towns with > 20% born abroad: ${small.join('; ')}`);
    expect(small.length).toBeLessThan(20); // NL has few municipalities under 10,000 residents

    // below z8 the lau layer holds just these towns, with their flag; from z8 every municipality
    const source = new LauSource(facts);
    const town = small.length ? loaded.laus.name.indexOf(small[0].replace(/ \(.*$/, '')) : -1;
    if (town >= 0) {
      const [w, s, e, n] = loaded.laus.bbox.subarray(town * 4, town * 4 + 4);
      const at = (z: number) =>
        new VectorTile(new PbfReader(source.getTile(z, Math.floor(lonToTileX((w + e) / 2, z)), Math.floor(latToTileY((s + n) / 2, z)))!)).layers.lau;
      const low = at(6);
      const names = Array.from({ length: low.length }, (_, k) => low.feature(k).properties.LAU_NAME);
      expect(names).toEqual(small.map((t) => t.replace(/ \(.*$/, '')).filter((name) => names.includes(name)));
      expect(low.feature(0).properties.small_town_high_share).toBe(true);
      expect(at(9).length).toBeGreaterThan(low.length);
    }
  });
});

describe.skipIf(HAS_SHARED)('real Eurostat Census 2021 grid', () => {
  it.skip(SKIP_SHARED_REASON, () => undefined);
});
