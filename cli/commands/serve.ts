// d4i serve: the tile server and data API on a pack (flags win over environment variables).
import { Command } from 'commander';
import type { ConfigInput } from '../../server/config.ts';
import { examples } from '../options.ts';

/** Start serving with flags + environment; prints the configuration and the URL to open. */
export async function serve(flags: ConfigInput): Promise<void> {
  // loaded on use: `d4i --help` and `d4i import` need none of the server
  const { resolveConfig, describeConfig } = await import('../../server/config.ts');
  const { isClusterWorker, runPrimary, announceWorker } = await import('../../server/cluster.ts');
  const config = resolveConfig(flags);
  const printReady = (url: string, summary: string) =>
    console.error(
      [`process       ${process.pid} (kill -HUP reloads the pack, -TERM stops)`, `data version  ${summary}`, '', `open          ${url}`].join('\n'),
    );
  if (config.workers > 1 && !isClusterWorker()) {
    console.error(describeConfig(config).join('\n'));
    runPrimary(config.workers, printReady);
    return;
  }
  const { startServer, handleSignals } = await import('../../server/serve.ts');
  const running = await startServer(config);
  handleSignals(running);
  const data = running.state.current;
  const finest = data.pack.levels[0];
  const summary = `${data.version} (${finest.count.toLocaleString('en')} cells at ${finest.res} m, ${data.pack.laus.count.toLocaleString('en')} LAUs)`;
  if (isClusterWorker()) {
    announceWorker(running.url, summary, running.metrics.registry);
    return;
  }
  console.error(describeConfig(config).join('\n'));
  printReady(running.url, summary);
}

export const serveCommand = () =>
  new Command('serve')
    .description('serve a pack as vector tiles, TileJSON, styles and the data API')
    .option('--pack <file>', 'pack to serve (env PACK)')
    .option('--port <n>', 'port (env PORT, default 8080; 0 = any free port)')
    .option('--host <host>', 'interface to listen on (env HOST, default 127.0.0.1)')
    .option('--cache-mb <n>', 'memory budget in MB of all caches: tiles, LAU indexes, API answers (env CACHE_MB, default 256; 0 = no tile cache)')
    .option('--cors-origins <list>', 'comma-separated origins allowed to read (env CORS_ORIGINS, default *)')
    .option('--public-url <url>', 'absolute URL clients use, for TileJSON tile URLs (env PUBLIC_URL)')
    .option('--allowed-hosts <list>', 'host names the Host header may give for the URLs we hand out, besides localhost and --host (env ALLOWED_HOSTS)')
    .option('--ops-public', 'serve /metrics and the detailed /healthz to every client, not only loopback (env OPS_PUBLIC=1)')
    .option('--base-path <path>', 'serve under this path, e.g. /maps (env BASE_PATH)')
    .option('--no-watch', 'do not reload when the pack file is replaced (env WATCH_PACK=0; SIGHUP still reloads)')
    .option('--workers <n>', 'server processes sharing the port, one per core (env WORKERS, default 1)')
    .option('--grace <seconds>', 'on SIGTERM, how long requests in flight may take before they are cut (env DRAIN_GRACE_S, default 30)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (env LOG_LEVEL, default info)')
    .addHelpText(
      'after',
      examples(
        'npm run d4i -- serve --pack data/europe.d4ipack --port 8080 --host 127.0.0.1',
        'PACK=data/nl.d4ipack PORT=9000 CACHE_MB=512 npm run d4i -- serve',
        'npm run d4i -- serve --pack data/europe.d4ipack --public-url https://tiles.example.org --base-path /d4i',
        'npm run d4i -- serve --pack data/europe.d4ipack --workers 2',
      ),
    )
    .action(async (opts) => serve(opts));
