// GET /tiles/{source[,source...]}/{z}/{x}/{y}.mvt (.pbf): the hot path, on plain node:http rather than
// through express's router and middleware, so a cached tile costs little more than writing its bytes
// (`npm run d4i -- bench tiles` compares it with a bare node:http server).
//
// validate -> negotiate br/gzip/identity -> ETag / 304 -> cache -> build (each source's layer bytes
// concatenated: MVT layers are top-level fields, so composites are plain concatenation) -> compress.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { Logger } from 'pino';
import { isValidTile } from '../tiles/tile-math.ts';
import { TileRequestError } from '../tiles/sources.ts';
import type { ServerConfig } from './config.ts';
import { corsHeaders, preflightHeaders } from './cors.ts';
import type { ServerMetrics } from './metrics.ts';
import type { SourcesState } from './sources-state.ts';
import type { TileCache } from './tile-cache.ts';

const TILE_PATH = /^\/tiles\/([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)$/;
const INTEGER = /^\d{1,10}$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT = 'public, max-age=300';
const SECURITY_HEADERS: OutgoingHttpHeaders = {
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

type Encoding = 'br' | 'gzip' | 'identity';

/** The best encoding the client accepts (q > 0), preferring brotli, then gzip. */
export function negotiateEncoding(header: string | undefined): Encoding {
  if (!header) return 'identity';
  const accepted = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) : 1);
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return 'identity';
}

function compress(raw: Uint8Array, encoding: Encoding): Buffer {
  if (encoding === 'gzip') return gzipSync(raw, { level: 6 });
  // quality 5: close to gzip's speed, smaller output; 11 (the default) takes 100x longer
  if (encoding === 'br') return brotliCompressSync(raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length } });
  return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
}

