// d4i bench api: the data API of `d4i serve` over HTTP on a pack: start-up time and memory, search
// latency (p50/p95/max over prefixes of real names), /api/laus as CSV for every LAU (and our CSV writer
// against csv-stringify on the same rows), breaks cold and warm, summaries of random boxes, and the
// small-town count per country; then RSS and the caches after a sweep of LAU tiles and 1,000 breaks.
import { request } from 'node:http';
import { stringify } from 'csv-stringify/sync';
import { lauColumns } from '../server/api/laus.ts';
import { csvLine } from '../server/csv.ts';
import { buildLauFacts } from '../core/lau/lau-facts.ts';
import { sampleTiles } from './support/sample-tiles.ts';
import { loadPack } from '../core/pack/pack.ts';
import { rssOf, startServeChild } from './support/child.ts';
import { quantile } from './support/stats.ts';
import { Random } from '../generate/random.ts';
import { latToTileY, lonToTileX } from '../core/mvt/tile-math.ts';

export interface BenchApiOptions {
  pack: string;
  queries: number;
}

/** GET a path; resolves with status, body bytes and milliseconds to the last byte. */
function timedGet(url: string): Promise<{ status: number; bytes: number; ms: number; body: Buffer }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, bytes: body.length, ms: performance.now() - started, body });
      });
    })
      .on('error', reject)
      .end();
  });
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

