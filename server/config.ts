// Server configuration: flags win over environment variables, which win over defaults.
import { UserError } from '../core/errors.ts';
import { HEAVY_DEFAULTS, type HeavyLimits } from './heavy-jobs.ts';

export interface ServerConfig {
  /** pack file to serve */
  pack: string;
  port: number;
  host: string;
  /** memory budget in MB of every cache: tile responses, LAU tile indexes, API answers (0: no tile cache, 64 MB for the rest) */
  cacheMb: number;
  /** origins allowed to read cross-origin; ['*'] = any */
  corsOrigins: string[];
  /** absolute URL clients reach this server at (TileJSON tile URLs); else taken from each request */
  publicUrl?: string;
  /** host names whose Host header may appear in the URLs we hand out (lower case, without port) */
  allowedHosts: string[];
  /** serve /metrics and the detailed /healthz to every client, not only loopback ones */
  opsPublic: boolean;
  /** path prefix the server is mounted under ("" or "/maps") */
  basePath: string;
  /** watch the pack file and reload it when it is replaced */
  watch: boolean;
  /** server processes sharing the port (node:cluster); 1 = this process only */
  workers: number;
  /** pino level: fatal, error, warn, info, debug, trace or silent */
  logLevel: string;
  /** worker threads for heavy requests (breaks, summaries, LAU lists), and how many jobs they take */
  heavy: HeavyLimits;
  timeouts: {
    /** a stop lets requests in flight finish this long, then cuts them */
    graceMs: number;
    /** a request's headers must arrive within this */
    headersMs: number;
    /** a whole request must arrive within this */
    requestMs: number;
    /** a socket on which nothing moves this long (a client that stopped reading) is closed */
    sendMs: number;
  };
}

export const CONFIG_DEFAULTS = {
  port: 8080,
  host: '127.0.0.1',
  cacheMb: 256,
  corsOrigins: '*',
  workers: 1,
  logLevel: 'info',
  graceSeconds: 30,
  headersSeconds: 10,
  requestSeconds: 20,
  sendSeconds: 20,
};

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
/** A host name or address as a Host header carries it, without the port: DNS labels, IPv4, or [IPv6]. */
export const HOST_NAME = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])$/;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export class ConfigError extends UserError {}

export interface ConfigInput {
  pack?: string;
  port?: string | number;
  host?: string;
  cacheMb?: string | number;
  corsOrigins?: string;
  publicUrl?: string;
  allowedHosts?: string;
  opsPublic?: boolean;
  basePath?: string;
  watch?: boolean;
  workers?: string | number;
  logLevel?: string;
  heavyThreads?: string | number;
  heavyJobs?: string | number;
  heavyJobsPerClient?: string | number;
  heavyTimeoutSeconds?: string | number;
  grace?: string | number;
}

function integer(name: string, value: string | number, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

/** A duration in seconds (fractions allowed, so tests can use short ones). */
function seconds(name: string, value: string | number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 86_400) throw new ConfigError(`${name} must be a number of seconds above 0, got "${value}"`);
  return n;
}

function oneOf(name: string, value: string, allowed: string[]): string {
  if (!allowed.includes(value)) throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value;
}

/**
 * Merge flags and environment into a checked configuration. The one place the server's environment
 * variables are read: PACK, PORT, HOST, CACHE_MB, CORS_ORIGINS, PUBLIC_URL, ALLOWED_HOSTS, OPS_PUBLIC, BASE_PATH,
 * WATCH_PACK (0 = do not watch the pack file), WORKERS, LOG_LEVEL, HEAVY_THREADS, HEAVY_JOBS, HEAVY_JOBS_PER_CLIENT,
 * HEAVY_TIMEOUT_S, DRAIN_GRACE_S, HEADERS_TIMEOUT_S, REQUEST_TIMEOUT_S, SEND_TIMEOUT_S.
 */
