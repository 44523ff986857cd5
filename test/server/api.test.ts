import { ckmeans } from 'simple-statistics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayCountry } from '../../core/grid/countries.ts';
import { formatGridId } from '../../core/grid/grid-id.ts';
import { NO_LAU } from '../../core/grid/grid-level.ts';
import { LANGUAGES } from '../../core/indicators/languages.ts';
import { type GridPack, levelAt, loadPack } from '../../core/pack/pack.ts';
import { laeaToLonLat } from '../../core/grid/projection.ts';
import type { RunningServer } from '../../server/serve.ts';
import { buildTinyPack, tempDir } from '../support/helpers.ts';
import { http } from '../support/http-client.ts';
import { startTestServer } from '../support/test-server.ts';

let running: RunningServer;
let base: string;
let pack: GridPack;
const get = async (path: string) => {
  const res = await http(`${base}${path}`);
  return { status: res.status, body: res.json(), headers: res.headers };
};

beforeAll(async () => {
  const file = await buildTinyPack(tempDir(), 1);
  pack = loadPack(file);
  running = await startTestServer(file);
  base = running.url.replace(/\/$/, '');
}, 60_000);
afterAll(() => running?.close());

/** Shares born abroad of the finest cells, computed here from the pack's arrays. */
function finestShares(): number[] {
  const { NAT, EU_OTH, OTH } = pack.levels[0].values;
  const out: number[] = [];
  for (let i = 0; i < pack.levels[0].count; i++) {
    const t = NAT[i] + EU_OTH[i] + OTH[i];
    if (t > 0) out.push((EU_OTH[i] + OTH[i]) / t);
  }
  return out.sort((a, b) => a - b);
}

describe('/api/indicators', () => {
  it('lists each indicator with formula, unit, palette and labels in seven languages', async () => {
    const { status, body } = await get('/api/indicators');
    expect(status).toBe(200);
    const ids = body.indicators.map((i: { id: string }) => i.id);
    for (const id of [
      'share_born_abroad',
      'share_born_eu',
      'share_born_non_eu',
      'share_born_afr',
      'share_foreign_citizens',
      'T',
      'density',
      'lq_born_abroad',
      'diversity_birth',
      'dissimilarity_birth',
      'isolation_birth',
      'theil_birth',
    ]) {
      expect(ids).toContain(id);
    }
    for (const ind of body.indicators) {
      expect(ind.formula).toMatch(/\w/);
      expect(ind.palette).toMatch(/\w/);
      expect(Object.keys(ind.labels).sort()).toEqual([...LANGUAGES].sort());
      expect(Object.values(ind.labels).every((l) => typeof l === 'string' && l.length > 2)).toBe(true);
      expect(Object.keys(ind.unit).sort()).toEqual([...LANGUAGES].sort());
    }
    const share = body.indicators.find((i: { id: string }) => i.id === 'share_born_abroad');
    expect(share.labels.fr).not.toBe(share.labels.en);
    expect(new Set(body.indicators.map((i: { labels: { de: string } }) => i.labels.de)).size).toBe(body.indicators.length);
    const fr = await get('/api/indicators?lang=fr');
    expect(fr.body.indicators.find((i: { id: string }) => i.id === 'share_born_abroad').label).toBe(share.labels.fr);
    expect((await get('/api/indicators?lang=xx')).status).toBe(400);
  });
});

