// The express app: metadata (TileJSON, catalog, styles), ops (healthz, metrics), the widget, the configurator and
// JSON errors. Tiles themselves are answered before express, by tile-handler.ts.
import { existsSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import compression from 'compression';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { TileJson, TileSource } from '../core/mvt/tile-source.ts';
import { apiRouter } from './api/router.ts';
import { baseUrl } from './base-url.ts';
import { errorHint } from './http-error.ts';
import { isEmbedPage, opsAllowed } from './ops-access.ts';
import { qgisStyleRouter } from './qgis-style-routes.ts';
import { renderRouter } from './render-routes.ts';
import type { ServerConfig } from './config.ts';
import { GlyphError, glyphRange } from './glyphs.ts';
import { UserError } from '../core/errors.ts';
import { onlyParameters } from './api/params.ts';
import { sendBytes } from './byte-ranges.ts';
import { HttpError } from './http-error.ts';
import { corsHeaders, preflightHeaders } from './cors.ts';
import { clusterMetrics, isClusterWorker } from './cluster.ts';
import type { ServerMetrics } from './metrics.ts';
import type { HeavyJobs } from './heavy-jobs.ts';
import type { SourcesState } from './sources-state.ts';
import { defaultStyle } from './styles.ts';

export interface AppDeps {
  config: ServerConfig;
  state: SourcesState;
  metrics: ServerMetrics;
  logger: Logger;
  startedAt: Date;
  /** the worker pool for breaks, summaries and LAU lists */
  jobs: HeavyJobs;
}

/** TileJSON for one source or a composite ("grid,lau"): layers of all, tiles at the composite URL. */
function compositeTileJson(sources: TileSource[], tilesUrl: string, fields: string | undefined, lauFields: string | undefined): TileJson {
  const parts = sources.map((s) => s.tileJson(`${tilesUrl}/${s.id}`, { fields, lauFields }));
  const ids = sources.map((s) => s.id).join(',');
  const first = parts[0];
  const version = sources.map((s) => s.version).join('.');
  const suffix = (fields ? `&fields=${encodeURIComponent(fields)}` : '') + (lauFields ? `&lau_fields=${encodeURIComponent(lauFields)}` : '');
  return {
    ...first,
    name: parts.map((p) => p.name).join(' + '),
    description: parts.map((p) => p.description).join('; '),
    tiles: [`${tilesUrl}/${ids}/{z}/{x}/{y}.mvt?v=${version}${suffix}`],
    version: parts.length === 1 ? first.version : `1.0.0+${version.replace(/[^0-9A-Za-z.-]/g, '')}`,
    ...(parts.length > 1 ? { data_version: version } : {}),
    tilestats: {
      layerCount: parts.reduce((n, p) => n + ((p.tilestats as { layerCount: number } | undefined)?.layerCount ?? 0), 0),
      layers: parts.flatMap((p) => (p.tilestats as { layers: unknown[] } | undefined)?.layers ?? []),
    },
    minzoom: Math.min(...parts.map((p) => p.minzoom)),
    maxzoom: Math.max(...parts.map((p) => p.maxzoom)),
    attribution: [...new Set(parts.map((p) => p.attribution))].join('; '),
    vector_layers: parts.flatMap((p) => p.vector_layers),
  };
}

/** The 4xx a client's mistake deserves, or undefined for an unexpected error (a 500). */
function asHttpError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  // bad input the library refused (an unknown field, a malformed grid id): the message says what to fix
  if (error instanceof UserError) return new HttpError(400, error.message);
  // express and its body and URL parsers mark client errors with a 4xx status
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) return new HttpError(status, (error as Error).message);
  return undefined;
}