export function resolveConfig(flags: ConfigInput, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const pack = flags.pack ?? env.PACK;
  if (!pack) throw new ConfigError('no pack to serve: pass --pack FILE or set PACK (npm start builds the default one)');
  let basePath = flags.basePath ?? env.BASE_PATH ?? '';
  if (basePath && !basePath.startsWith('/')) basePath = `/${basePath}`;
  basePath = basePath.replace(/\/+$/, '');
  if (!/^(\/[A-Za-z0-9._~-]+)*$/.test(basePath)) throw new ConfigError(`BASE_PATH "${basePath}" must be a path such as /maps`);
  const publicUrl = (flags.publicUrl ?? env.PUBLIC_URL)?.replace(/\/+$/, '');
  if (publicUrl && !/^https?:\/\/[^/]+/.test(publicUrl)) throw new ConfigError(`PUBLIC_URL "${publicUrl}" must be an absolute http(s) URL`);
  const corsOrigins = (flags.corsOrigins ?? env.CORS_ORIGINS ?? CONFIG_DEFAULTS.corsOrigins)
    .split(',')
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  const host = flags.host ?? env.HOST ?? CONFIG_DEFAULTS.host;
  // the loopback names and the listen address are always ours; ALLOWED_HOSTS adds the names a proxy or DNS gives
  const allowedHosts = [...LOOPBACK_NAMES, host, ...(flags.allowedHosts ?? env.ALLOWED_HOSTS ?? '').split(',')]
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  for (const name of allowedHosts) if (!HOST_NAME.test(name)) throw new ConfigError(`ALLOWED_HOSTS: "${name}" is not a host name (no scheme or port)`);
  return {
    pack,
    port: integer('port', flags.port ?? env.PORT ?? CONFIG_DEFAULTS.port, 0, 65535),
    host,
    cacheMb: integer('CACHE_MB', flags.cacheMb ?? env.CACHE_MB ?? CONFIG_DEFAULTS.cacheMb, 0, 1_000_000),
    corsOrigins: corsOrigins.length ? corsOrigins : ['*'],
    publicUrl,
    allowedHosts: [...new Set(allowedHosts)],
    opsPublic: flags.opsPublic ?? env.OPS_PUBLIC === '1',
    basePath,
    watch: flags.watch ?? env.WATCH_PACK !== '0',
    workers: integer('workers', flags.workers ?? env.WORKERS ?? CONFIG_DEFAULTS.workers, 1, 64),
    logLevel: oneOf('LOG_LEVEL', flags.logLevel ?? env.LOG_LEVEL ?? CONFIG_DEFAULTS.logLevel, LOG_LEVELS),
    heavy: {
      threads: integer('HEAVY_THREADS', flags.heavyThreads ?? env.HEAVY_THREADS ?? HEAVY_DEFAULTS.threads, 1, 64),
      maxJobs: integer('HEAVY_JOBS', flags.heavyJobs ?? env.HEAVY_JOBS ?? HEAVY_DEFAULTS.maxJobs, 1, 10_000),
      perClient: integer('HEAVY_JOBS_PER_CLIENT', flags.heavyJobsPerClient ?? env.HEAVY_JOBS_PER_CLIENT ?? HEAVY_DEFAULTS.perClient, 1, 10_000),
      timeoutMs: 1000 * seconds('HEAVY_TIMEOUT_S', flags.heavyTimeoutSeconds ?? env.HEAVY_TIMEOUT_S ?? HEAVY_DEFAULTS.timeoutMs / 1000),
    },
    timeouts: {
      graceMs: 1000 * seconds('DRAIN_GRACE_S', flags.grace ?? env.DRAIN_GRACE_S ?? CONFIG_DEFAULTS.graceSeconds),
      headersMs: 1000 * seconds('HEADERS_TIMEOUT_S', env.HEADERS_TIMEOUT_S ?? CONFIG_DEFAULTS.headersSeconds),
      requestMs: 1000 * seconds('REQUEST_TIMEOUT_S', env.REQUEST_TIMEOUT_S ?? CONFIG_DEFAULTS.requestSeconds),
      sendMs: 1000 * seconds('SEND_TIMEOUT_S', env.SEND_TIMEOUT_S ?? CONFIG_DEFAULTS.sendSeconds),
    },
  };
}

/** The configuration as printed at start (one line per setting). */
export function describeConfig(config: ServerConfig): string[] {
  const { timeouts: t, heavy: h } = config;
  const s = (ms: number) => `${ms / 1000} s`;
  return [
    `pack          ${config.pack}${config.watch ? ' (reloaded on SIGHUP and when the file is replaced)' : ' (reloaded on SIGHUP)'}`,
    `listen        ${config.host}:${config.port}${config.basePath ? ` under ${config.basePath}` : ''}`,
    `public URL    ${config.publicUrl ?? `(from the Host header when it names ${config.allowedHosts.join(', ')}; else the address connected to)`}`,
    `ops views     /metrics and detailed /healthz ${config.opsPublic ? 'public (OPS_PUBLIC)' : 'for loopback clients only'}`,
    `caches        ${config.cacheMb} MB in all (tile responses, LAU tile indexes, API answers)${config.cacheMb ? '' : ': tile cache off'}`,
    `CORS origins  ${config.corsOrigins.join(', ')}`,
    `workers       ${config.workers}${config.workers > 1 ? ' processes (node:cluster; each has its own caches)' : ''}`,
    `timeouts      drain grace ${s(t.graceMs)}; headers ${s(t.headersMs)}, request ${s(t.requestMs)}, send ${s(t.sendMs)}`,
    `heavy jobs    ${h.threads} thread(s); at most ${h.maxJobs} at once, ${h.perClient} per client, ${s(h.timeoutMs)} each`,
  ];
}