describe('/api/breaks', () => {
  it('quantile classes hold near-equal counts; Jenks equals simple-statistics ckmeans; equal intervals are equal', async () => {
    const values = finestShares();
    const q = await get('/api/breaks?indicator=share_born_abroad&method=quantile&classes=5&level=100');
    expect(q.status).toBe(200);
    expect(q.body.n).toBe(values.length);
    expect(q.body.counts.reduce((a: number, b: number) => a + b, 0)).toBe(values.length);
    // each break is its quantile (ties among small cells' shares may merge classes): at most k/5 of the
    // values lie below the k-th break and at least k/5 at or below it
    expect(q.body.breaks.length).toBeGreaterThanOrEqual(3);
    for (const b of q.body.breaks) {
      const below = values.filter((v) => v < b).length;
      const upTo = values.filter((v) => v <= b).length;
      const k = Math.round((upTo / values.length) * 5);
      expect(below / values.length).toBeLessThanOrEqual(k / 5 + 1e-9);
      expect(upTo / values.length).toBeGreaterThanOrEqual(k / 5 - 1 / values.length);
    }

    const j = await get('/api/breaks?indicator=share_born_abroad&method=jenks&classes=6&level=100');
    const clusters = ckmeans(values, 6);
    expect(j.body.breaks).toEqual(clusters.slice(1).map((c) => c[0]));
    expect(j.body.counts).toEqual(clusters.map((c) => c.length));

    const e = await get('/api/breaks?indicator=share_born_abroad&method=equal&classes=4&level=100');
    const step = (values[values.length - 1] - values[0]) / 4;
    for (const [k, b] of (e.body.breaks as number[]).entries()) expect(b).toBeCloseTo(values[0] + step * (k + 1), 9);
  });

  it('works at a zoom, over LAUs and inside a box; refuses bad parameters', async () => {
    const zoom = await get('/api/breaks?indicator=share_born_abroad&zoom=9');
    expect(zoom.body.level).toBe('1km');
    const km = levelAt(pack, 1000)!;
    let known = 0;
    for (let i = 0; i < km.count; i++) if (km.values.NAT[i] + km.values.EU_OTH[i] + km.values.OTH[i] > 0) known++;
    expect(zoom.body.n).toBe(known);
    const lau = await get('/api/breaks?indicator=dissimilarity_birth&level=lau&classes=3');
    expect(lau.status).toBe(200);
    expect(lau.body.level).toBe('lau');
    const [w, s, e, n] = pack.bounds.lonLat;
    const half = await get(`/api/breaks?indicator=T&level=100&bbox=${w},${s},${(w + e) / 2},${n}`);
    expect(half.body.n).toBeGreaterThan(0);
    expect(half.body.n).toBeLessThan(pack.levels[0].count);
    for (const [query, reason] of [
      ['indicator=share_born_abroad&classes=2', /from 3 to 9/],
      ['indicator=share_born_abroad&classes=10', /from 3 to 9/],
      ['indicator=share_born_abroad&method=kmeans', /one of nice, quantile, jenks, equal/],
      ['indicator=nope', /unknown indicator "nope"/],
      ['', /"indicator" is required/],
      ['indicator=share_born_abroad&level=300', /no level of "300"/],
      ['indicator=share_born_abroad&level=100&zoom=3', /not both/],
      ['indicator=dissimilarity_birth&level=100', /describes laus, not cells/],
      ['indicator=share_born_abroad&bbox=1,2,3', /west,south,east,north/],
      ['indicator=share_born_abroad&colour=red', /unknown parameter "colour"/],
    ] as const) {
      const res = await get(`/api/breaks?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error, query).toMatch(reason);
    }
  });
});

describe('/api/laus and /api/small-towns', () => {
  it('LAU aggregates sum to country totals, with the cells outside LAUs counted apart', async () => {
    const all = await get('/api/laus?limit=1000');
    expect(all.body.total).toBe(pack.laus.count);
    const finest = pack.levels[0];
    for (const column of ['T', 'NAT', 'EU_OTH', 'OTH', 'C_NAT', 'C_EU_OTH', 'C_OTH']) {
      const perCountry = new Map<string, number>();
      for (const item of all.body.items) perCountry.set(item.country, (perCountry.get(item.country) ?? 0) + item[column]);
      for (let i = 0; i < finest.count; i++) {
        if (finest.lau![i] !== NO_LAU) continue;
        const c = displayCountry(pack.countries[finest.country[i]]);
        perCountry.set(c, (perCountry.get(c) ?? 0) + finest.values[column][i]);
      }
      const truth = new Map<string, number>();
      for (let i = 0; i < finest.count; i++) {
        const c = displayCountry(pack.countries[finest.country[i]]);
        truth.set(c, (truth.get(c) ?? 0) + finest.values[column][i]);
      }
      expect(perCountry, column).toEqual(truth);
    }
  });

  it('filters, sorts and paginates; CSV is UTF-8 with a download name and every row', async () => {
    const page = await get('/api/laus?sort=-share_born_abroad&limit=2&offset=1');
    expect(page.body.items).toHaveLength(2);
    const sorted = await get('/api/laus?sort=-share_born_abroad&limit=1000');
    expect(page.body.items.map((i: { id: string }) => i.id)).toEqual(sorted.body.items.slice(1, 3).map((i: { id: string }) => i.id));
    const shares = sorted.body.items.map((i: { share_born_abroad: number | null }) => i.share_born_abroad).filter((v: number | null) => v !== null);
    expect(shares).toEqual([...shares].sort((a: number, b: number) => b - a));
    const seed = await get('/api/laus?pop_max=9999&share_born_abroad_min=0.2&limit=1000');
    expect(seed.status).toBe(200);
    for (const item of seed.body.items) {
      expect(item.T).toBeLessThanOrEqual(9999);
      expect(item.share_born_abroad).toBeGreaterThanOrEqual(0.2);
    }
    const [w, s, e, n] = pack.bounds.lonLat;
    const west = await get(`/api/laus?bbox=${w},${s},${(w + e) / 2},${n}&limit=1000`);
    for (const item of west.body.items) expect((item.bbox[0] + item.bbox[2]) / 2).toBeLessThanOrEqual((w + e) / 2);
    expect(west.body.total).toBeLessThan(pack.laus.count);
    const country = pack.laus.country[0];
    const byCountry = await get(`/api/laus?country=${country.toLowerCase()}&limit=1000`);
    expect(byCountry.body.items.every((i: { country: string }) => i.country === country)).toBe(true);

    const csv = await http(`${base}/api/laus?format=csv&sort=name`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="d4i-laus.csv"');
    const text = csv.decoded().toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff); // BOM: spreadsheets read it as UTF-8
    const lines = text.slice(1).trim().split(/\r?\n/);
    expect(lines[0].split(',').slice(0, 5)).toEqual(['id', 'lau_id', 'name', 'country', 'cells']);
    // each column once (T is a count and an indicator: written once)
    const header = lines[0].split(',');
    expect(new Set(header).size).toBe(header.length);
    expect(header.filter((h) => h === 'T')).toHaveLength(1);
    expect(lines).toHaveLength(pack.laus.count + 1);
    expect(Number(csv.headers['x-total-count'])).toBe(pack.laus.count);
  });

  it('small-towns: the seed query with the France rule and a count per country', async () => {
    const towns = await get('/api/small-towns?limit=1000');
    expect(towns.status).toBe(200);
    expect(towns.body.rule).toMatch(/France/);
    expect(Object.values(towns.body.by_country).reduce((a, b) => (a as number) + (b as number), 0)).toBe(towns.body.total);
    for (const item of towns.body.items) {
      expect(item.small_town_high_share).toBe(true);
      expect(item.T).toBeLessThan(10_000);
      expect(item.share_born_abroad).toBeGreaterThan(0.2);
      if (item.country === 'FR') expect(item.T).toBeGreaterThanOrEqual(5000);
    }
    const seed = await get('/api/laus?pop_max=9999&share_born_abroad_min=0.2&limit=1000');
    const expected = seed.body.items.filter(
      (i: { country: string; T: number; share_born_abroad: number }) => i.share_born_abroad > 0.2 && (i.country !== 'FR' || i.T >= 5000),
    );
    // the tiny area has none; lau-facts.test.ts checks the rule on crafted LAUs, the europe set counts thousands
    expect(towns.body.total).toBe(expected.length);
  });

  it('one LAU by GISCO id or national code, with bbox, indices and optional geometry', async () => {
    const gisco = pack.laus.giscoId[0];
    const one = await get(`/api/laus/${gisco}`);
    expect(one.status).toBe(200);
    expect(one.body.name).toBe(pack.laus.name[0]);
    expect(one.body.T).toBe(pack.laus.values.T[0]);
    expect(one.body.bbox).toHaveLength(4);
    expect(Object.keys(one.body.indices)).toContain('dissimilarity_birth');
    expect((await get(`/api/laus/${pack.laus.id[0]}`)).body.id).toBe(gisco);
    const withGeometry = await get(`/api/laus/${gisco}?geometry=true`);
    expect(withGeometry.body.geometry.type).toBe('MultiPolygon');
    expect((await get('/api/laus/XX_NOPE')).status).toBe(404);
  });

  it('bounds every list and refuses bad filters', async () => {
    for (const [query, reason] of [
      ['limit=1001', /from 1 to 1000/],
      ['limit=0', /from 1 to 1000/],
      ['pop_max=many', /must be a number/],
      ['sort=colour', /cannot sort by "colour"/],
      ['share_born_nowhere_min=0.1', /unknown parameter/],
      ['format=xml', /one of json, csv/],
    ] as const) {
      const res = await get(`/api/laus?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error, query).toMatch(reason);
    }
    expect((await get('/api/small-towns?small_town=false')).status).toBe(400);
  });
});

