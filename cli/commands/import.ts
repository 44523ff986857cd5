// d4i import: D4I-format grid files (+ LAU boundaries) into one grid pack, with the import report.
import { Command } from 'commander';
import { cleanUpOnInterrupt } from '../interrupt.ts';
import { createProgress } from '../../core/progress.ts';
import { runImport } from '../../import/import.ts';
import { ImportFailed, type ImportReport, type ImportSummary } from '../../import/report.ts';
import { examples } from '../options.ts';

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

export const importCommand = () =>
  new Command('import')
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
      cleanUpOnInterrupt('import');
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
