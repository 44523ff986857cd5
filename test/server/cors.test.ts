import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latToTileY, lonToTileX } from '../../core/mvt/tile-math.ts';
import { ALLOWED_REQUEST_HEADERS } from '../../server/cors.ts';
import type { RunningServer } from '../../server/serve.ts';
import { buildTinyPack, tempDir } from '../support/helpers.ts';
import { http } from '../support/http-client.ts';
import { startTestServer } from '../support/test-server.ts';

let running: RunningServer;
let base: string;
const tile = `/tiles/grid/13/${Math.floor(lonToTileX(6.17, 13))}/${Math.floor(latToTileY(51.37, 13))}.mvt`;

beforeAll(async () => {
  const pack = await buildTinyPack(tempDir(), 1);
  running = await startTestServer(pack, {}, { CORS_ORIGINS: 'https://city.example' });
  base = running.url.replace(/\/$/, '');
}, 60_000);
afterAll(() => running?.close());

describe('CORS with an allow-list', () => {
  it('lets allowed origins read, and varies by Origin for everyone', async () => {
    for (const path of [tile, '/tiles/grid.json', '/api/indicators']) {
      // the order matters for a cache: first a copy for a stranger, then one for the allowed site
      for (const origin of [undefined, 'https://other.example', 'https://city.example']) {
        const res = await http(`${base}${path}`, { headers: origin ? { Origin: origin } : {} });
        expect(res.status, `${path} ${origin}`).toBe(200);
        expect(String(res.headers.vary), `${path} ${origin}`).toMatch(/\bOrigin\b/);
        expect(res.headers['access-control-allow-origin'], `${path} ${origin}`).toBe(origin === 'https://city.example' ? origin : undefined);
      }
    }
  });

  it('answers preflights with a fixed list of headers, never an echo', async () => {
    const preflight = await http(`${base}${tile}`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://city.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-evil, if-none-match' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toBe(ALLOWED_REQUEST_HEADERS.join(', '));
    const stranger = await http(`${base}/tiles/grid.json`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://other.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
  });
});
