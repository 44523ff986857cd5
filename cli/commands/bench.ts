// d4i bench <name>: the benchmarks. Options are parsed here, with the rest of the CLI; each benchmark
// then runs as its own process (bench/run.ts), so its time and memory are its own and no product code
// imports bench/.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { PRESET_HELP } from '../../generate/presets.ts';
import { examples, positiveInt } from '../options.ts';

const RUNNER = fileURLToPath(new URL('../../bench/run.ts', import.meta.url));

/** Run one benchmark in a child process (stdout and stderr are this process's); exit with its code. */
function runBenchmark(name: string, options: object): Promise<void> {
  return new Promise((resolve, reject) => {
    // --expose-gc: memory figures taken after a collection
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', RUNNER, name, JSON.stringify(options)], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code !== 0) process.exitCode = code ?? 1;
      if (signal) console.error(`bench ${name} stopped by ${signal}`);
      resolve();
    });
  });
}

const benchmark = (name: string, description: string) => new Command(name).description(description).action(async (opts: object) => runBenchmark(name, opts));

export function benchCommand(): Command {
  const bench = new Command('bench')
    .description('benchmarks: print figures (each runs as its own process; code in bench/)')
    .addHelpText(
      'after',
      examples(
        'npm run d4i -- bench import',
        'npm run d4i -- bench generate',
        'npm run d4i -- bench tiles',
        'npm run d4i -- bench encode',
        'npm run d4i -- bench csv',
        'npm run d4i -- bench estimates',
      ),
    );

  bench.addCommand(
    benchmark('import', 'import speed, pack size, load time and RSS on the Census 2021 Parquet tiles (1.9 M cells)')
      .option('--grid <path>', 'grid input', '../shared/data/real/census2021-grid-1km/tiles-1000m')
      .option('--out <pack>', 'pack to write', 'data/bench-import.d4ipack')
      .addHelpText('after', examples('npm run d4i -- bench import')),
  );
  bench.addCommand(
    benchmark('generate', 'generate + import a preset in separate processes: cells, seconds, pack size, peak RSS, small-town count')
      .option('--preset <preset>', PRESET_HELP, 'europe')
      .option('--keep <dir>', 'keep the generated set and pack in this folder')
      .addHelpText('after', examples('npm run d4i -- bench generate', 'npm run d4i -- bench generate --preset country:NL')),
  );
  bench.addCommand(
    benchmark('tiles', 'cold tile time and size per zoom, warm HTTP throughput against bare node:http, server RSS')
      .option('--pack <file>', 'pack to measure', 'data/europe.d4ipack')
      .option('--tiles <n>', 'tiles per zoom (under populated cells)', (v) => positiveInt(v), 300)
      .option('--seconds <n>', 'duration of each throughput run', (v) => positiveInt(v), 10)
      .option('--connections <n>', 'concurrent keep-alive connections', (v) => positiveInt(v), 16)
      .option('--rounds <n>', 'alternated rounds of the warm comparison (at least 2)', (v) => positiveInt(v), 3)
      .option('--only <sections>', 'comma-separated sections to run: cold (in process), http (cold over HTTP), warm, workers', 'cold,http,warm,workers')
      .addHelpText(
        'after',
        examples(
          'npm run d4i -- bench tiles',
          'npm run d4i -- bench tiles --only warm --rounds 4',
          'npm run d4i -- bench tiles --pack data/tiny.d4ipack --tiles 50 --seconds 3',
        ),
      ),
  );
  bench.addCommand(
    benchmark('encode', 'grid layer encoding per zoom: our protobuf writer against vt-pbf on the same sliced cells (same bytes)')
      .option('--pack <file>', 'pack to measure', 'data/europe.d4ipack')
      .option('--tiles <n>', 'tiles per zoom (under populated cells)', (v) => positiveInt(v), 200)
      .option('--fields <list>', 'properties to encode, as fields= takes them (default set, or "all")')
      .addHelpText('after', examples('npm run d4i -- bench encode', 'npm run d4i -- bench encode --pack data/tiny.d4ipack --tiles 50 --fields all')),
  );
  bench.addCommand(
    benchmark('postgis', 'tiles/s against PostgreSQL 15 + PostGIS 3 (ST_AsMVT) on the same cells, levels and tile lists, zooms 6-14')
      .option('--pack <file>', 'pack to load into both', 'data/europe.d4ipack')
      .option('--tiles <n>', 'tiles per zoom (under populated cells)', (v) => positiveInt(v), 200)
      .option('--seconds <n>', 'duration of each run', (v) => positiveInt(v), 10)
      .option('--clients <n>', 'concurrent clients (pgbench -c, HTTP connections)', (v) => positiveInt(v), 2)
      .option('--workers <n>', 'd4i server processes (PostGIS runs one backend per client)', (v) => positiveInt(v), 2)
      .option('--rounds <n>', 'alternated rounds per zoom (at least 2)', (v) => positiveInt(v), 2)
      .addHelpText('after', examples('npm run d4i -- bench postgis', 'npm run d4i -- bench postgis --pack data/nl.d4ipack --seconds 5')),
  );
  bench.addCommand(
    benchmark('api', 'search latency, /api/laus CSV for every LAU, breaks, summaries and start-up of d4i serve on a pack')
      .option('--pack <file>', 'pack to serve', 'data/europe.d4ipack')
      .option('--queries <n>', 'search queries', (v) => positiveInt(v), 1000)
      .addHelpText('after', examples('npm run d4i -- bench api', 'npm run d4i -- bench api --pack data/tiny.d4ipack --queries 200')),
  );
  bench.addCommand(
    benchmark('widget', 'widget bundle sizes (whole, and its own code gzipped) and page load to d4i-ready in Chromium')
      .option('--pack <file>', 'pack to serve', 'data/europe.d4ipack')
      .option('--place <name>', 'place the map opens at', 'Rotterdam')
      .option('--runs <n>', 'page loads to time', (v) => positiveInt(v), 5)
      .option('--screenshot <png>', 'also save a screenshot of the configurator here, and phone.png and report.png beside it')
      .addHelpText('after', examples('npm run d4i -- bench widget', 'npm run d4i -- bench widget --screenshot docs/configurator.png')),
  );
  bench.addCommand(
    benchmark('csv', 'CSV reading speed: our byte-level reader against csv-parse on the same file')
      .option('--rows <n>', 'rows in the generated test file', (v) => positiveInt(v), 1_000_000)
      .addHelpText('after', examples('npm run d4i -- bench csv --rows 2000000')),
  );
  bench.addCommand(
    benchmark('estimates', "LAU born-abroad shares as published against the generator's truth: error per country and LAU size, both rules")
      .option('--preset <presets>', 'comma-separated presets to generate with --truth and compare', 'country:UK,country:FR')
      .option('--seed <n>', 'random seed', (v) => positiveInt(v), 1)
      .option('--keep <dir>', 'keep the generated sets and packs in this folder (reused when already there)')
      .addHelpText('after', examples('npm run d4i -- bench estimates', 'npm run d4i -- bench estimates --preset europe --keep data/bench-estimates')),
  );
  bench.addCommand(
    benchmark('raster-polygons', "LAU boundary tracing (the generator's traceRegions) on a country-sized Voronoi raster: time, rings, memory")
      .option('--width <n>', 'raster columns', (v) => positiveInt(v), 3000)
      .option('--height <n>', 'raster rows', (v) => positiveInt(v), 3000)
      .option('--labels <n>', 'regions (LAUs)', (v) => positiveInt(v), 20_000)
      .addHelpText('after', examples('npm run d4i -- bench raster-polygons', 'npm run d4i -- bench raster-polygons --width 6000 --height 6000 --labels 40000')),
  );
  return bench;
}
