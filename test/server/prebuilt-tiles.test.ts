// The low zooms' grid tiles prebuilt in a heavy-job thread at load: served with the tile cache off, the
// same bytes as a tile cut on demand in every encoding, and only for the default fields.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { laeaToLonLat } from '../../core/grid/projection.ts';
import { GridSource } from '../../core/mvt/grid-source.ts';
import { latToTileY, lonToTileX } from '../../core/mvt/tile-math.ts';
import { levelAt, loadPack } from '../../core/pack/pack.ts';
import { PREBUILT_MAX_ZOOM } from '../../server/prebuilt-tiles.ts';
import type { RunningServer } from '../../server/serve.ts';
import { buildTinyPack, tempDir } from '../support/helpers.ts';
import { http } from '../support/http-client.ts';
import { startTestServer } from '../support/test-server.ts';

let running: RunningServer;
let base: string;
let grid: GridSource;

beforeAll(async () => {
  const pack = await buildTinyPack(tempDir());
  grid = new GridSource(loadPack(pack));
  running = await startTestServer(pack, { cacheMb: 0 });
  base = running.url.replace(/\/$/, '');
  const started = performance.now();
  while (running.state.current.prebuilt.readyZooms.length <= PREBUILT_MAX_ZOOM && performance.now() - started < 30_000)
    await new Promise((r) => setTimeout(r, 50));
}, 60_000);
afterAll(() => running?.close());

/** Tiles of zoom z under the cells of the level drawn there. */
function tilesAt(z: number): [number, number][] {
  const level = levelAt(grid.pack, grid.resolutionAt(z))!;
  const tiles = new Map<string, [number, number]>();
  for (let i = 0; i < level.count; i++) {
    const [lon, lat] = laeaToLonLat((level.x[i] + 0.5) * level.res, (level.y[i] + 0.5) * level.res);
    const x = Math.floor(lonToTileX(lon, z));
    const y = Math.floor(latToTileY(lat, z));
    tiles.set(`${x}/${y}`, [x, y]);
  }
  return [...tiles.values()];
}

const counter = async (name: string) => {
  const text = await running.metrics.registry.getSingleMetricAsString(name);
  return Number(/ (\d+)$/m.exec(text)?.[1] ?? 0);
};

describe('prebuilt low-zoom tiles', () => {
  it(`holds z0-z${PREBUILT_MAX_ZOOM} once the pack is loaded`, () => {
    expect(running.state.current.prebuilt.readyZooms).toEqual(Array.from({ length: PREBUILT_MAX_ZOOM + 1 }, (_, z) => z));
    expect(running.state.current.prebuilt.bytes).toBeGreaterThan(0);
  });

  it('answers them with the cache off, byte for byte the tile cut on demand, in gzip and brotli', async () => {
    const misses = await counter('d4i_tile_cache_misses_total');
    const prebuilt = await counter('d4i_tile_prebuilt_total');
    let checked = 0;
    for (let z = 0; z <= PREBUILT_MAX_ZOOM; z++) {
      for (const [x, y] of tilesAt(z)) {
        const raw = grid.getTile(z, x, y);
        expect(raw, `${z}/${x}/${y} has cells`).toBeDefined();
        for (const encoding of ['gzip', 'br']) {
          const answer = await http(`${base}/tiles/grid/${z}/${x}/${y}.mvt`, { headers: { 'Accept-Encoding': encoding } });
          expect(answer.status).toBe(200);
          expect(answer.headers['content-encoding']).toBe(encoding);
          expect(answer.headers.etag).toMatch(new RegExp(`-${encoding}"$`));
          expect(answer.decoded().equals(Buffer.from(raw!)), `${z}/${x}/${y} ${encoding}`).toBe(true);
          checked++;
        }
      }
    }
    expect(await counter('d4i_tile_prebuilt_total')).toBe(prebuilt + checked);
    expect(await counter('d4i_tile_cache_misses_total')).toBe(misses);
  });

  it('cuts other variants on demand: identity, a field list, a tile beyond z9', async () => {
    const [x, y] = tilesAt(8)[0];
    const misses = await counter('d4i_tile_cache_misses_total');
    const plain = await http(`${base}/tiles/grid/8/${x}/${y}.mvt`);
    expect(plain.body.equals(Buffer.from(grid.getTile(8, x, y)!))).toBe(true);
    const some = await http(`${base}/tiles/grid/8/${x}/${y}.mvt?fields=T`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(some.decoded().equals(Buffer.from(grid.getTile(8, x, y, { fields: 'T' })!))).toBe(true);
    const [x10, y10] = tilesAt(10)[0];
    await http(`${base}/tiles/grid/10/${x10}/${y10}.mvt`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(await counter('d4i_tile_cache_misses_total')).toBe(misses + 3);
  });
});
