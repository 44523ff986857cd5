// LAU tiles come from their own thread (building a region's index takes tens of milliseconds), and are
// the very bytes the LAU source makes on its own.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLauFacts } from '../../core/lau/lau-facts.ts';
import { LauSource } from '../../core/mvt/lau-source.ts';
import { latToTileY, lonToTileX } from '../../core/mvt/tile-math.ts';
import { loadPack } from '../../core/pack/pack.ts';
import { PooledLauSource } from '../../server/pooled-lau-source.ts';
import type { RunningServer } from '../../server/serve.ts';
import { buildTinyPack, tempDir } from '../support/helpers.ts';
import { http } from '../support/http-client.ts';
import { startTestServer } from '../support/test-server.ts';

let running: RunningServer;
let pack: string;
beforeAll(async () => {
  pack = await buildTinyPack(tempDir());
  running = await startTestServer(pack, { cacheMb: 0 });
}, 60_000);
afterAll(() => running.close(100));

describe('LAU tiles', () => {
  it('are cut in the LAU tile thread, byte for byte as the LAU source cuts them', async () => {
    expect(running.state.current.sources.get('lau')).toBeInstanceOf(PooledLauSource);
    const direct = new LauSource(buildLauFacts(loadPack(pack)));
    const [w, s, e, n] = direct.tileJson('http://x/tiles/lau').bounds;
    let compared = 0;
    for (const z of [3, 6, 8, 10, 12]) {
      for (let x = Math.floor(lonToTileX(w, z)); x <= lonToTileX(e, z); x++) {
        for (let y = Math.floor(latToTileY(n, z)); y <= latToTileY(s, z); y++) {
          for (const fields of ['', '?lau_fields=all']) {
            const served = await http(`${running.url}tiles/lau/${z}/${x}/${y}.mvt${fields}`, { headers: { 'accept-encoding': 'gzip' } });
            const own = direct.getTile(z, x, y, { lauFields: fields ? 'all' : undefined });
            if (!own) expect(served.status).toBe(204);
            else expect(Buffer.from(gunzipSync(served.body)).equals(Buffer.from(own))).toBe(true);
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(20);
    // a bad lau_fields is still the client's 400, refused before the thread
    expect((await http(`${running.url}tiles/lau/8/132/86.mvt?lau_fields=nope`)).status).toBe(400);
  });
});
