// d4i: the one command-line tool (npm run d4i -- <command>).
import { Command, InvalidArgumentError } from 'commander';
import { PackError } from '../tiles/pack.ts';
import { runImport } from '../scripts/import.ts';
import { ImportFailed, type ImportReport, type ImportSummary } from '../scripts/import/report.ts';
import { formatPackSummary, summarisePack } from '../scripts/inspect.ts';
import { createProgress } from '../scripts/progress.ts';

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
    `countries   ${Object.entries(summary.countries).map(([c, n]) => `${c} ${fmt(n)}`).join(', ')}`,
    `total T     ${fmt(summary.totals.T ?? 0)}`,
    `LAUs        ${fmt(summary.laus)}`,
    `levels      ${summary.levels.map((l) => `${l.res} m: ${fmt(l.cells)}`).join(', ')}`,
  ];
  if (summary.pack) lines.push(`pack        ${summary.pack.path} (${(summary.pack.bytes / 1e6).toFixed(1)} MB, data version ${summary.pack.dataVersion})`);
  lines.push(`time        ${summary.seconds.toFixed(1)} s`);
  const problems = report.format();
  return lines.join('\n') + (problems ? '\n' + problems : '');
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

const bench = program
  .command('bench')
  .description('benchmarks (print figures; see scripts/bench-*)')
  .addHelpText('after', examples('npm run d4i -- bench import', 'npm run d4i -- bench csv'));

bench
  .command('import')
  .description('import speed, pack size, load time and RSS on the Census 2021 Parquet tiles (1.9 M cells)')
  .option('--grid <path>', 'grid input', '../shared/data/real/census2021-grid-1km/tiles-1000m')
  .option('--out <pack>', 'pack to write', 'data/bench-import.d4ipack')
  .addHelpText('after', examples('npm run d4i -- bench import'))
  .action(async (opts) => {
    const { benchImport } = await import('../scripts/bench-import.ts');
    await benchImport(opts);
  });

bench
  .command('csv')
  .description('CSV reading speed: our byte-level reader against csv-parse on the same file')
  .option('--rows <n>', 'rows in the generated test file', (v) => positiveInt(v), 1_000_000)
  .addHelpText('after', examples('npm run d4i -- bench csv --rows 2000000'))
  .action(async (opts) => {
    const { benchCsv } = await import('../scripts/bench-csv.ts');
    await benchCsv(opts);
  });

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

program.parseAsync().catch((error) => {
  if (error instanceof PackError || error instanceof ImportFailed) console.error(error.message);
  else console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
