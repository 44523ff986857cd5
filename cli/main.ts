// d4i: the one command-line tool (npm run d4i -- <command>).
import { Command, InvalidArgumentError } from 'commander';
import { PackError } from '../core/pack/pack.ts';
import { runImport } from '../import/import.ts';
import { ImportFailed, type ImportReport, type ImportSummary } from '../import/report.ts';
import { formatPackSummary, summarisePack } from '../core/pack/inspect.ts';
import { createProgress } from '../core/progress.ts';
import type { GenerateSummary } from '../generate/generate.ts';
import type { ConfigInput } from '../server/config.ts';
import { PRESET_HELP } from '../generate/presets.ts';

const program = new Command('d4i')
  .description('D4I migration statistics on a 100 m grid: import, inspect, serve as vector tiles')
  .showHelpAfterError()
  .configureOutput({ outputError: (text, write) => write(text) });

const examples = (...lines: string[]) => `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;

function formatImport(summary: ImportSummary, report: ImportReport): string {
  const fmt = (n: number) => n.toLocaleString('en');
  const lines = [
    `rows        ${fmt(summary.rows)}${summary.skippedRows ? ` (${fmt(summary.skippedRows)} skipped)` : ''}`,
    `cells       ${fmt(summary.cells)} at ${summary.resolution} m`,
    `countries   ${Object.entries(summary.countries)
      .map(([c, n]) => `${c} ${fmt(n)}`)
      .join(', ')}`,
    `total T     ${fmt(summary.totals.T ?? 0)}`,
    `LAUs        ${fmt(summary.laus)}`,
    `levels      ${summary.levels.map((l) => `${l.res} m: ${fmt(l.cells)}`).join(', ')}`,
  ];
  if (summary.pack) lines.push(`pack        ${summary.pack.path} (${(summary.pack.bytes / 1e6).toFixed(1)} MB, data version ${summary.pack.dataVersion})`);
  lines.push(`time        ${summary.seconds.toFixed(1)} s`);
  const problems = report.format();
  return lines.join('\n') + (problems ? `\n${problems}` : '');
}

function formatGenerate(s: GenerateSummary): string {
  const fmt = (n: number) => Math.round(n).toLocaleString('en');
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const cells = s.countries.reduce((sum, c) => sum + c.cells, 0);
  const small = s.countries.reduce((sum, c) => sum + c.smallTownsHighShare, 0);
  return [
    `generated ${s.title} (preset ${s.preset}, seed ${s.seed}) into ${s.out} in ${s.seconds.toFixed(1)} s`,
    ...s.countries.map(
      (c) =>
        `  ${c.country}  ${fmt(c.cells).padStart(11)} cells  ${fmt(c.population).padStart(11)} residents  ${pct((c.bornEu + c.bornNonEu) / c.population).padStart(6)} born abroad  ${fmt(c.laus).padStart(6)} LAUs  ${fmt(c.smallTownsHighShare).padStart(5)} small LAUs > 20%`,
    ),
    `  total ${fmt(cells)} cells; ${fmt(small)} LAUs under 10,000 residents with more than 20% born abroad`,
    `  files: ${s.files.join(', ')}`,
  ].join('\n');
}

program
  .command('import')
  .description('import D4I-format grid files (+ LAU boundaries) into a grid pack')
  .requiredOption('--grid <files...>', 'grid files or folders: CSV (, or ;), .csv.gz, Parquet (tiled Eurostat grids too)')
  .option('--lau <file>', 'LAU boundaries GeoJSON (GISCO layout: GISCO_ID, CNTR_CODE, LAU_ID, LAU_NAME)')
  .option('--units <file>', 'cell-to-unit table CSV (GRD_ID, LAU_ID, GISCO_ID, ...); wins over the boundaries')
  .option('--mapping <file>', 'JSON mapping for other column / property names')
  .requiredOption('--out <pack>', 'pack file to write (atomically)')
  .option('--skip-invalid', 'drop invalid rows (reported) instead of failing')
  .option('--attribution <text>', 'credit line for maps and TileJSON')
  .option('--json', 'print the report as JSON')
  .addHelpText(
    'after',
    examples(
      'npm run d4i -- import --grid data/real/nl-1km.csv --lau gemeenten.geojson --mapping nl.json --out data/nl.d4ipack',
      'npm run d4i -- import --grid ../shared/data/real/census2021-grid-1km/tiles-1000m --out data/census2021.d4ipack',
    ),
  )
  .action(async (opts) => {
    const progress = createProgress({ quiet: Boolean(opts.json) });
    try {
      const { report, summary } = await runImport({ ...opts, progress });
      console.log(opts.json ? JSON.stringify({ summary, report }, null, 2) : formatImport(summary, report));
    } catch (error) {
      if (!(error instanceof ImportFailed)) throw error;
      if (opts.json) console.log(JSON.stringify({ error: error.message, report: error.report }, null, 2));
      else console.error(`${error.report.format()}\n${error.message}`);
      process.exitCode = 1;
    }
  });

program
  .command('inspect')
  .description('show what a grid pack holds: versions, levels, totals, countries, LAUs, bounds')
  .argument('<pack>', 'pack file')
  .option('--json', 'machine-readable output')
  .addHelpText('after', examples('npm run d4i -- inspect data/d4i.d4ipack', 'npm run d4i -- inspect data/d4i.d4ipack --json | jq .levels[0].totals'))
  .action((path: string, opts) => {
    const summary = summarisePack(path);
    console.log(opts.json ? JSON.stringify(summary, null, 2) : formatPackSummary(summary));
  });

program
  .command('generate')
  .description('write a synthetic D4I 2011 data set (grid CSVs + LAU GeoJSON + README) in the D4I input format')
  .option('--preset <preset>', PRESET_HELP, 'tiny')
  .option('--seed <n>', 'random seed: the same preset and seed give byte-identical files', (v) => nonNegativeInt(v), 1)
  .requiredOption('--out <dir>', 'folder to write (replaced as a whole when complete)')
  .option('--json', 'print the summary as JSON')
  .addHelpText(
    'after',
    examples(
      'npm run d4i -- generate --preset tiny --seed 1 --out data/tiny',
      'npm run d4i -- generate --preset city:Rotterdam --out data/rotterdam',
      'npm run d4i -- generate --preset country:NL --seed 7 --out data/nl',
      'npm run d4i -- generate --preset europe --out data/europe',
    ),
  )
  .action(async (opts) => {
    const { generate } = await import('../generate/generate.ts');
    const summary = await generate({ preset: opts.preset, seed: opts.seed, out: opts.out, progress: createProgress({ quiet: Boolean(opts.json) }) });
    console.log(opts.json ? JSON.stringify(summary, null, 2) : formatGenerate(summary));
  });

/** Start serving with flags + environment; prints the configuration and the URL to open. */
async function serve(flags: ConfigInput): Promise<void> {
  const { resolveConfig, describeConfig } = await import('../server/config.ts');
  const { isClusterWorker, runPrimary, announceWorker } = await import('../server/cluster.ts');
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
  const { startServer, handleSignals } = await import('../server/serve.ts');
  const running = await startServer(config);
  handleSignals(running);
  const data = running.state.current;
  const summary = `${data.version} (${data.pack.levels[0].count.toLocaleString('en')} cells at ${data.pack.levels[0].res} m, ${data.pack.laus.count.toLocaleString('en')} LAUs)`;
  if (isClusterWorker()) {
    announceWorker(running.url, summary, running.metrics.registry);
    return;
  }
  console.error(describeConfig(config).join('\n'));
  printReady(running.url, summary);
}

program
  .command('serve')
  .description('serve a pack as vector tiles, TileJSON, styles and the data API')
  .option('--pack <file>', 'pack to serve (env PACK)')
  .option('--port <n>', 'port (env PORT, default 8080; 0 = any free port)')
  .option('--host <host>', 'interface to listen on (env HOST, default 127.0.0.1)')
  .option('--cache-mb <n>', 'compressed tile cache size in MB (env CACHE_MB, default 256; 0 = off)')
  .option('--cors-origins <list>', 'comma-separated origins allowed to read (env CORS_ORIGINS, default *)')
  .option('--public-url <url>', 'absolute URL clients use, for TileJSON tile URLs (env PUBLIC_URL)')
  .option('--base-path <path>', 'serve under this path, e.g. /maps (env BASE_PATH)')
  .option('--no-watch', 'do not reload when the pack file is replaced (SIGHUP still reloads)')
  .option('--workers <n>', 'server processes sharing the port, one per core (env WORKERS, default 1)')
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

program
  .command('start')
  .description('build the default synthetic data set once (into data/), then serve it; what `npm start` runs')
  .option('--preset <preset>', `data set to build and use (env D4I_PRESET): ${PRESET_HELP}`, process.env.D4I_PRESET ?? 'europe')
  .option('--seed <n>', 'random seed of the generated set', (v) => nonNegativeInt(v), 1)
  .option('--port <n>', 'port (env PORT, default 8080)')
  .option('--host <host>', 'interface to listen on (env HOST, default 127.0.0.1)')
  .addHelpText('after', examples('npm start', 'D4I_PRESET=country:NL npm start', 'npm start -- --preset tiny --port 9000'))
  .action(async (opts) => {
    const { ensureDefaultPack } = await import('./default-data.ts');
    const pack = await ensureDefaultPack(opts.preset, opts.seed, createProgress());
    await serve({ pack, port: opts.port, host: opts.host });
  });

const bench = program
  .command('bench')
  .description('benchmarks (print figures; see scripts/bench-*)')
  .addHelpText('after', examples('npm run d4i -- bench import', 'npm run d4i -- bench generate', 'npm run d4i -- bench tiles', 'npm run d4i -- bench csv'));

bench
  .command('import')
  .description('import speed, pack size, load time and RSS on the Census 2021 Parquet tiles (1.9 M cells)')
  .option('--grid <path>', 'grid input', '../shared/data/real/census2021-grid-1km/tiles-1000m')
  .option('--out <pack>', 'pack to write', 'data/bench-import.d4ipack')
  .addHelpText('after', examples('npm run d4i -- bench import'))
  .action(async (opts) => {
    const { benchImport } = await import('../bench/import.ts');
    await benchImport(opts);
  });

bench
  .command('generate')
  .description('generate + import a preset in separate processes: cells, seconds, pack size, peak RSS, small-town count')
  .option('--preset <preset>', PRESET_HELP, 'europe')
  .option('--keep <dir>', 'keep the generated set and pack in this folder')
  .addHelpText('after', examples('npm run d4i -- bench generate', 'npm run d4i -- bench generate --preset country:NL'))
  .action(async (opts) => {
    const { benchGenerate } = await import('../bench/generate.ts');
    await benchGenerate(opts);
  });

bench
  .command('tiles')
  .description('cold tile time and size per zoom, warm HTTP throughput against bare node:http, server RSS')
  .option('--pack <file>', 'pack to measure', 'data/europe.d4ipack')
  .option('--tiles <n>', 'tiles per zoom (under populated cells)', (v) => positiveInt(v), 300)
  .option('--seconds <n>', 'duration of each throughput run', (v) => positiveInt(v), 10)
  .option('--connections <n>', 'concurrent keep-alive connections', (v) => positiveInt(v), 16)
  .addHelpText('after', examples('npm run d4i -- bench tiles', 'npm run d4i -- bench tiles --pack data/tiny.d4ipack --tiles 50 --seconds 3'))
  .action(async (opts) => {
    const { benchTiles } = await import('../bench/tiles.ts');
    await benchTiles(opts);
  });

bench
  .command('postgis')
  .description('tiles/s against PostgreSQL 15 + PostGIS 3 (ST_AsMVT) on the same cells, levels and tile lists, zooms 6-14')
  .option('--pack <file>', 'pack to load into both', 'data/europe.d4ipack')
  .option('--tiles <n>', 'tiles per zoom (under populated cells)', (v) => positiveInt(v), 200)
  .option('--seconds <n>', 'duration of each run', (v) => positiveInt(v), 10)
  .option('--clients <n>', 'concurrent clients (pgbench -c, HTTP connections)', (v) => positiveInt(v), 2)
  .option('--workers <n>', 'd4i server processes (PostGIS runs one backend per client)', (v) => positiveInt(v), 2)
  .addHelpText('after', examples('npm run d4i -- bench postgis', 'npm run d4i -- bench postgis --pack data/nl.d4ipack --seconds 5'))
  .action(async (opts) => {
    const { benchPostgis } = await import('../bench/postgis.ts');
    await benchPostgis(opts);
  });

bench
  .command('api')
  .description('search latency, /api/laus CSV for every LAU, breaks, summaries and start-up of d4i serve on a pack')
  .option('--pack <file>', 'pack to serve', 'data/europe.d4ipack')
  .option('--queries <n>', 'search queries', (v) => positiveInt(v), 1000)
  .addHelpText('after', examples('npm run d4i -- bench api', 'npm run d4i -- bench api --pack data/tiny.d4ipack --queries 200'))
  .action(async (opts) => {
    const { benchApi } = await import('../bench/api.ts');
    await benchApi(opts);
  });

bench
  .command('widget')
  .description('widget bundle sizes (whole, and its own code gzipped) and page load to d4i-ready in Chromium')
  .option('--pack <file>', 'pack to serve', 'data/europe.d4ipack')
  .option('--place <name>', 'place the map opens at', 'Rotterdam')
  .option('--runs <n>', 'page loads to time', (v) => positiveInt(v), 5)
  .option('--screenshot <png>', 'also save a screenshot of the configurator here')
  .addHelpText('after', examples('npm run d4i -- bench widget', 'npm run d4i -- bench widget --screenshot docs/configurator.png'))
  .action(async (opts) => {
    const { benchWidget } = await import('../bench/widget.ts');
    await benchWidget(opts);
  });

bench
  .command('csv')
  .description('CSV reading speed: our byte-level reader against csv-parse on the same file')
  .option('--rows <n>', 'rows in the generated test file', (v) => positiveInt(v), 1_000_000)
  .addHelpText('after', examples('npm run d4i -- bench csv --rows 2000000'))
  .action(async (opts) => {
    const { benchCsv } = await import('../bench/csv.ts');
    await benchCsv(opts);
  });

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new InvalidArgumentError('expected a whole number >= 0');
  return n;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

program.parseAsync().catch((error) => {
  if (error instanceof PackError || error instanceof ImportFailed || error?.name === 'ConfigError' || error?.code === 'EADDRINUSE')
    console.error(error.message);
  else console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
