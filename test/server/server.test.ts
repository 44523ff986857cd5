// The tile server through real HTTP: tiles, encodings, caching headers, CORS, metadata, ops, errors, reload.
import { copyFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import { Ajv } from 'ajv';
import { PbfReader } from 'pbf';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { laeaToLonLat } from '../../core/grid/projection.ts';
import { latToTileY, lonToTileX } from '../../core/mvt/tile-math.ts';
import { loadPack } from '../../core/pack/pack.ts';
import { resolveConfig } from '../../server/config.ts';
import { type RunningServer, startServer } from '../../server/serve.ts';
import { buildTinyPack, tempDir } from '../support/helpers.ts';
import { http } from '../support/http-client.ts';
import { startTestServer } from '../support/test-server.ts';

const dir = tempDir();
let packA: string;
let packB: string;
let served: string;
let running: RunningServer;
let base: string;
let tile: string;

beforeAll(async () => {
  packA = await buildTinyPack(dir, 1);
  packB = await buildTinyPack(dir, 2);
  served = join(dir, 'served.d4ipack');
  copyFileSync(packA, served);
  running = await startTestServer(served, { cacheMb: 16 });
  base = running.url.replace(/\/$/, '');
  const z = 13;
  tile = `/tiles/grid/${z}/${Math.floor(lonToTileX(6.17, z))}/${Math.floor(latToTileY(51.37, z))}`;
}, 60_000);
afterAll(() => running?.close());

const version = () => running.state.current.version;

describe('tiles', () => {
  it('serves an MVT with layer grid, compressed as asked (br, gzip, identity), with Vary', async () => {
    const plain = await http(`${base}${tile}.mvt`);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/Accept-Encoding/);
    const layer = new VectorTile(new PbfReader(plain.body)).layers.grid;
    expect(layer.length).toBeGreaterThan(10);
    expect(layer.extent).toBe(4096);
    expect(layer.feature(0).properties.res).toBe(100);

    const gzip = await http(`${base}${tile}.mvt`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.decoded().equals(plain.body)).toBe(true);
    expect(Number(gzip.headers['content-length'])).toBe(gzip.body.length);
    const br = await http(`${base}${tile}.mvt`, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.decoded().equals(plain.body)).toBe(true);
    const noBr = await http(`${base}${tile}.mvt`, { headers: { 'Accept-Encoding': 'br;q=0, gzip' } });
    expect(noBr.headers['content-encoding']).toBe('gzip');
    // .pbf is the same tile
    const pbf = await http(`${base}${tile}.pbf`);
    expect(pbf.body.equals(plain.body)).toBe(true);
  });

  it('gives strong ETags and 304 on If-None-Match; long cache only under the current ?v=', async () => {
    const current = await http(`${base}${tile}.mvt?v=${version()}`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(current.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const etag = String(current.headers.etag);
    expect(etag).toMatch(/^"[^"]+"$/); // strong
    const again = await http(`${base}${tile}.mvt?v=${version()}`, { headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(etag);
    const otherEncoding = await http(`${base}${tile}.mvt?v=${version()}`, { headers: { 'Accept-Encoding': 'br', 'If-None-Match': etag } });
    expect(otherEncoding.status).toBe(200); // another representation, another ETag
    const stale = await http(`${base}${tile}.mvt?v=0000`);
    expect(stale.headers['cache-control']).toBe('public, max-age=300');
    const none = await http(`${base}${tile}.mvt`);
    expect(none.headers['cache-control']).toBe('public, max-age=300');
  });

  it('answers 204 for an empty tile', async () => {
    const empty = await http(`${base}/tiles/grid/10/0/0.mvt`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(empty.status).toBe(204);
    expect(empty.body.length).toBe(0);
    expect(empty.headers.etag).toBeDefined();
  });

  it('chooses fields with fields=, all of them with fields=all', async () => {
    const some = await http(`${base}${tile}.mvt?fields=T,share_born_abroad,GRD_ID`);
    const feature = new VectorTile(new PbfReader(some.body)).layers.grid.feature(0);
    expect(Object.keys(feature.properties).every((k) => ['T', 'share_born_abroad', 'GRD_ID'].includes(k))).toBe(true);
    expect(feature.properties.GRD_ID).toMatch(/^CRS3035RES100m/);
    const all = await http(`${base}${tile}.mvt?fields=all`);
    expect(all.body.length).toBeGreaterThan(some.body.length);
    const bad = await http(`${base}${tile}.mvt?fields=T,nope`);
    expect(bad.status).toBe(400);
    expect(bad.json().error).toMatch(/unknown field "nope"/);
  });

  it('serves composite requests (the layers of each source, in order) and refuses unknown sources', async () => {
    const lauTile = tile.replace('/grid/', '/lau/');
    const grid = await http(`${base}${tile}.mvt`);
    const lau = await http(`${base}${lauTile}.mvt`);
    expect(lau.status).toBe(200);
    const composite = await http(`${base}${tile.replace('/grid/', '/grid,lau/')}.mvt`);
    expect(composite.status).toBe(200);
    expect(composite.body.equals(Buffer.concat([grid.body, lau.body]))).toBe(true);
    const layers = new VectorTile(new PbfReader(composite.body)).layers;
    expect(Object.keys(layers)).toEqual(['grid', 'lau']);
    expect(layers.grid.length).toBeGreaterThan(10);
    expect(layers.lau.feature(0).properties.LAU_NAME).toMatch(/\w/);
    const tj = (await http(`${base}/tiles/grid,lau.json`)).json();
    expect(tj.vector_layers.map((l: { id: string }) => l.id)).toEqual(['grid', 'lau', 'small_town']);
    expect(tj.tiles[0]).toMatch(/\/tiles\/grid,lau\/\{z\}\/\{x\}\/\{y\}\.mvt\?v=/);
    // a slim default property set; lau_fields=all (or a list) for GIS users
    const slim = layers.lau.feature(0).properties;
    expect(Object.keys(slim).sort()).toEqual(['GISCO_ID', 'LAU_NAME', 'T', 'share_born_abroad', 'small_town_high_share']);
    const all = new VectorTile(new PbfReader((await http(`${base}${lauTile}.mvt?lau_fields=all`)).body)).layers.lau.feature(0).properties;
    for (const name of ['LAU_ID', 'CNTR_CODE', 'NAT', 'EU_OTH', 'OTH', 'C_NAT', 'share_foreign_citizens', 'density']) expect(all, name).toHaveProperty(name);
    const bad = await http(`${base}${lauTile}.mvt?lau_fields=colour`);
    expect(bad.status).toBe(400);
    expect(bad.json().error).toMatch(/unknown LAU field "colour"/);
    expect((await http(`${base}/tiles/lau.json?lau_fields=T,LAU_ID`)).json().tiles[0]).toMatch(/&lau_fields=T%2CLAU_ID$/);
    // below z8 only the small towns of the D4I finding: the tiny area has none
    const low = tile.replace('/grid/13/', '/lau/7/').replace(/\/(\d+)\/(\d+)$/, (_, x, y) => `/${Math.floor(Number(x) / 64)}/${Math.floor(Number(y) / 64)}`);
    expect((await http(`${base}${low}.mvt`)).status).toBe(204);
    const unknown = await http(`${base}/tiles/grid,nope/1/1/1.mvt`);
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toEqual({ error: 'unknown tile source "nope"', detail: { available: ['grid', 'lau', 'base'] } });
  });

  it('serves the offline basemap: land, borders, coastline and place labels by zoom', async () => {
    const at = (z: number, lon: number, lat: number) => `${base}/tiles/base/${z}/${Math.floor(lonToTileX(lon, z))}/${Math.floor(latToTileY(lat, z))}.mvt`;
    const layersOf = async (url: string) => {
      const res = await http(url);
      expect(res.status, url).toBe(200);
      return new VectorTile(new PbfReader(res.body)).layers;
    };
    const europe = await layersOf(at(4, 5, 50));
    expect(Object.keys(europe).sort()).toEqual(['boundary', 'coastline', 'land', 'place']);
    const names = Array.from({ length: europe.land.length }, (_, k) => europe.land.feature(k).properties.name);
    expect(names).toEqual(expect.arrayContaining(['Netherlands', 'Germany', 'France']));
    const bigCities = Array.from({ length: europe.place.length }, (_, k) => europe.place.feature(k).properties);
    expect(bigCities.every((p) => (p.minzoom as number) <= 4)).toBe(true);
    const venlo = await layersOf(at(11, 6.17, 51.37));
    const places = Array.from({ length: venlo.place.length }, (_, k) => venlo.place.feature(k).properties.name);
    expect(places).toContain('Venlo');
    const tj = (await http(`${base}/tiles/base.json`)).json();
    expect(tj.attribution).toMatch(/Natural Earth.*GeoNames/);
  });

  it('takes the tile URLs clients write: any extension case, none, and parameters it does not know', async () => {
    const plain = await http(`${base}${tile}.mvt`);
    expect(plain.status).toBe(200);
    for (const variant of [`${tile}.MVT`, `${tile}.Pbf`, tile, `${tile}.mvt?_=123&key=abc`, `${tile}.mvt?v=${version()}&token=x%20y&_=9`]) {
      const res = await http(`${base}${variant}`);
      expect(res.status, variant).toBe(200);
      expect(res.body.equals(plain.body), variant).toBe(true);
      expect(res.headers.etag, variant).toBe(plain.headers.etag);
    }
    // a cache-buster does not grow the cache: one entry for the tile, however many spellings
    const entries = running.cache.entries;
    for (let k = 0; k < 20; k++) await http(`${base}${tile}.mvt?_=${k}`);
    expect(running.cache.entries).toBe(entries);
  });

  it('answers single byte ranges on tiles, styles, glyphs and the widget (206), and 416 past the end', async () => {
    const full = await http(`${base}${tile}.mvt`);
    expect(full.headers['accept-ranges']).toBe('bytes');
    const part = await http(`${base}${tile}.mvt`, { headers: { Range: 'bytes=0-99' } });
    expect(part.status).toBe(206);
    expect(part.body.length).toBe(100);
    expect(part.body.equals(full.body.subarray(0, 100))).toBe(true);
    expect(part.headers['content-range']).toBe(`bytes 0-99/${full.body.length}`);
    const tail = await http(`${base}${tile}.mvt`, { headers: { Range: 'bytes=-10' } });
    expect(tail.body.equals(full.body.subarray(full.body.length - 10))).toBe(true);
    const past = await http(`${base}${tile}.mvt`, { headers: { Range: `bytes=${full.body.length + 10}-` } });
    expect(past.status).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${full.body.length}`);
    // a stale If-Range gets the whole tile
    expect((await http(`${base}${tile}.mvt`, { headers: { Range: 'bytes=0-9', 'If-Range': '"old"' } })).status).toBe(200);
    for (const path of ['/styles/default.json', '/fonts/Open%20Sans%20Regular/0-255.pbf', '/widget/d4i-map.js']) {
      const whole = await http(`${base}${path}`);
      const slice = await http(`${base}${path}`, { headers: { Range: 'bytes=0-99', 'Accept-Encoding': 'gzip' } });
      expect(slice.status, path).toBe(206);
      expect(slice.body.equals(whole.body.subarray(0, 100)), path).toBe(true);
      expect((await http(`${base}${path}`, { headers: { Range: 'bytes=999999999-' } })).status, path).toBe(416);
    }
  });

  it('honours Accept-Encoding q-values', async () => {
    for (const [header, expected] of [
      ['br;q=0.1, gzip;q=1', 'gzip'],
      ['gzip;q=0.5, br;q=0.9', 'br'],
      ['identity;q=0, gzip', 'gzip'],
      ['*;q=0.2, br;q=0', 'gzip'],
      ['br;q=0, gzip;q=0', undefined],
    ] as const) {
      const res = await http(`${base}${tile}.mvt`, { headers: { 'Accept-Encoding': header } });
      expect(res.headers['content-encoding'], header).toBe(expected);
    }
  });

  it('refuses bad requests with a JSON reason, never a 5xx', async () => {
    const cases: [string, number, RegExp][] = [
      ['/tiles/nope/1/1/1.mvt', 404, /unknown tile source "nope"/],
      ['/tiles/grid/1/1/1.png', 400, /bad extension "\.png"/],
      ['/tiles/grid/a/1/1.mvt', 400, /non-negative integers/],
      ['/tiles/grid/1/-1/1.mvt', 400, /non-negative integers/],
      ['/tiles/grid/1.5/1/1.mvt', 400, /non-negative integers/],
      ['/tiles/grid/2/4/1.mvt', 400, /out of range/],
      ['/tiles/grid/31/0/0.mvt', 400, /out of range/],
      ['/tiles/grid/15/0/0.mvt', 404, /beyond this source's maxzoom 14/],
      ['/tiles/grid/1/1/1.mvt?fields=nope&_=1', 400, /unknown field "nope"/],
      ['/tiles/nope.json', 404, /unknown tile source "nope"/],
      ['/tiles/grid.json?x=1', 400, /unknown parameter "x"/],
      ['/tiles/grid.json?fields=bogus', 400, /unknown field "bogus"/],
      ['/styles/fancy.json', 404, /unknown style "fancy"/],
      ['/api/nothing', 404, /no such resource/],
      ['/%E0%A4%A', 404, /.+/],
      ['/tiles/grid,grid/1/1/1.mvt', 404, /named twice/],
    ];
    for (const [path, status, error] of cases) {
      const res = await http(`${base}${path}`);
      expect(res.status, path).toBe(status);
      expect(res.headers['content-type'], path).toMatch(/application\/json/);
      expect(res.json().error, path).toMatch(error);
      expect(res.json().detail, path).toBeTruthy();
    }
    const post = await http(`${base}${tile}.mvt`, { method: 'POST' });
    expect(post.status).toBe(405);
  });

  it('is open to cross-origin reads, with preflight', async () => {
    const res = await http(`${base}${tile}.mvt`, { headers: { Origin: 'https://city.example' } });
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const preflight = await http(`${base}${tile}.mvt`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://city.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'if-none-match' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-methods']).toMatch(/GET/);
    expect(preflight.headers['access-control-allow-headers']).toMatch(/\bIf-None-Match\b/);
    const json = await http(`${base}/tiles/grid.json`, { headers: { Origin: 'https://city.example' } });
    expect(json.headers['access-control-allow-origin']).toBe('*');
    expect(json.headers['cross-origin-resource-policy']).toBe('cross-origin');
  });
});

describe('metadata and ops', () => {
  it('serves TileJSON 3.0.0: versioned tile URLs, exact field types, described fields, tilestats, bounds from the cells', async () => {
    const tj = (await http(`${base}/tiles/grid.json`)).json();
    expect(tj.tilejson).toBe('3.0.0');
    expect(tj.tiles).toEqual([`${base}/tiles/grid/{z}/{x}/{y}.mvt?v=${version()}`]);
    // semver (the TileJSON schema's pattern), still moving with the data
    expect(tj.version).toBe(`1.0.0+${version()}`);
    expect(tj.version).toMatch(/^\d+\.\d+\.\d+(\+[0-9A-Za-z.-]+)?$/);
    expect(tj.data_version).toBe(version());
    expect(tj.minzoom).toBe(0);
    expect(tj.maxzoom).toBe(14);
    expect(tj.attribution).toBe('Synthetic test data');
    // the fields the tiles at this URL carry (the default set), typed exactly as GDAL reads them
    const layer = tj.vector_layers[0];
    expect(layer.id).toBe('grid');
    expect(layer.fields).toEqual({ res: 'Number', T: 'Number', NAT: 'Number', EU_OTH: 'Number', OTH: 'Number', conf: 'Number', NAT_conf: 'Number' });
    for (const name of Object.keys(layer.fields)) expect(layer.fields_description[name], name).toMatch(/\w/);
    expect(tj.available_fields).toEqual(expect.arrayContaining(['share_born_abroad', 'GRD_ID', 'OTH_AFR']));
    const all = (await http(`${base}/tiles/grid.json?fields=all`)).json();
    expect(all.tiles[0]).toMatch(/\?v=[0-9a-f]+&fields=all$/);
    expect(all.vector_layers[0].fields.GRD_ID).toBe('String');
    expect(all.vector_layers[0].fields.share_born_abroad).toBe('Number');
    expect(Object.keys(all.vector_layers[0].fields)).toHaveLength(tj.available_fields.length);
    const some = (await http(`${base}/tiles/grid.json?fields=T,share_born_abroad`)).json();
    expect(Object.keys(some.vector_layers[0].fields)).toEqual(['T', 'share_born_abroad']);
    // tilestats: the layer's cells, geometry and numeric ranges
    const stats = tj.tilestats.layers[0];
    const pack = loadPack(served);
    expect(stats).toMatchObject({ layer: 'grid', count: pack.levels[0].count, geometry: 'Polygon', attributeCount: Object.keys(layer.fields).length });
    const T = stats.attributes.find((a: { attribute: string }) => a.attribute === 'T');
    expect(T.min).toBe(Math.min(...pack.levels[0].values.T));
    expect(T.max).toBe(Math.max(...pack.levels.at(-1)!.values.T));
    // bounds hold every populated cell's centre and stay within a degree of the data; the centre is in them
    const [w, s, e, n] = tj.bounds;
    const finest = pack.levels[0];
    const box = [Infinity, Infinity, -Infinity, -Infinity];
    for (let i = 0; i < finest.count; i++) {
      const [lon, lat] = laeaToLonLat((finest.x[i] + 0.5) * finest.res, (finest.y[i] + 0.5) * finest.res);
      box[0] = Math.min(box[0], lon);
      box[1] = Math.min(box[1], lat);
      box[2] = Math.max(box[2], lon);
      box[3] = Math.max(box[3], lat);
    }
    expect(w <= box[0] && s <= box[1] && e >= box[2] && n >= box[3]).toBe(true);
    expect(Math.max(box[0] - w, box[1] - s, e - box[2], n - box[3])).toBeLessThan(1);
    expect(tj.center[0] > w && tj.center[0] < e && tj.center[1] > s && tj.center[1] < n).toBe(true);
    expect(tj.levels[14]).toEqual({ zoom: 14, res: 100, label: '100m' });
    expect((await http(`${base}/tiles/grid/metadata.json`)).json()).toEqual(tj);
    // the LAU and base sources follow the same rules: booleans are Boolean
    const lau = (await http(`${base}/tiles/lau.json`)).json();
    expect(lau.vector_layers[0].fields.small_town_high_share).toBe('Boolean');
    for (const source of [lau, (await http(`${base}/tiles/base.json`)).json()]) {
      for (const l of source.vector_layers) for (const type of Object.values(l.fields)) expect(['Number', 'String', 'Boolean']).toContain(type);
      expect(source.tilestats.layers.length).toBe(source.vector_layers.length);
      expect(source.version).toMatch(/^1\.0\.0\+/);
    }
    expect((await http(`${base}/catalog`)).headers['cache-control']).toMatch(/max-age/);
  });

  it('validates every TileJSON against the TileJSON 3.0.0 JSON schema', async () => {
    const schema = JSON.parse(readFileSync(new URL('../fixtures/tilejson-3.0.0/schema.json', import.meta.url), 'utf8'));
    // strict off: the published schema carries a top-level "name", which is not a JSON-schema keyword
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    for (const path of ['/tiles/grid.json', '/tiles/grid.json?fields=all', '/tiles/grid/metadata.json', '/tiles/lau.json', '/tiles/base.json']) {
      const tj = (await http(`${base}${path}`)).json();
      expect(validate(tj) ? [] : validate.errors, path).toEqual([]);
      // the schema bites: the bare hash we used to send as "version" fails it
      expect(validate({ ...tj, version: 'f87cf1c3df7eb06f' }), path).toBe(false);
    }
  });

  it('serves QGIS styles of both layers in the chosen language, and refuses what they cannot draw', async () => {
    const grid = await http(`${base}/styles/grid.qml?indicator=share_foreign_citizens&lang=nl&classes=4`);
    expect(grid.status).toBe(200);
    expect(grid.headers['content-type']).toMatch(/^application\/xml/);
    const gridQml = grid.body.toString();
    // four classes and the unknown class, over the citizenship basis
    expect(gridQml.match(/<style /g)).toHaveLength(5);
    expect(gridQml).toContain('Geen gegevens (vertrouwelijk)');
    expect(gridQml).toContain('&quot;C_NAT&quot;');
    // the MapLibre variant for QGIS: one layer per class and one for no data, filtering the share the tiles carry
    const variant = (await http(`${base}/styles/qgis.json?indicator=share_eu_citizens&classes=3`)).json();
    expect(variant.layers.map((l: { id: string }) => l.id)).toEqual(['grid-class-0', 'grid-class-1', 'grid-class-2', 'grid-no-data']);
    expect(variant.layers[3].filter).toEqual(['all', ['!has', 'share_eu_citizens'], ['has', 'conf_c']]);
    const lau = (await http(`${base}/styles/lau.qml?lang=es`)).body.toString();
    expect(lau).toContain('layer="lau"');
    expect(lau).toContain('Municipio pequeño con más del 20 % nacidos en el extranjero');
    expect(lau).toContain('&quot;share_born_abroad&quot; IS NULL');
    const errors: [string, number, RegExp][] = [
      ['/styles/grid.qml?indicator=nope', 400, /unknown indicator/],
      ['/styles/grid.qml?classes=20', 400, /classes/],
      ['/styles/grid.qml?lang=xx', 400, /lang/],
      ['/styles/grid.qml?colour=red', 400, /unknown parameter/],
      ['/styles/lau.qml?indicator=theil_birth', 400, /LAU tiles do not carry/],
      ['/styles/qgis.json?indicator=density', 400, /draws the shares/],
    ];
    for (const [path, status, message] of errors) {
      const res = await http(`${base}${path}`);
      expect(res.status, path).toBe(status);
      expect(res.json().error, path).toMatch(message);
    }
  });

  it('sends Cache-Control on every JSON route, answers and errors alike', async () => {
    const routes = ['/tiles/grid.json', '/tiles/grid/metadata.json', '/tiles/grid,lau.json', '/catalog', '/styles/default.json', '/styles/qgis.json'];
    routes.push('/api/indicators', '/api/breaks?indicator=share_born_abroad', '/api/laus', '/api/small-towns', '/api/search?q=ven', '/healthz');
    routes.push('/api/summary', '/api/nope', '/tiles/nope.json');
    for (const path of routes) {
      const res = await http(`${base}${path}`);
      expect(res.headers['content-type'], path).toMatch(/^application\/json/);
      expect(res.headers['cache-control'], path).toMatch(/max-age=\d+|no-store/);
    }
  });

  it('lists sources in /catalog and serves a style that uses only this server', async () => {
    const catalog = (await http(`${base}/catalog`)).json();
    expect(catalog.sources.map((s: { id: string }) => s.id)).toEqual(['grid', 'lau', 'base']);
    expect(catalog.sources[0].tilejson).toBe(`${base}/tiles/grid.json`);
    const style = (await http(`${base}/styles/default.json`)).json();
    expect(style.version).toBe(8);
    expect(style.sources.grid.url).toBe(`${base}/tiles/grid.json?fields=res,T,EU_OTH,OTH,NAT,conf,NAT_conf,EU_OTH_conf,OTH_conf`);
    expect(style.sources.base.url).toBe(`${base}/tiles/base.json`);
    expect(style.glyphs).toBe(`${base}/fonts/{fontstack}/{range}.pbf`);
    const urls = JSON.stringify(style).match(/https?:\/\/[^"]+/g) ?? [];
    expect(urls.every((u) => u.startsWith(base))).toBe(true);
    // the basemap under the grid, outlines and labels over it
    expect(style.layers.map((l: { id: string }) => l.id)).toEqual([
      'sea',
      'land',
      'coastline',
      'grid',
      'lau-outline',
      'lau-hit',
      'small-towns-hit',
      'small-towns-casing',
      'small-towns',
      'small-town-markers',
      'boundary',
      'place-label',
    ]);
    // every source and the glyphs the style names are served here
    for (const source of Object.values(style.sources) as { url: string }[]) expect((await http(source.url)).status).toBe(200);
    const font = style.layers.find((l: { id: string }) => l.id === 'place-label').layout['text-font'][0];
    const glyphs = await http(style.glyphs.replace('{fontstack}', encodeURIComponent(font)).replace('{range}', '0-255'));
    expect(glyphs.status).toBe(200);
    expect(glyphs.headers['content-type']).toBe('application/x-protobuf');
    expect(glyphs.body.length).toBeGreaterThan(20_000);
    // compressed when the client takes it (the mime database would leave x-protobuf alone)
    const gzipped = await http(style.glyphs.replace('{fontstack}', encodeURIComponent(font)).replace('{range}', '0-255'), {
      headers: { 'Accept-Encoding': 'gzip' },
    });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.decoded().equals(glyphs.body)).toBe(true);
    expect(gzipped.body.length).toBeLessThan(glyphs.body.length * 0.7);
    const badRange = await http(`${base}/fonts/${encodeURIComponent(font)}/0-100.pbf`);
    expect(badRange.status).toBe(404);
    expect(badRange.json().error).toMatch(/bad glyph range/);
  });

  it('builds a tile once however many ask for it at the same time', async () => {
    const counter = (text: string, name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
    const before = (await http(`${base}/metrics`)).body.toString();
    // a tile no other test asks for; its build held back 200 ms, so that every request arrives while it runs
    const url = `${base}/tiles/grid/12/${Math.floor(lonToTileX(6.2, 12))}/${Math.floor(latToTileY(51.4, 12))}.mvt?fields=all&v=${version()}`;
    const grid = running.state.current.sources.get('grid')!;
    const getTile = grid.getTile.bind(grid);
    grid.getTile = (...args) => new Promise((resolve) => setTimeout(() => resolve(getTile(...args)), 200));
    const answers = await Promise.all(Array.from({ length: 64 }, () => http(url, { headers: { 'accept-encoding': 'br' } }))).finally(() => {
      grid.getTile = getTile;
    });
    const after = (await http(`${base}/metrics`)).body.toString();
    expect(answers.every((a) => a.status === 200 && a.body.equals(answers[0].body))).toBe(true);
    expect(counter(after, 'd4i_tile_cache_misses_total') - counter(before, 'd4i_tile_cache_misses_total')).toBe(1);
    const coalesced = counter(after, 'd4i_tile_coalesced_total') - counter(before, 'd4i_tile_coalesced_total');
    const hits = counter(after, 'd4i_tile_cache_hits_total') - counter(before, 'd4i_tile_cache_hits_total');
    expect(coalesced + hits).toBe(63);
    expect(coalesced).toBeGreaterThan(50);
  });

  it('reports health and Prometheus metrics', async () => {
    const health = (await http(`${base}/healthz`)).json();
    expect(health).toMatchObject({ status: 'ok', dataVersion: version() });
    expect(health.uptimeSeconds).toBeGreaterThanOrEqual(0);
    await http(`${base}${tile}.mvt?fields=T`);
    await http(`${base}${tile}.mvt?fields=T`);
    const metrics = (await http(`${base}/metrics`)).body.toString();
    expect(metrics).toMatch(/d4i_tile_seconds_bucket\{le="0.005",z="13",cache="hit"\} [1-9]/);
    expect(metrics).toMatch(/d4i_tile_cache_hits_total [1-9]/);
    expect(metrics).toMatch(/d4i_tile_cache_misses_total [1-9]/);
    expect(metrics).toMatch(/d4i_http_requests_total\{status="200"\} [1-9]/);
    expect(metrics).toMatch(/d4i_tile_bytes_total\{encoding="identity"\} [1-9]/);
  });

  it('honours PUBLIC_URL and BASE_PATH', async () => {
    const other = await startTestServer(served, { basePath: '/maps', publicUrl: 'https://tiles.example.org' });
    try {
      const local = `http://127.0.0.1:${(other.server.address() as { port: number }).port}`;
      const tj = (await http(`${local}/maps/tiles/grid.json`)).json();
      expect(tj.tiles[0]).toBe(`https://tiles.example.org/maps/tiles/grid/{z}/{x}/{y}.mvt?v=${other.state.current.version}`);
      expect((await http(`${local}/maps${tile}.mvt`)).status).toBe(200);
      expect((await http(`${local}${tile}.mvt`)).status).toBe(404);
    } finally {
      await other.close();
    }
  });
});

describe('errors', () => {
  it('answers a client error with a 4xx and a bug with a logged 500, on the app and on the tile path', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const other = await startServer(resolveConfig({ pack: served, port: 0 }, {}), logger);
    const local = other.url.replace(/\/$/, '');
    const grid = other.state.current.sources.get('grid')!;
    try {
      // client errors: 4xx with what to fix, nothing logged as an error
      const badField = await http(`${local}/tiles/grid.json?fields=nope`);
      expect(badField.status).toBe(400);
      expect(badField.json().error).toMatch(/unknown field "nope"/);
      const badCell = await http(`${local}/api/cells/not-a-cell`);
      expect(badCell.status).toBe(400);
      expect(badCell.json().error).toMatch(/not-a-cell/);
      expect((await http(`${local}${tile}.mvt?fields=nope`)).status).toBe(400);
      expect(lines.filter((l) => JSON.parse(l).level >= 50)).toEqual([]);

      // a bug in a source: 500 with a JSON body that leaks nothing, and the stack in the log
      const checkOptions = grid.checkOptions.bind(grid);
      grid.checkOptions = () => {
        throw new TypeError('planted bug in checkOptions');
      };
      grid.getTile = () => {
        throw new TypeError('planted bug in getTile');
      };
      const app = await http(`${local}/tiles/grid.json?fields=T`);
      expect(app.status).toBe(500);
      expect(app.headers['content-type']).toMatch(/application\/json/);
      expect(app.json()).toEqual({ error: 'internal error', detail: expect.stringMatching(/^logged by the server as request \d+$/) });
      grid.checkOptions = checkOptions; // the tile path checks options first: the bug is in getTile now
      const tilePath = await http(`${local}${tile}.mvt?fields=T`);
      expect(tilePath.status).toBe(500);
      expect(tilePath.json()).toEqual({ error: 'internal error', detail: 'logged by the server' });
      const errors = lines.map((l) => JSON.parse(l)).filter((l) => l.level >= 50);
      expect(errors.map((e) => e.err.stack.split('\n')[0])).toEqual(['TypeError: planted bug in checkOptions', 'TypeError: planted bug in getTile']);
      expect(errors.every((e) => /\n\s+at /.test(e.err.stack))).toBe(true);
      // the server keeps serving
      expect((await http(`${local}/healthz`)).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe('reloading the pack', () => {
  it('loads a replaced pack without downtime; the data version moves into URLs and ETags', async () => {
    const before = version();
    const oldTile = await http(`${base}${tile}.mvt?v=${before}`, { headers: { 'Accept-Encoding': 'gzip' } });
    // replace atomically, as d4i import does; the watcher picks it up
    copyFileSync(packB, `${served}.tmp`);
    renameSync(`${served}.tmp`, served);
    const deadline = Date.now() + 10_000;
    while (version() === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const after = version();
    expect(after).toBe(loadPack(packB).dataVersion);
    expect(after).not.toBe(before);
    expect((await http(`${base}/healthz`)).json().dataVersion).toBe(after);
    expect((await http(`${base}/tiles/grid.json`)).json().tiles[0]).toContain(`?v=${after}`);
    // the old ETag no longer matches: clients get the new tile
    const revalidated = await http(`${base}${tile}.mvt?v=${before}`, { headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': String(oldTile.headers.etag) } });
    expect(revalidated.status).toBe(200);
    expect(revalidated.headers['cache-control']).toBe('public, max-age=300'); // the old ?v= is no longer current
    // an unusable file keeps the current data served
    writeFileSync(`${served}.tmp`, 'not a pack');
    renameSync(`${served}.tmp`, served);
    expect(await running.reload()).toBe(false);
    expect(version()).toBe(after);
    expect((await http(`${base}${tile}.mvt`)).status).toBe(200);
  }, 30_000);
});
