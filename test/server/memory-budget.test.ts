// Every cache of the server lives in one budget: tile responses and API answers share one LRU with three
// quarters of CACHE_MB, the LAU tile thread's region indexes the last quarter. A sweep of tiles and
// hundreds of distinct API requests never holds more.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latToTileY, lonToTileX } from '../../core/mvt/tile-math.ts';
import type { RunningServer } from '../../server/serve.ts';
import { buildTinyPack, tempDir } from '../support/helpers.ts';
import { http } from '../support/http-client.ts';
import { seeded } from '../support/synthetic-level.ts';
import { startTestServer } from '../support/test-server.ts';

let running: RunningServer;
let api: string;
beforeAll(async () => {
  running = await startTestServer(await buildTinyPack(tempDir()), { cacheMb: 1 });
  api = running.url.replace(/\/$/, '');
}, 60_000);
afterAll(() => running.close(100));

describe('one memory budget', () => {
  it('holds tiles, LAU indexes and API answers together within CACHE_MB', { timeout: 120_000 }, async () => {
    const limit = running.budget.bytes;
    expect(limit).toBe(750_000);
    let peak = 0;
    const note = () => {
      peak = Math.max(peak, running.budget.used);
      expect(running.budget.used).toBeLessThanOrEqual(limit);
    };
    const [w, s, e, n] = (await http(`${api}/tiles/grid,lau.json`)).json().bounds;
    let tiles = 0;
    for (let z = 6; z <= 13; z++) {
      for (let x = Math.floor(lonToTileX(w, z)); x <= lonToTileX(e, z); x++) {
        for (let y = Math.floor(latToTileY(n, z)); y <= latToTileY(s, z); y++) {
          expect((await http(`${api}/tiles/grid,lau/${z}/${x}/${y}.mvt?fields=all&lau_fields=all`)).status).toBeLessThan(300);
          tiles++;
          note();
        }
      }
    }
    const random = seeded(7);
    for (let k = 0; k < 300; k++) {
      const [bw, bs] = [w + random() * (e - w), s + random() * (n - s)];
      const box = [bw, bs, bw + random() * 0.5, bs + random() * 0.3].map((v) => v.toFixed(5)).join(',');
      expect((await http(`${api}/api/summary?bbox=${box}`)).status).toBe(200);
      expect((await http(`${api}/api/breaks?indicator=share_born_abroad&level=100&bbox=${box}`)).status).toBe(200);
      note();
    }
    const kinds = running.budget.byKind();
    console.log(`budget: ${tiles} tiles and 600 API answers; peak ${peak} bytes; now ${JSON.stringify(kinds)}`);
    // the budget was used up and entries went out (the tile sweep alone is larger than 1 MB)
    expect(peak).toBeGreaterThan(limit * 0.8);
    expect(running.cache.entries).toBeLessThan(tiles);
    expect(Object.keys(kinds).sort()).toEqual(['heavy-result', 'tile']);
    expect(Object.values(kinds).reduce((a, b) => a + b, 0)).toBe(running.budget.used);
    // /metrics says the same, with the LAU thread's indexes within their quarter
    const metrics = (await http(`${api}/metrics`)).decoded().toString();
    const reported = Object.fromEntries([...metrics.matchAll(/^d4i_cache_bytes\{kind="([^"]+)"\} (\d+)/gm)].map(([, kind, n]) => [kind, Number(n)]));
    expect(reported.tile + reported['heavy-result']).toBe(running.budget.used);
    expect(reported['lau-index']).toBeGreaterThan(0);
    expect(reported['lau-index']).toBeLessThanOrEqual(250_000);
  });
});