describe('/api/cells', () => {
  it('returns one cell at any level, in any id spelling, equal to the pack', async () => {
    for (const level of [pack.levels[0], levelAt(pack, 1000)!]) {
      const i = Math.floor(level.count / 2);
      const id = formatGridId({ res: level.res, e: level.x[i] * level.res, n: level.y[i] * level.res });
      const cell = await get(`/api/cells/${id}`);
      expect(cell.status).toBe(200);
      expect(cell.body.id).toBe(id);
      for (const [column, values] of Object.entries(level.values)) expect(cell.body.values[column], column).toBe(values[i]);
      const { NAT, EU_OTH, OTH } = level.values;
      expect(cell.body.share_born_abroad).toBeCloseTo((EU_OTH[i] + OTH[i]) / (NAT[i] + EU_OTH[i] + OTH[i]), 4);
      expect(cell.body.country).toBe(displayCountry(pack.countries[level.country[i]]));
      if (level.lau) expect(cell.body.lau.id).toBe(pack.laus.giscoId[level.lau[i]]);
      const short = await get(`/api/cells/${cell.body.short_id}`);
      expect(short.body.id).toBe(id);
    }
    for (const [id, status, reason] of [
      ['not-a-cell', 400, /not an EPSG:3035 grid id/],
      ['CRS3035RES300mN3000000E3000000', 404, /no 300m level/],
      ['CRS3035RES100mN1000000E1000000', 404, /no residents/],
      ['CRS3035RES100mN1000050E1000000', 400, /not aligned/],
    ] as const) {
      const res = await get(`/api/cells/${id}`);
      expect(res.status, id).toBe(status);
      expect(res.body.error, id).toMatch(reason);
    }
  });
});