/** A small stable hash (FNV-1a) for ETags: the key itself can be long. */
function hashKey(key: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

export interface TileHandlerDeps {
  config: ServerConfig;
  state: SourcesState;
  cache: TileCache;
  metrics: ServerMetrics;
  logger: Logger;
}

export function createTileHandler({ config, state, cache, metrics, logger }: TileHandlerDeps) {
  const prefix = config.basePath;

  /** Answers the request if it is a tile URL; false lets the rest of the app have it. */
  return function handleTile(req: IncomingMessage, res: ServerResponse): boolean {
    const url = req.url ?? '';
    if (!url.startsWith(`${prefix}/tiles/`)) return false;
    const queryAt = url.indexOf('?');
    const path = url.slice(prefix.length, queryAt < 0 ? url.length : queryAt);
    const match = TILE_PATH.exec(path);
    if (!match) return false;
    const started = performance.now();
    const method = req.method ?? 'GET';
    const cors = corsHeaders(config.corsOrigins, req.headers.origin);

    const finish = (status: number, headers: OutgoingHttpHeaders, body?: Buffer, z?: number, hit?: boolean) => {
      res.writeHead(status, { ...SECURITY_HEADERS, ...cors, ...headers });
      res.end(method === 'HEAD' ? undefined : body);
      const seconds = (performance.now() - started) / 1000;
      metrics.requests.inc({ status: String(status) });
      if (z !== undefined) metrics.tileSeconds.observe({ z: String(z), cache: hit ? 'hit' : 'miss' }, seconds);
      logger.info({ req: { method, url }, res: { statusCode: status }, responseTime: Math.round(seconds * 1e4) / 10 }, 'request completed');
    };
    const fail = (status: number, error: string, detail?: unknown) =>
      finish(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }, Buffer.from(JSON.stringify({ error, detail })));

    if (method === 'OPTIONS') {
      res.writeHead(204, { ...preflightHeaders(config.corsOrigins, req), ...SECURITY_HEADERS });
      res.end();
      return true;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      fail(405, `method ${method} not allowed on tiles`, { allowed: ['GET', 'HEAD', 'OPTIONS'] });
      return true;
    }

    const data = state.current; // one snapshot for the whole request
    const [, sourceList, zText, xText, file] = match;
    const dot = file.lastIndexOf('.');
    const ext = dot < 0 ? '' : file.slice(dot + 1);
    const yText = dot < 0 ? file : file.slice(0, dot);
    if (ext !== 'mvt' && ext !== 'pbf') {
      fail(400, `bad extension "${ext ? `.${ext}` : '(none)'}": tiles are .mvt (or .pbf)`, { url: path });
      return true;
    }
    if (!INTEGER.test(zText) || !INTEGER.test(xText) || !INTEGER.test(yText)) {
      fail(400, 'z, x and y must be non-negative integers', { z: zText, x: xText, y: yText });
      return true;
    }
    const z = Number(zText);
    const x = Number(xText);
    const y = Number(yText);
    if (!isValidTile(z, x, y)) {
      fail(400, `tile ${z}/${x}/${y} is out of range (x and y must be below 2^z, z at most 30)`, { z, x, y });
      return true;
    }
    const ids = sourceList.split(',');
    const sources = ids.map((id) => data.sources.get(id));
    const unknown = ids.filter((_, k) => !sources[k]);
    if (unknown.length || new Set(ids).size !== ids.length) {
      fail(404, unknown.length ? `unknown tile source ${unknown.map((u) => `"${u}"`).join(', ')}` : 'a source is named twice', { available: [...data.sources.keys()] });
      return true;
    }
    const maxzoom = Math.max(...sources.map((s) => s!.maxzoom));
    if (z > maxzoom) {
      fail(404, `zoom ${z} is beyond this source's maxzoom ${maxzoom}: clients overzoom tiles of zoom ${maxzoom}`, { maxzoom });
      return true;
    }
    const query = new URLSearchParams(queryAt < 0 ? '' : url.slice(queryAt + 1));
    const allowed = new Set(['v', ...sources.flatMap((s) => s!.parameters)]);
    const unknownParams = [...new Set(query.keys())].filter((k) => !allowed.has(k));
    if (unknownParams.length) {
      fail(400, `unknown parameter ${unknownParams.map((p) => `"${p}"`).join(', ')}`, { allowed: [...allowed] });
      return true;
    }
    const fields = query.get('fields') ?? undefined;

    const encoding = negotiateEncoding(req.headers['accept-encoding']);
    const key = `${data.version}|${sourceList}|${z}/${x}/${y}|${fields ?? ''}`;
    const etag = `"${data.version}-${hashKey(key)}-${encoding}"`;
    const headers: OutgoingHttpHeaders = {
      'Content-Type': 'application/vnd.mapbox-vector-tile',
      'Cache-Control': query.get('v') === data.version ? IMMUTABLE : SHORT,
      ETag: etag,
      Vary: cors.Vary ? 'Accept-Encoding, Origin' : 'Accept-Encoding',
    };
    const ifNoneMatch = req.headers['if-none-match'];
    if (ifNoneMatch && (ifNoneMatch === '*' || ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag))) {
      finish(304, headers, undefined, z, true);
      return true;
    }

    const cacheKey = `${key}|${encoding}`;
    let body = cache.get(cacheKey);
    const hit = body !== undefined;
    if (body === undefined) {
      metrics.cacheMisses.inc();
      const layers: Uint8Array[] = [];
      try {
        for (const source of sources) {
          if (z < source!.minzoom || z > source!.maxzoom) continue;
          const layer = source!.getTile(z, x, y, { fields });
          if (layer) layers.push(layer);
        }
      } catch (error) {
        if (error instanceof TileRequestError) {
          fail(400, error.message);
          return true;
        }
        throw error;
      }
      body = layers.length === 0 ? Buffer.alloc(0) : compress(layers.length === 1 ? layers[0] : Buffer.concat(layers), encoding);
      cache.set(cacheKey, body);
      metrics.cacheBytes.set(cache.bytes);
    } else metrics.cacheHits.inc();

    if (body.length === 0) {
      finish(204, { 'Cache-Control': headers['Cache-Control'], ETag: etag, Vary: headers.Vary }, undefined, z, hit);
      return true;
    }
    if (encoding !== 'identity') headers['Content-Encoding'] = encoding;
    headers['Content-Length'] = body.length;
    metrics.tileBytes.inc({ encoding }, body.length);
    finish(200, headers, body, z, hit);
    return true;
  };
}
