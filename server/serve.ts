// Start the HTTP server: tiles on the fast path, everything else through express; reload the pack on
// SIGHUP and when the pack file is replaced (an atomic rename, as d4i import does it); on SIGTERM stop
// accepting connections, finish the requests in flight within the grace period (connections.ts) and exit.
import { type FSWatcher, statSync, watch } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { basename, dirname } from 'node:path';
import { pino, type Logger } from 'pino';
import { createApp } from './app.ts';
import { ConfigError, type ServerConfig } from './config.ts';
import { Connections, type DrainResult } from './connections.ts';
import { MemoryBudget } from '../core/memory-budget.ts';
import { keepSemiSpaceFlagToMainThread } from './node-flags.ts';
import { HeavyJobs } from './heavy-jobs.ts';
import { createMetrics, type ServerMetrics } from './metrics.ts';
import { PooledLauSource } from './pooled-lau-source.ts';
import { type ServedData, SourcesState } from './sources-state.ts';
import { TileCache } from './tile-cache.ts';
import { createTileHandler } from './tile-handler.ts';
import { keepTickObjectShape } from './tick-object-shape.ts';

/** MB kept for LAU indexes and API answers when CACHE_MB=0 (rebuilding an index per tile would be far slower). */
const MIN_DERIVED_CACHE_MB = 64;

export interface RunningServer {
  server: Server;
  /** where to open it, e.g. http://127.0.0.1:8080/ */
  url: string;
  state: SourcesState;
  cache: TileCache;
  metrics: ServerMetrics;
  /** the worker pool for breaks, summaries and LAU lists */
  jobs: HeavyJobs;
  /** the one memory budget of every cache */
  budget: MemoryBudget;
  /** the open sockets and the responses under way on them */
  connections: Connections;
  logger: Logger;
  /** load the pack again (what SIGHUP does), in a worker thread; resolves false if the new file is unusable */
  reload(): Promise<boolean>;
  /** stop accepting, finish in-flight requests (cut after the grace period, default the configured one), close */
  close(graceMs?: number): Promise<DrainResult>;
}

/** pino: JSON lines, or readable lines (pino-pretty) when stdout is a terminal. */
export function createLogger(level: string): Logger {
  return process.stdout.isTTY
    ? pino({ level, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } })
    : pino({ level });
}

export async function startServer(config: ServerConfig, logger: Logger = createLogger(config.logLevel)): Promise<RunningServer> {
  keepSemiSpaceFlagToMainThread(); // before any thread starts
  keepTickObjectShape(); // before the server can idle
  // one budget for every cache; CACHE_MB=0 turns the tile cache off and leaves the rest a floor
  // a quarter of it is the LAU tile thread's, for its region indexes
  const cacheBytes = (config.cacheMb || MIN_DERIVED_CACHE_MB) * 1_000_000;
  const lauIndexBytes = Math.floor(cacheBytes / 4);
  const budget = new MemoryBudget(cacheBytes - lauIndexBytes);
  const state = new SourcesState(config.pack, lauIndexBytes);
  const cache = new TileCache(budget, config.cacheMb > 0);
  const metrics = createMetrics(
    () => ({ ...budget.byKind(), 'lau-index': lauIndexBytesHeld(state.current) }),
    () => ({ zooms: state.current.prebuilt.readyZooms.length, bytes: state.current.prebuilt.bytes }),
  );
  const jobs = new HeavyJobs(state, config.heavy, budget);
  const app = createApp({ config, state, metrics, logger, startedAt: new Date(), jobs });
  const handleTile = createTileHandler({ config, state, cache, metrics, logger });
  // the header and request timeouts are checked this often (Node's default, 30 s, would let them run that much over)
  const connectionsCheckingInterval = Math.min(1000, config.timeouts.headersMs / 2);
  const server = createServer({ connectionsCheckingInterval }, (req, res) => {
    connections.track(req, res);
    try {
      if (!handleTile(req, res)) app(req, res);
    } catch (error) {
      // a bug on the tile path: logged with its stack, answered without internals
      logger.error({ err: error, url: req.url }, 'tile request failed');
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify({ error: 'internal error', detail: 'logged by the server' }));
    }
  });
  server.keepAliveTimeout = 65_000; // longer than common proxies' idle timeout
  // shorter than Node's defaults (60 s for headers, 300 s for a request, no send timeout): a client that
  // trickles its request or stops reading our answer gives its socket back within these
  server.headersTimeout = config.timeouts.headersMs;
  server.requestTimeout = config.timeouts.requestMs;
  const connections = new Connections(server, config.timeouts.sendMs);
  state.onChange((data, previous) => {
    cache.clear();
    logger.info({ dataVersion: data.version, previous: previous.version }, 'pack reloaded');
  });

  const reload = async (): Promise<boolean> => {
    try {
      await state.reload();
      return true;
    } catch (error) {
      logger.error({ err: error }, 'pack reload failed; still serving the previous data');
      return false;
    }
  };

  let watcher: FSWatcher | undefined;
  if (config.watch) {
    // watch the folder: an atomic replace is a rename onto the file name
    let timer: NodeJS.Timeout | undefined;
    let stamp = fileStamp(config.pack);
    watcher = watch(dirname(config.pack), (_event, name) => {
      if (name !== basename(config.pack)) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        const now = fileStamp(config.pack);
        if (now && now !== stamp) {
          stamp = now;
          void reload();
        }
      }, 300);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const taken = error.code === 'EADDRINUSE' || error.code === 'EACCES';
      reject(taken ? new ConfigError(`cannot listen on ${config.host}:${config.port}: ${error.message} (choose another --port or PORT)`) : error);
    });
    server.listen(config.port, config.host, () => resolve());
  });
  state.startThreads();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `${config.publicUrl ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`}${config.basePath}/`;

  const close = async (graceMs = config.timeouts.graceMs): Promise<DrainResult> => {
    watcher?.close();
    const result = await connections.drain(graceMs);
    await Promise.all([jobs.close(), state.close()]);
    return result;
  };
  return { server, url, state, cache, metrics, jobs, budget, connections, logger, reload, close };
}

/** Bytes the LAU tile thread's indexes hold (as of its last tile). */
function lauIndexBytesHeld(data: ServedData): number {
  const lau = data.sources.get('lau');
  return lau instanceof PooledLauSource ? lau.indexBytes : 0;
}

function fileStamp(path: string): string | undefined {
  try {
    const s = statSync(path);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return undefined;
  }
}

/** What the CLI adds: signals. SIGHUP reloads; SIGTERM and SIGINT drain and exit 0 (1 when responses had to be cut). */
export function handleSignals(running: RunningServer): void {
  process.on('SIGHUP', () => {
    running.logger.info('SIGHUP: reloading the pack');
    void running.reload();
  });
  const stop = (signal: string) => {
    running.logger.info(`${signal}: finishing requests in flight, then exiting`);
    running.close().then(({ cut, ms }) => {
      // a stop that had to cut answers is not a clean one: the supervisor should know
      if (cut) running.logger.error({ cut, ms }, `stopped after the grace period, ${cut} response(s) cut`);
      else running.logger.info({ ms }, 'every request finished; stopped');
      running.logger.flush?.();
      process.exit(cut ? 1 : 0);
    });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
