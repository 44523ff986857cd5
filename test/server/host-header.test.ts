// The Host header never reaches the URLs we hand out unless it names an allowed host: a forged Host can
// not poison TileJSON, the catalog, styles or pages in a shared cache, and HTTP/1.0 without one still
// gets a usable URL.
import { type AddressInfo, connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../server/config.ts';
import type { RunningServer } from '../../server/serve.ts';
import { buildTinyPack, tempDir } from '../support/helpers.ts';
import { http } from '../support/http-client.ts';
import { startTestServer } from '../support/test-server.ts';

const ROUTES = [
  '/tiles/grid.json',
  '/tiles/grid/metadata.json',
  '/tiles/grid,lau.json',
  '/catalog',
  '/styles/default.json',
  '/styles/qgis.json',
  '/',
  '/embed',
];
let pack: string;
let open: RunningServer;
let named: RunningServer;
let published: RunningServer;

beforeAll(async () => {
  pack = await buildTinyPack(tempDir(), 1);
  const start = (env: Record<string, string>) => startTestServer(pack, {}, env);
  open = await start({});
  named = await start({ ALLOWED_HOSTS: 'maps.example.org, tiles.example.org' });
  published = await start({ PUBLIC_URL: 'https://d4i.example.net' });
  // the first TileJSON waits for the servers' start-up threads (seconds, three servers at once on a busy
  // machine): here, not inside the tests' time limit
  await Promise.all([open, named, published].map((server) => http(`http://127.0.0.1:${(server.server.address() as AddressInfo).port}/tiles/grid.json`)));
}, 60_000);
afterAll(() => Promise.all([open, named, published].map((s) => s?.close())));

/** One HTTP/1.0 request with exactly these header lines (none: no Host at all), answered in full. */
function rawRequest(server: RunningServer, path: string, headerLines: string[]): Promise<string> {
  // the listening port (server.url is the public URL when there is one)
  const { port } = server.server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(`GET ${path} HTTP/1.0\r\n${headerLines.map((h) => `${h}\r\n`).join('')}\r\n`));
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

describe('the Host header', () => {
  it('is never echoed when it names a host we were not told of', async () => {
    const base = open.url.replace(/\/$/, '');
    for (const host of ['evil.example', 'evil.example:80', '127.0.0.1:9311@evil.example', 'a"b<script>', 'EVIL.example']) {
      for (const path of ROUTES) {
        const res = await http(`${base}${path}`, { headers: { host } });
        expect(res.status, `${host} ${path}`).toBeLessThan(500);
        const body = res.decoded().toString('utf8').toLowerCase();
        expect(body, `${host} ${path}`).not.toContain('evil');
        expect(body, `${host} ${path}`).not.toContain('<script>');
      }
    }
    // in its place: the address the client connected to
    const tj = (await http(`${base}/tiles/grid.json`, { headers: { host: 'evil.example' } })).json();
    expect(tj.tiles[0]).toMatch(new RegExp(`^${base}/tiles/grid/`));
  });

  it('is used when it names this machine or an ALLOWED_HOSTS name, and responses vary on it', async () => {
    const { port } = new URL(named.url);
    for (const host of ['localhost', `localhost:${port}`, 'maps.example.org', 'TILES.example.org:8443', `127.0.0.1:${port}`]) {
      const res = await http(`${named.url.replace(/\/$/, '')}/tiles/grid.json`, { headers: { host } });
      expect(res.json().tiles[0], host).toMatch(new RegExp(`^http://${host.toLowerCase()}/tiles/grid/`));
      expect(String(res.headers.vary), host).toMatch(/\bHost\b/);
    }
    expect(() => resolveConfig({ pack, allowedHosts: 'https://x.org' }, {})).toThrow(/not a host name/);
  });

  it('gives HTTP/1.0 without a Host the public URL, or the connected address, never "undefined"', async () => {
    const viaPublic = await rawRequest(published, '/tiles/grid.json', []);
    expect(viaPublic).toMatch(/^HTTP\/1\.[01] 200/);
    expect(viaPublic).toContain('"https://d4i.example.net/tiles/grid/{z}/{x}/{y}.mvt');
    expect(viaPublic).not.toMatch(/\bVary:[^\r]*Host/i);
    const viaSocket = await rawRequest(open, '/catalog', []);
    expect(viaSocket).toMatch(/^HTTP\/1\.[01] 200/);
    expect(viaSocket).not.toContain('undefined');
    expect(viaSocket).toContain(`"${open.url.replace(/\/$/, '')}/tiles/grid.json`);
    // a forged Host behind a PUBLIC_URL changes nothing
    expect(await rawRequest(published, '/tiles/grid.json', ['Host: evil.example'])).not.toContain('evil');
  });
});
