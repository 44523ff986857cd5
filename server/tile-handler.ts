// GET /tiles/{source[,source...]}/{z}/{x}/{y}.mvt (.pbf): the hot path, on plain node:http rather than
// through express's router and middleware, so a cached tile costs little more than writing its bytes
// (`npm run d4i -- bench tiles` compares it with a bare node:http server).
//
// validate -> negotiate br/gzip/identity -> ETag / 304 -> cache -> build (each source's layer bytes
// concatenated: MVT layers are top-level fields, so composites are plain concatenation) -> compress.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { isValidTile } from '../core/mvt/tile-math.ts';
import { TileRequestError, type TileSource } from '../core/mvt/tile-source.ts';
import type { ServerConfig } from './config.ts';
import { corsHeaders, preflightHeaders } from './cors.ts';
import { errorHint } from './http-error.ts';
import type { ServerMetrics } from './metrics.ts';
import type { SourcesState } from './sources-state.ts';
import { byteRange, rangeNotSatisfiable } from './byte-ranges.ts';
import type { CachedTile, TileCache } from './tile-cache.ts';
import { PREBUILT_MAX_ZOOM } from './prebuilt-tiles.ts';
import { compressTileAsync, type Encoding } from './tile-compression.ts';

const TILE_PATH = /^\/tiles\/([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)$/;
const INTEGER = /^\d{1,10}$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT = 'public, max-age=300';
const SECURITY_HEADERS: OutgoingHttpHeaders = {
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

/** The compression the client prefers by q-value (RFC 9110 12.5.3), brotli on a tie; none if it takes neither. */
export function negotiateEncoding(header: string | undefined): Encoding {
  if (!header) return 'identity';
  const accepted = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = q ? Number(q.slice(2)) : 1;
    accepted.set(name, Number.isFinite(value) ? value : 0);
  }
  // the compressed codings by their q; no coding (identity) when neither is acceptable
  const qOf = (name: string) => accepted.get(name) ?? accepted.get('*') ?? 0;
  let best: Encoding = 'identity';
  let bestQ = 0;
  for (const name of ['br', 'gzip'] as const) {
    if (qOf(name) > bestQ) [best, bestQ] = [name, qOf(name)];
  }
  return best;
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
  const prefix = `${config.basePath}/tiles/`;
  const openCors = config.corsOrigins.includes('*');
  const encodings = new Map<string, Encoding>();
  /** tiles being built, by data version and canonical key */
  const building = new Map<string, Promise<CachedTile>>();
  /** Accept-Encoding headers repeat: parse each spelling once */
  const encodingOf = (header: string | undefined): Encoding => {
    if (!header) return 'identity';
    let encoding = encodings.get(header);
    if (!encoding) {
      encoding = negotiateEncoding(header);
      if (encodings.size < 256) encodings.set(header, encoding);
    }
    return encoding;
  };
  // timings, statuses and bytes go to counters that allocate nothing (tile-metrics.ts)
  const { tiles } = metrics;
  // a cached tile is the hot path: its line goes to debug (metrics count it); misses and errors to info
  const log = (method: string, url: string, status: number, started: number, hit = false) => {
    const seconds = (performance.now() - started) / 1000;
    tiles.status(status);
    const level = hit && status < 400 ? 'debug' : 'info';
    if (logger.isLevelEnabled(level)) {
      logger[level]({ req: { method, url }, res: { statusCode: status }, responseTime: Math.round(seconds * 1e4) / 10 }, 'request completed');
    }
    return seconds;
  };

  const send = (req: IncomingMessage, res: ServerResponse, tile: CachedTile, method: string, url: string, started: number, hit: boolean) => {
    const ifNoneMatch = req.headers['if-none-match'];
    if (
      ifNoneMatch &&
      (ifNoneMatch === '*' || ifNoneMatch === tile.etag || ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === tile.etag))
    ) {
      res.writeHead(304, tile.notModified);
      res.end();
      tiles.observe(tile.z, hit, log(method, url, 304, started, hit));
      return;
    }
    const range = tile.status === 200 ? byteRange(req, tile.body.length, tile.etag) : ({ status: 200 } as const);
    if (range.status === 416) {
      const error = rangeNotSatisfiable(tile.body.length);
      res.writeHead(416, { ...tile.notModified, ...error.headers, 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ error: error.message, detail: error.detail }));
      tiles.observe(tile.z, hit, log(method, url, 416, started));
      return;
    }
    if (range.status === 206) {
      res.writeHead(206, { ...tile.headers, ...range.headers });
      res.end(tile.body.subarray(range.start, range.end + 1));
      tiles.observe(tile.z, hit, log(method, url, 206, started));
      return;
    }
    res.writeHead(tile.status, tile.headers);
    res.end(method === 'HEAD' || tile.status === 204 ? undefined : tile.body);
    if (tile.status === 200) tiles.sent(String(tile.headers['Content-Encoding'] ?? 'identity'), tile.body.length);
    tiles.observe(tile.z, hit, log(method, url, tile.status, started, hit));
  };

  /** Answers the request if it is a tile URL; false lets the rest of the app have it. */
  return function handleTile(req: IncomingMessage, res: ServerResponse): boolean {
    const url = req.url ?? '';
    if (!url.startsWith(prefix)) return false;
    const started = performance.now();
    const method = req.method ?? 'GET';
    const origin = req.headers.origin;
    const corsKey = openCors ? '*' : config.corsOrigins.includes(origin ?? '') ? origin! : '';
    const encoding = encodingOf(req.headers['accept-encoding']);
    const cacheKey = `${encoding}|${corsKey}|${url}`;

    // hot path: a cached response of the current data
    if (method === 'GET' || method === 'HEAD') {
      const cached = cache.get(cacheKey);
      if (cached && cached.version === state.current.version) {
        metrics.cacheHits.inc();
        send(req, res, cached, method, url, started, true);
        return true;
      }
    }

    const queryAt = url.indexOf('?');
    const path = url.slice(prefix.length - '/tiles/'.length, queryAt < 0 ? url.length : queryAt);
    const match = TILE_PATH.exec(path);
    if (!match) return false;
    const cors = corsHeaders(config.corsOrigins, origin);
    const fail = (status: number, error: string, detail?: unknown) => {
      res.writeHead(status, { ...SECURITY_HEADERS, ...cors, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify({ error, detail: detail ?? errorHint(status) }));
      log(method, url, status, started);
      return true;
    };

    if (method === 'OPTIONS') {
      res.writeHead(204, { ...preflightHeaders(config.corsOrigins, req), ...SECURITY_HEADERS });
      res.end();
      log(method, url, 204, started);
      return true;
    }
    if (method !== 'GET' && method !== 'HEAD') return fail(405, `method ${method} not allowed on tiles`, { allowed: ['GET', 'HEAD', 'OPTIONS'] });

    const data = state.current; // one snapshot for the whole request
    const [, sourceList, zText, xText, file] = match;
    const dot = file.lastIndexOf('.');
    const ext = dot < 0 ? '' : file.slice(dot + 1).toLowerCase();
    const yText = dot < 0 ? file : file.slice(0, dot);
    // .mvt, .pbf (any case) or none: clients spell tile URLs all three ways
    if (ext !== 'mvt' && ext !== 'pbf' && ext !== '') return fail(400, `bad extension ".${ext}": tiles are .mvt (or .pbf, or none)`, { url: path });
    if (!INTEGER.test(zText) || !INTEGER.test(xText) || !INTEGER.test(yText))
      return fail(400, 'z, x and y must be non-negative integers', { z: zText, x: xText, y: yText });
    const z = Number(zText);
    const x = Number(xText);
    const y = Number(yText);
    if (!isValidTile(z, x, y)) return fail(400, `tile ${z}/${x}/${y} is out of range (x and y must be below 2^z, z at most 30)`, { z, x, y });
    const ids = sourceList.split(',');
    const sources = ids.map((id) => data.sources.get(id));
    const unknown = ids.filter((_, k) => !sources[k]);
    if (unknown.length || new Set(ids).size !== ids.length) {
      return fail(404, unknown.length ? `unknown tile source ${unknown.map((u) => `"${u}"`).join(', ')}` : 'a source is named twice', {
        available: [...data.sources.keys()],
      });
    }
    const maxzoom = Math.max(...sources.map((s) => s!.maxzoom));
    if (z > maxzoom) return fail(404, `zoom ${z} is beyond this source's maxzoom ${maxzoom}: clients overzoom tiles of zoom ${maxzoom}`, { maxzoom });
    // parameters the sources know; others (cache-busters, keys and tokens that clients and proxies add)
    // are ignored, and kept out of the cache key and the ETag, so the key space stays bounded
    const query = new URLSearchParams(queryAt < 0 ? '' : url.slice(queryAt + 1));
    const known = new Set(['v', ...sources.flatMap((s) => s!.parameters)]);
    // the raw segments kept as written, so a URL without extras is its own canonical form (a fast-path hit)
    const keyOf = (segment: string) => {
      try {
        return decodeURIComponent(segment.split('=')[0]);
      } catch {
        return ''; // a malformed escape: not a parameter we know
      }
    };
    const kept =
      queryAt < 0
        ? []
        : url
            .slice(queryAt + 1)
            .split('&')
            .filter((p) => known.has(keyOf(p)));
    const canonicalKey = `${encoding}|${corsKey}|${url.slice(0, queryAt < 0 ? url.length : queryAt)}${kept.length ? `?${kept.join('&')}` : ''}`;
    if (canonicalKey !== cacheKey) {
      const cached = cache.get(canonicalKey);
      if (cached && cached.version === data.version) {
        metrics.cacheHits.inc();
        send(req, res, cached, method, url, started, true);
        return true;
      }
    }
    const fields = query.get('fields') ?? undefined;
    const lauFields = query.get('lau_fields') ?? undefined;

    const toTile = (body: Buffer): CachedTile => {
      const etag = `"${data.version}-${hashKey(`${sourceList}|${z}/${x}/${y}|${fields ?? ''}|${lauFields ?? ''}`)}-${encoding}"`;
      const common: OutgoingHttpHeaders = {
        ...SECURITY_HEADERS,
        ...cors,
        'Cache-Control': query.get('v') === data.version ? IMMUTABLE : SHORT,
        ETag: etag,
        Vary: cors.Vary ? 'Accept-Encoding, Origin' : 'Accept-Encoding',
      };
      const headers: OutgoingHttpHeaders =
        body.length === 0
          ? common
          : { ...common, 'Content-Type': 'application/vnd.mapbox-vector-tile', 'Content-Length': body.length, 'Accept-Ranges': 'bytes' };
      if (body.length > 0 && encoding !== 'identity') headers['Content-Encoding'] = encoding;
      const tile: CachedTile = { version: data.version, z, status: body.length === 0 ? 204 : 200, etag, headers, notModified: common, body };
      cache.set(canonicalKey, tile);
      metrics.cacheBytes.set(cache.bytes);
      return tile;
    };
    // the low zooms' grid tiles, prebuilt when the pack was loaded (prebuilt-tiles.ts)
    if (z <= PREBUILT_MAX_ZOOM && sources.length === 1 && sources[0]!.id === 'grid' && fields === undefined) {
      const body = data.prebuilt.get(z, x, y, encoding);
      if (body) {
        metrics.prebuilt.inc();
        send(req, res, toTile(body), method, url, started, true);
        return true;
      }
    }

    // one build per tile in flight: concurrent misses for the same key wait for it instead of building again
    const flightKey = `${data.version}|${canonicalKey}`;
    let build = building.get(flightKey);
    const waits = build !== undefined;
    if (build) metrics.coalesced.inc();
    else {
      metrics.cacheMisses.inc();
      const inZoom = sources.filter((source) => z >= source!.minzoom && z <= source!.maxzoom) as TileSource[];
      try {
        for (const source of inZoom) source.checkOptions({ fields, lauFields });
      } catch (error) {
        if (error instanceof TileRequestError) return fail(400, error.message);
        throw error;
      }
      // a source may make its tiles in another thread (LAU tiles: pooled-lau-source.ts)
      const body = Promise.all(inZoom.map((source) => source.getTile(z, x, y, { fields, lauFields }))).then((parts) => {
        const layers = parts.filter((part): part is Uint8Array => part !== undefined);
        return layers.length === 0 ? Buffer.alloc(0) : compressTileAsync(layers.length === 1 ? layers[0] : Buffer.concat(layers), encoding);
      });
      build = body.then(toTile).finally(() => building.delete(flightKey));
      building.set(flightKey, build);
    }
    build
      .then((tile) => send(req, res, tile, method, url, started, waits))
      .catch((error: Error) => {
        // compression or sending failed after the tile was made: a bug, logged with its stack
        logger.error({ err: error, url }, 'tile request failed');
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end(JSON.stringify({ error: 'internal error', detail: 'logged by the server' }));
      });
    return true;
  };
}