export async function benchApi(options: BenchApiOptions): Promise<void> {
  const pack = loadPack(options.pack);
  const laus = pack.laus;
  console.log(`bench api: ${options.pack} (${pack.levels[0].count.toLocaleString('en')} cells, ${laus.count.toLocaleString('en')} LAUs)`);
  // a z12 grid tile over the densest area, and a basemap tile: what a map asks for first
  const [[z, x, y]] = sampleTiles(pack, 12, 1);
  const started = performance.now();
  const server = await startServeChild(options.pack);
  const listening = performance.now() - started;
  const grid = await timedGet(`${server.url}/tiles/grid/${z}/${x}/${y}.mvt`);
  const firstTile = performance.now() - started;
  const base = await timedGet(`${server.url}/tiles/base/${z}/${x}/${y}.mvt`);
  console.log(
    `start-up (process spawned to): listening ${fmt(listening)}, first grid tile ${fmt(firstTile)} (${grid.status}), ` +
      `then a first base tile in ${fmt(base.ms)} (${base.status}); server RSS ${rssOf(server.child.pid!).toFixed(0)} MB`,
  );
  try {
    // search: prefixes of 2-8 characters of LAU names, lower-cased, accents kept or dropped at random
    const random = new Random(11);
    const queries = Array.from({ length: options.queries }, () => {
      const name = laus.name[Math.floor(random.next() * laus.count)];
      const q = name.slice(0, 2 + Math.floor(random.next() * 7)).toLowerCase();
      return random.next() < 0.5 ? q.normalize('NFD').replace(/\p{M}/gu, '') : q;
    });
    for (const q of queries.slice(0, 50)) await timedGet(`${server.url}/api/search?q=${encodeURIComponent(q)}`); // warm the JIT
    const times: number[] = [];
    let empty = 0;
    for (const q of queries) {
      const res = await timedGet(`${server.url}/api/search?q=${encodeURIComponent(q)}`);
      times.push(res.ms);
      if (JSON.parse(res.body.toString()).results.length === 0) empty++;
    }
    times.sort((a, b) => a - b);
    console.log(
      `search (${queries.length} prefixes of LAU names, sequential, HTTP): p50 ${fmt(quantile(times, 0.5))}, ` +
        `p95 ${fmt(quantile(times, 0.95))}, max ${fmt(times[times.length - 1])}; ${empty} without results`,
    );

    // every LAU as CSV
    const csvTimes: number[] = [];
    let csvBytes = 0;
    for (let k = 0; k < 4; k++) {
      const res = await timedGet(`${server.url}/api/laus?format=csv`);
      if (res.status !== 200) throw new Error(`/api/laus?format=csv answered ${res.status}`);
      csvTimes.push(res.ms);
      csvBytes = res.bytes;
    }
    csvTimes.sort((a, b) => a - b);
    console.log(
      `/api/laus?format=csv, all ${laus.count.toLocaleString('en')} LAUs: ${fmt(csvTimes[0])} ` +
        `best, ${fmt(csvTimes[2])} median of 4; ${(csvBytes / 1e6).toFixed(1)} MB`,
    );

    // our CSV lines against csv-stringify on the same rows (why csv.ts is hand-written)
    const facts = buildLauFacts(pack);
    const columns = lauColumns(facts);
    const rows = Array.from({ length: laus.count }, (_, i) => columns.map((c) => c.read(i)));
    let t = performance.now();
    const ours = rows.map((r) => csvLine(r)).join('');
    const oursMs = performance.now() - t;
    t = performance.now();
    const theirs = stringify(rows, { record_delimiter: 'windows', cast: { boolean: (v) => String(v) } });
    const theirsMs = performance.now() - t;
    console.log(
      `CSV writing, ${laus.count.toLocaleString('en')} rows x ${columns.length} columns: csv.ts ${fmt(oursMs)}, ` +
        `csv-stringify ${fmt(theirsMs)} (${(theirsMs / oursMs).toFixed(1)}x); same bytes: ${ours === theirs}`,
    );

    // breaks: the first request evaluates every cell of the level; later ones come from the cache
    for (const [label, query] of [
      ['quantile, 100 m', 'indicator=share_born_abroad&method=quantile&level=100'],
      ['jenks, 100 m', 'indicator=share_born_abroad&method=jenks&level=100'],
      ['jenks, 1 km', 'indicator=share_born_abroad&method=jenks&level=1000'],
      ['jenks, LAUs', 'indicator=share_born_abroad&method=jenks&level=lau'],
    ]) {
      const cold = await timedGet(`${server.url}/api/breaks?${query}`);
      const warm = await timedGet(`${server.url}/api/breaks?${query}`);
      console.log(`breaks ${label}: cold ${fmt(cold.ms)}, cached ${fmt(warm.ms)}`);
    }

    // summaries of random view-sized boxes inside the bounds
    const [w, s, e, n] = pack.bounds.lonLat;
    const summaryTimes: number[] = [];
    for (let k = 0; k < 200; k++) {
      const span = 0.05 * 2 ** (random.next() * 7); // 0.05 to 6.4 degrees
      const x = w + random.next() * (e - w - span);
      const y = s + random.next() * (n - s - span / 2);
      const res = await timedGet(`${server.url}/api/summary?bbox=${x},${y},${x + span},${y + span / 2}`);
      summaryTimes.push(res.ms);
    }
    summaryTimes.sort((a, b) => a - b);
    console.log(
      `summary (200 random boxes 0.05-6.4 degrees wide): p50 ${fmt(quantile(summaryTimes, 0.5))}, ` +
        `p95 ${fmt(quantile(summaryTimes, 0.95))}, max ${fmt(summaryTimes[summaryTimes.length - 1])}`,
    );

    const towns = JSON.parse((await timedGet(`${server.url}/api/small-towns?limit=1`)).body.toString());
    console.log(`small towns (${towns.rule}): ${towns.total.toLocaleString('en')} ${JSON.stringify(towns.by_country)}`);

    // memory: every cache is in one budget (CACHE_MB); RSS after a sweep of every LAU tile at z8 and of
    // 1,000 breaks over random views (each at the level its zoom draws) shows what it holds
    const budget = async () => {
      const metrics = (await timedGet(`${server.url}/metrics`)).body.toString();
      const kinds = [...metrics.matchAll(/^d4i_cache_bytes\{kind="([^"]+)"\} (\d+)/gm)].map(([, kind, bytes]) => `${kind} ${(Number(bytes) / 1e6).toFixed(0)}`);
      return `${kinds.join(', ')} MB`;
    };
    const rssBefore = rssOf(server.child.pid!);
    let tiles = 0;
    const sweepStarted = performance.now();
    for (let x = Math.floor(lonToTileX(w, 8)); x <= lonToTileX(e, 8); x++) {
      for (let y = Math.floor(latToTileY(n, 8)); y <= latToTileY(s, 8); y++) {
        const res = await timedGet(`${server.url}/tiles/lau/8/${x}/${y}.mvt`);
        if (res.status >= 300) throw new Error(`/tiles/lau/8/${x}/${y}.mvt answered ${res.status}`);
        tiles++;
      }
    }
    const rssTiles = rssOf(server.child.pid!);
    console.log(
      `LAU tiles at z8: ${tiles} in ${fmt(performance.now() - sweepStarted)}; ` +
        `RSS ${rssBefore.toFixed(0)} -> ${rssTiles.toFixed(0)} MB; caches ${await budget()}`,
    );
    const breaksStarted = performance.now();
    let refused = 0;
    for (let k = 0; k < 1000; k++) {
      const span = 0.05 * 2 ** (random.next() * 7);
      const x = w + random.next() * (e - w - span);
      const y = s + random.next() * (n - s - span / 2);
      const zoom = Math.max(4, Math.min(14, Math.round(Math.log2(360 / span))));
      const res = await timedGet(`${server.url}/api/breaks?indicator=share_born_abroad&zoom=${zoom}&bbox=${x},${y},${x + span},${y + span / 2}`);
      if (res.status === 503) refused++;
      else if (res.status !== 200) throw new Error(`/api/breaks answered ${res.status}`);
    }
    console.log(
      `1,000 breaks over random views: ${fmt(performance.now() - breaksStarted)}, ${refused} refused; ` +
        `RSS ${rssOf(server.child.pid!).toFixed(0)} MB; caches ${await budget()}`,
    );
  } finally {
    server.child.kill('SIGTERM');
  }
}
