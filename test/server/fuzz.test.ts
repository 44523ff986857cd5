// 2,400 generated requests over every route (fixed seed): valid, borderline and hostile paths, query
// strings, methods and headers. None may get a 5xx; every 4xx is JSON with `error` and `detail`; the
// server is healthy afterwards and still answers tiles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPack } from '../../core/pack/pack.ts';
import type { RunningServer } from '../../server/serve.ts';
import { buildTinyPack, tempDir } from '../support/helpers.ts';
import { http, type RawResponse } from '../support/http-client.ts';
import { seeded } from '../support/synthetic-level.ts';
import { startTestServer } from '../support/test-server.ts';

const REQUESTS = 2400;
/** at most this many at once: below the heavy-job cap per client, so a 503 would be a real failure */
const CONCURRENCY = 3;

let running: RunningServer;
let api: string;
let cellIds: string[];
let lauIds: string[];

beforeAll(async () => {
  const pack = await buildTinyPack(tempDir());
  running = await startTestServer(pack, { cacheMb: 16 });
  api = running.url.replace(/\/$/, '');
  const finest = loadPack(pack).levels[0];
  cellIds = [0, 1, 7, finest.count - 1].map((i) => `CRS3035RES100mN${finest.y[i] * 100}E${finest.x[i] * 100}`);
  lauIds = (await http(`${api}/api/laus?limit=5`)).json().items.map((l: { id: string }) => l.id);
}, 60_000);
afterAll(async () => {
  await running.close(100);
});

/** Every route with a generator of its parameters; `pick` chooses among valid, odd and hostile values. */
function requestMaker(random: () => number) {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
  /** a valid value three times in four, else a hostile one */
  const mostly = (valid: readonly string[]) => (random() < 0.75 ? pick(valid) : pick(junk));
  const junk = [
    '',
    '-1',
    '0',
    'NaN',
    'Infinity',
    '1e309',
    '9'.repeat(40),
    '%00',
    '%zz',
    '..%2F..%2Fetc%2Fpasswd',
    '%E2%80%AE',
    '%F0%9F%98%80',
    encodeURIComponent('<script>alert(1)</script>'),
    encodeURIComponent('"\'; DROP TABLE cells; --'),
    'a'.repeat(3000),
    '%C0%AF',
  ];
  const number = () => mostly(['0', '1', '2', '5', '9', '12', '14', '20', '-3', '0.5', '1e3']);
  const bbox = () =>
    pick(['5.0,51.0,7.0,52.0', '5.9,51.3,6.3,51.5', '-180,-90,180,90', '7,52,5,51', '1,2,3', '1,2,3,4,5', 'a,b,c,d', '5,51,5,51', '5.0,51.0,7.0,95', ...junk]);
  const indicator = () => mostly(['share_born_abroad', 'share_citizens_non_eu', 'density', 'T', 'diversity_birth', 'dissimilarity_birth', 'nope']);
  const source = () => mostly(['grid', 'lau', 'base', 'grid,lau', 'grid,base,lau', 'nope', 'grid,grid']);
  const query = (entries: [string, () => string][]) => {
    const parts: string[] = [];
    for (const [name, value] of entries) if (random() < 0.6) parts.push(`${name}=${value()}`);
    // sometimes a parameter twice, an unknown one, or a bare key
    if (random() < 0.1 && entries.length) parts.push(`${entries[0][0]}=${entries[0][1]()}`);
    if (random() < 0.1) parts.push(`${pick(['foo', '__proto__', 'constructor', junk[12]])}=${pick(junk)}`);
    if (random() < 0.05) parts.push(pick(['x', '&&', '=', '==']));
    return parts.length ? `?${parts.join('&')}` : '';
  };
  const tile = () => {
    const z = pick(['0', '5', '8', '10', '12', '14', '16', '23', '25', '-1', 'x', '1.5']);
    const n = Number(z);
    const xy = () => (Number.isInteger(n) && n >= 0 && n < 24 && random() < 0.7 ? String(Math.floor(random() * 2 ** n)) : number());
    return `/tiles/${source()}/${z}/${xy()}/${xy()}${pick(['.mvt', '.mvt', '.pbf', '.png', ''])}`;
  };
  const routes: (() => string)[] = [
    () =>
      `${tile()}${query([
        ['fields', () => mostly(['all', 'T,NAT', 'nope'])],
        ['lau_fields', () => mostly(['all', 'T'])],
        ['v', number],
      ])}`,
    () => `/tiles/${source()}${pick(['.json', '/metadata.json'])}${query([['fields', () => mostly(['all', 'T', 'zz'])]])}`,
    () => `/catalog${query([])}`,
    () => `/styles/${mostly(['default', 'nope'])}.json`,
    () =>
      `/styles/${pick(['grid.qml', 'lau.qml', 'qgis.json'])}${query([
        ['indicator', indicator],
        ['lang', () => mostly(['en', 'fr', 'de', 'xx'])],
        ['classes', number],
        ['palette', () => mostly(['viridis', 'magma', 'nope'])],
        ['classification', () => pick(['nice', 'quantile', 'jenks', 'equal', 'nope'])],
      ])}`,
    () => `/api/indicators${query([])}`,
    () =>
      `/api/breaks${query([
        ['indicator', indicator],
        ['method', () => pick(['nice', 'quantile', 'jenks', 'equal', 'nope'])],
        ['classes', number],
        ['level', () => mostly(['100', '1000', 'lau', '250'])],
        ['zoom', number],
        ['bbox', bbox],
      ])}`,
    () =>
      `/api/${pick(['laus', 'small-towns'])}${query([
        ['country', () => mostly(['NL', 'DE', 'nl,de', 'XX'])],
        ['pop_min', number],
        ['pop_max', number],
        ['small_town', () => mostly(['true', 'false', '1', 'yes'])],
        ['bbox', bbox],
        ['sort', () => mostly(['-T', 'name', '-share_born_abroad', 'nope', '--T'])],
        ['limit', number],
        ['offset', number],
        ['format', () => mostly(['json', 'csv', 'xml'])],
        ['share_born_abroad_min', number],
      ])}`,
    () => `/api/laus/${mostly([...lauIds, 'NL_GM9999'])}${query([['geometry', () => pick(['true', 'false', 'x'])]])}`,
    () => `/api/cells/${mostly([...cellIds, 'CRS3035RES100mN1E1', 'CRS3035RES7mN100E100'])}`,
    () =>
      `/api/search${query([
        ['q', () => mostly(['Venlo', 'a', 'ams', ''])],
        ['limit', number],
      ])}`,
    () => `/api/summary${query([['bbox', bbox]])}`,
    () =>
      `/render.${pick(['png', 'pdf'])}${query([
        ['bbox', bbox],
        ['place', () => mostly(['Venlo', ...lauIds, 'Nowhere'])],
        ['width', () => mostly(['120', '200', '5000'])],
        ['height', () => mostly(['100', '150', '0'])],
        ['scale', () => mostly(['1', '4', '9'])],
        ['indicator', indicator],
        ['classification', () => mostly(['nice', '0.1,0.2', '0.2,0.1', 'x'])],
      ])}`,
    () => `/fonts/${mostly(['Noto Sans Regular', 'Noto%20Sans%20Bold', 'Nope'])}/${mostly(['0-255', '256-511', '1-2', '65280-65535'])}.pbf`,
    () =>
      pick(['/healthz', '/metrics', '/', '/configurator.js', '/embed', '/embed.js', '/favicon.ico', '/widget/d4i-map.js', '/widget/maplibre-gl-worker.mjs']),
    () => `/vendor/maplibre-gl/${mostly(['maplibre-gl.js', 'maplibre-gl.css', 'nope.js', '..%2F..%2Fpackage.json'])}`,
    () => `/${mostly(['api', 'tiles', 'styles', 'api/', 'tiles/grid', '.env', 'api/laus/', '%2e%2e/'])}${pick(['', '/', '//x'])}`,
  ];
  return () => {
    const path = pick(routes)();
    const method = random() < 0.8 ? 'GET' : pick(['HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH']);
    const headers: Record<string, string> = {};
    if (random() < 0.3) headers['accept-encoding'] = pick(['gzip', 'br', 'gzip, br', 'identity', 'x']);
    if (random() < 0.1) headers.range = pick(['bytes=0-10', 'bytes=-5', 'bytes=100000-', 'bytes=5-1', 'lines=1-2', 'bytes=0-1,3-4']);
    if (random() < 0.1) headers['if-none-match'] = pick(['*', '"x"', 'W/"y"', junk[14]]);
    if (random() < 0.1) headers.origin = pick(['https://example.org', 'null', junk[12]]);
    if (random() < 0.1) headers.host = pick(['evil.example', '127.0.0.1:1@evil', 'a_b', '[::1]']);
    if (method === 'OPTIONS' && random() < 0.5) headers['access-control-request-method'] = pick(['GET', 'POST']);
    return { path, method, headers };
  };
}