describe('/api/search', () => {
  it('finds LAUs and places by the start of a name or word, accent-insensitive, most populous first', async () => {
    const name = pack.laus.name[0];
    const res = await get(`/api/search?q=${encodeURIComponent(name.slice(0, 4).toLowerCase())}`);
    expect(res.status).toBe(200);
    expect(res.body.results.some((r: { name: string }) => r.name === name)).toBe(true);
    const populations = res.body.results.map((r: { population: number }) => r.population);
    expect(populations.length).toBeLessThanOrEqual(10);
    // accents: a German place of the tiny area's country set, typed without its umlaut
    const umlaut = await get('/api/search?q=monchengladbach');
    expect(umlaut.body.results[0].name).toBe('Mönchengladbach');
    expect(umlaut.body.results[0].kind).toBe('place');
    expect(umlaut.body.results[0].zoom).toBeGreaterThan(8);
    expect((await get('/api/search')).status).toBe(400);
    expect((await get('/api/search?q=a&limit=101')).status).toBe(400);
    expect((await get('/api/search?q=zzzzqqq')).body.results).toEqual([]);
  });

  it('finds the countries of the pack by their name in any of the seven languages, before towns named after them', async () => {
    for (const [q, name] of [
      ['Netherlands', 'Netherlands'],
      ['nederland', 'Netherlands'],
      ['Pays-Bas', 'Netherlands'],
      ['Allemagne', 'Germany'],
      ['Deutschland', 'Germany'],
    ]) {
      const first = (await get(`/api/search?q=${encodeURIComponent(q)}`)).body.results[0];
      expect(first, q).toMatchObject({ kind: 'country', name });
      // the box of the country's cells in this pack (the tiny set: around Venlo), inside the pack's bounds (to a 10 km cell)
      const [w, s, e, n] = first.bbox;
      const [bw, bs, be, bn] = pack.bounds.lonLat;
      expect(w < e && s < n && w >= bw - 0.2 && e <= be + 0.2 && s >= bs - 0.2 && n <= bn + 0.2, q).toBe(true);
      expect(first.zoom).toBeGreaterThanOrEqual(4);
    }
    // a country the pack does not hold is not offered
    expect((await get('/api/search?q=Ireland')).body.results.some((r: { kind: string }) => r.kind === 'country')).toBe(false);
  });
});

describe('/api/summary', () => {
  it('over the whole bounds equals the pack totals', async () => {
    const res = await get(`/api/summary?bbox=${pack.bounds.lonLat.join(',')}`);
    expect(res.status).toBe(200);
    for (const [column, values] of Object.entries(pack.levels[0].values)) {
      let total = 0;
      for (let i = 0; i < pack.levels[0].count; i++) total += values[i];
      expect(res.body.values[column], column).toBeCloseTo(total, 6);
    }
    expect(res.body.share_born_abroad).toBeGreaterThan(0);
  });

  it('inside any box equals the finest cells whose centre is inside', async () => {
    const [w, s, e, n] = pack.bounds.lonLat;
    const finest = pack.levels[0];
    const ll = [0, 0];
    for (const box of [
      [w + (e - w) * 0.13, s + (n - s) * 0.21, w + (e - w) * 0.77, s + (n - s) * 0.66],
      [w + (e - w) * 0.5, s, e, s + (n - s) * 0.5],
      [w - 1, s - 1, w + (e - w) * 0.3, n + 1],
      // the world, and a box far from the pack: no projection of either may lose or invent cells
      [-180, -90, 180, 90],
      [100, -40, 120, -20],
    ]) {
      const res = await get(`/api/summary?bbox=${box.join(',')}`);
      let T = 0;
      for (let i = 0; i < finest.count; i++) {
        laeaToLonLat((finest.x[i] + 0.5) * finest.res, (finest.y[i] + 0.5) * finest.res, ll);
        if (ll[0] >= box[0] && ll[0] <= box[2] && ll[1] >= box[1] && ll[1] <= box[3]) T += finest.values.T[i];
      }
      expect(res.body.values.T, box.join(',')).toBe(T);
    }
    for (const query of ['', 'bbox=1,2,3', 'bbox=5,50,4,51', 'bbox=a,b,c,d', 'bbox=-200,0,0,10']) {
      const res = await get(`/api/summary?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error, query).toMatch(/bbox/);
    }
  });
});