export function createApp({ config, state, metrics, logger, startedAt, jobs }: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // one short line per request, the same shape as the tile path's. A response cut short (the client
  // gone, the drain's grace run out) closes without 'finish': it is logged as aborted, not completed
  const finished = new WeakSet<object>();
  app.use((req, res, next) => {
    // Node also emits 'finish' when the socket is destroyed under a response; a sent one leaves it open
    const socket = req.socket;
    res.once('finish', () => {
      if (!socket.destroyed) finished.add(res);
    });
    next();
  });
  app.use(
    pinoHttp({
      logger,
      customSuccessMessage: (_req, res) => (finished.has(res) ? 'request completed' : 'request aborted'),
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(
    helmet({
      // tiles, styles and the widget are read from other sites' pages
      crossOriginResourcePolicy: { policy: 'cross-origin' },
      crossOriginEmbedderPolicy: false,
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          workerSrc: ["'self'", 'blob:'],
          connectSrc: ["'self'"],
          // only the embeddable map may be framed by other sites; the configurator and the rest only by us
          frameAncestors: [(req) => (isEmbedPage(config, (req as IncomingMessage).url) ? '*' : "'self'")],
          // plain http on 127.0.0.1 must keep working; a TLS proxy in front can add its own
          upgradeInsecureRequests: null,
        },
      },
      strictTransportSecurity: false,
      frameguard: false, // CSP frame-ancestors decides, per page
    }),
  );
  // glyph ranges (application/x-protobuf) shrink to about a third; the mime database calls them incompressible
  // a 206 is a slice of the identity bytes: never compressed
  app.use(
    compression({
      filter: (req, res) => res.statusCode !== 206 && (String(res.getHeader('Content-Type') ?? '').includes('protobuf') || compression.filter(req, res)),
    }),
  );
  app.use((req, res, next) => {
    res.on('finish', () => metrics.requests.inc({ status: String(res.statusCode) }));
    if (req.method === 'OPTIONS') {
      res
        .set(preflightHeaders(config.corsOrigins, req) as Record<string, string>)
        .status(204)
        .end();
      return;
    }
    res.set(corsHeaders(config.corsOrigins, req.headers.origin) as Record<string, string>);
    next();
  });

  const router = express.Router();

  const tileJson = async (req: Request, res: Response) => {
    onlyParameters(req, ['fields', 'lau_fields']);
    const data = state.current;
    // the grid's field ranges (tilestats) come from a worker thread: a scan of every cell per field
    await jobs.ready(data);
    const ids = String(req.params.sources).split(',');
    const sources = ids.map((id) => data.sources.get(id));
    const unknown = ids.filter((_, k) => !sources[k]);
    if (unknown.length) throw new HttpError(404, `unknown tile source ${unknown.map((u) => `"${u}"`).join(', ')}`, { available: [...data.sources.keys()] });
    // the basemap's TileJSON: once its thread has loaded it
    await Promise.all(sources.map((s) => s!.ready));
    const fields = typeof req.query.fields === 'string' ? req.query.fields : undefined;
    const lauFields = typeof req.query.lau_fields === 'string' ? req.query.lau_fields : undefined;
    for (const [name, value] of [
      ['fields', fields],
      ['lau_fields', lauFields],
    ] as const) {
      if (value === undefined) continue;
      if (!sources.some((s) => s!.parameters.includes(name))) throw new HttpError(400, `unknown parameter "${name}" for ${ids.join(',')}`);
      // checked now, so a bad field list fails here and not on every tile (a TileRequestError: a 400)
      for (const s of sources) if (s!.parameters.includes(name)) s!.checkOptions({ fields, lauFields });
    }
    res.set('Cache-Control', 'public, max-age=60').json(compositeTileJson(sources as TileSource[], `${baseUrl(config, req)}/tiles`, fields, lauFields));
  };
  router.get('/tiles/:sources.json', tileJson);
  router.get('/tiles/:sources/metadata.json', tileJson);

  router.get('/catalog', (req, res) => {
    onlyParameters(req, []);
    const data = state.current;
    const base = baseUrl(config, req);
    res.set('Cache-Control', 'public, max-age=60').json({
      version: data.version,
      sources: [...data.sources.values()].map((s) => ({
        id: s.id,
        description: s.description,
        version: s.version,
        minzoom: s.minzoom,
        maxzoom: s.maxzoom,
        tilejson: `${base}/tiles/${s.id}.json`,
        tiles: `${base}/tiles/${s.id}/{z}/{x}/{y}.mvt?v=${s.version}`,
      })),
      styles: [{ id: 'default', url: `${base}/styles/default.json` }],
    });
  });

  // the grid's style for QGIS (its vector tile renderer as QML): the web map's classes and colours
  // /styles/grid.qml and /styles/lau.qml: native QGIS styles of the two layers
  router.use(qgisStyleRouter(state, config, jobs));

  router.get('/styles/:name.json', (req, res) => {
    onlyParameters(req, []);
    if (req.params.name !== 'default') throw new HttpError(404, `unknown style "${req.params.name}"`, { available: ['default'] });
    const style = JSON.stringify(defaultStyle(baseUrl(config, req), state.current.facts.allIndicators));
    sendBytes(req, res.set({ 'Cache-Control': 'public, max-age=60', 'Content-Type': 'application/json; charset=utf-8' }), Buffer.from(style));
  });

  router.use('/api', apiRouter(state, jobs));
  // /render.png and /render.pdf: the static map (no browser), drawn in a worker thread
  router.use(renderRouter(state, jobs));

  router.get('/fonts/:fontstack/:range.pbf', async (req, res) => {
    onlyParameters(req, []);
    try {
      const pbf = await glyphRange(String(req.params.fontstack), String(req.params.range));
      sendBytes(req, res.set({ 'Content-Type': 'application/x-protobuf', 'Cache-Control': 'public, max-age=86400' }), pbf);
    } catch (error) {
      if (error instanceof GlyphError) throw new HttpError(404, error.message);
      throw error;
    }
  });

  router.get('/healthz', (req, res) => {
    const data = state.current;
    const health = { status: 'ok', dataVersion: data.version };
    // where the pack lives and the process id are for operators: loopback only unless OPS_PUBLIC
    const details = opsAllowed(config, req)
      ? { pack: config.pack, loadedAt: data.loadedAt.toISOString(), uptimeSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000), pid: process.pid }
      : {};
    res.set('Cache-Control', 'no-store').json({ ...health, ...details });
  });

  router.get('/metrics', async (req, res) => {
    if (!opsAllowed(config, req))
      throw new HttpError(403, '/metrics is served to loopback clients only', 'set OPS_PUBLIC=1 (or --ops-public) to serve it to everyone');
    // in a cluster, the primary sums every worker's metrics
    res.set('Content-Type', metrics.registry.contentType).send(isClusterWorker() ? await clusterMetrics() : await metrics.registry.metrics());
  });

  // the widget: one ES module built by vite (npm run build:widget), maplibre-gl's worker beside it
  const widgetFile = fileURLToPath(new URL('../dist/widget/d4i-map.js', import.meta.url));
  router.get('/widget/d4i-map.js', (_req, res) => {
    if (!existsSync(widgetFile)) throw new HttpError(503, 'the widget is not built: run npm run build:widget');
    res.sendFile(widgetFile, { maxAge: '5m' });
  });
  const maplibreWorker = createRequire(import.meta.url).resolve('maplibre-gl/dist/maplibre-gl-worker.mjs');
  router.get('/widget/maplibre-gl-worker.mjs', (_req, res) => res.sendFile(maplibreWorker, { maxAge: '1d' }));

  // maplibre-gl for GIS users' own pages (the widget bundles its own copy)
  const maplibreDist = dirname(createRequire(import.meta.url).resolve('maplibre-gl/dist/maplibre-gl.mjs'));
  router.use('/vendor/maplibre-gl', express.static(maplibreDist, { maxAge: '1d' }));
  // the configurator and the iframe page
  const page = (file: string) => (_req: Request, res: Response) => res.sendFile(fileURLToPath(new URL(`./pages/${file}`, import.meta.url)));
  router.get('/', page('configurator.html'));
  router.get('/configurator.js', page('configurator.js'));
  router.get('/embed', page('embed.html'));
  router.get('/embed.js', page('embed.js'));
  router.get('/favicon.ico', (_req, res) => res.status(204).end());

  app.use(config.basePath || '/', router);

  app.use((req, _res, next) => next(new HttpError(404, `no such resource: ${req.method} ${req.path}`)));
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const httpError = asHttpError(error);
    if (!httpError) {
      // a bug, not the client's doing: logged with its stack, answered without internals
      req.log.error({ err: error }, 'unexpected error');
      res
        .status(500)
        .set('Cache-Control', 'no-store')
        .json({ error: 'internal error', detail: `logged by the server as request ${req.id}` });
      return;
    }
    res
      .status(httpError.status)
      .set({ 'Cache-Control': 'no-store', ...httpError.headers })
      .json({ error: httpError.message, detail: httpError.detail ?? errorHint(httpError.status) });
  });
  return app;
}