describe('fuzzed requests', () => {
  it(`answers ${REQUESTS} generated requests without a 5xx, every 4xx as {error, detail}`, { timeout: 180_000 }, async () => {
    const next = requestMaker(seeded(20261202));
    const problems: string[] = [];
    const statuses = new Map<number, number>();
    const check = (method: string, path: string, answer: RawResponse) => {
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      const what = `${method} ${path.slice(0, 200)} -> ${answer.status}`;
      if (answer.status >= 500) problems.push(`${what}: ${answer.decoded().toString().slice(0, 200)}`);
      if (answer.status >= 400 && method !== 'HEAD') {
        try {
          const body = answer.json();
          if (typeof body.error !== 'string' || !body.error || body.detail === undefined || body.detail === '')
            problems.push(`${what}: ${JSON.stringify(body)}`);
        } catch {
          problems.push(`${what}: not JSON: ${answer.decoded().toString().slice(0, 120)}`);
        }
      }
    };
    let sent = 0;
    const worker = async () => {
      while (sent < REQUESTS) {
        sent++;
        const { path, method, headers } = next();
        try {
          check(method, path, await http(`${api}${path}`, { method, headers }));
        } catch (error) {
          problems.push(`${method} ${path.slice(0, 200)}: ${(error as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    console.log(`fuzz: ${sent} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
    expect(problems.slice(0, 20)).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(2000);
    // a healthy server: /healthz and a tile
    expect((await http(`${api}/healthz`)).json().status).toBe('ok');
    expect((await http(`${api}/tiles/grid/0/0/0.mvt`)).status).toBe(200);
  });
});
