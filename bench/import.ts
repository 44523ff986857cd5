// d4i bench import: import speed, pack size, load time and memory on the Census 2021 Parquet tiles.
// Targets on 2 cores: 1.9 M cells import in <= 30 s; the pack loads in <= 1 s; RSS after load <= 2x pack.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runImport } from '../import/import.ts';
import { createProgress } from '../core/progress.ts';

interface LoadFigures {
  loadMs: number;
  rssBeforeMB: number;
  rssAfterMB: number;
  cells: number;
}

/** Load the pack in a fresh process, so its RSS is the pack's and not the importer's. */
function measureLoad(pack: string): LoadFigures {
  const loader = fileURLToPath(new URL('./support/load-pack.ts', import.meta.url));
  const child = spawnSync(process.execPath, ['--import', 'tsx', loader, pack], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`loading ${pack} failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as LoadFigures;
}

export async function benchImport(options: { grid: string; out: string }): Promise<void> {
  if (!existsSync(options.grid)) {
    console.error(`bench import: ${options.grid} not found (the Census 2021 Parquet tiles live in ../shared/data/real)`);
    process.exitCode = 1;
    return;
  }
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const started = performance.now();
  const { summary } = await runImport({ grid: [options.grid], out: options.out, progress: createProgress() });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const load = measureLoad(options.out);
  const packMB = summary.pack!.bytes / 1e6;
  const figures = {
    rows: summary.rows,
    cells: summary.cells,
    importSeconds: +seconds.toFixed(2),
    rowsPerSecond: Math.round(summary.rows / seconds),
    importPeakRssMB: Math.round(peakRss / 1e6),
    packMB: +packMB.toFixed(1),
    loadMs: +load.loadMs.toFixed(1),
    rssAfterLoadMB: +load.rssAfterMB.toFixed(1),
    rssAfterLoadOverPack: +(load.rssAfterMB / packMB).toFixed(2),
  };
  console.log(
    `bench import: ${figures.rows.toLocaleString('en')} rows in ${figures.importSeconds} s ` +
      `(${figures.rowsPerSecond.toLocaleString('en')} rows/s, peak RSS ${figures.importPeakRssMB} MB); ` +
      `pack ${figures.packMB} MB; load ${figures.loadMs} ms; RSS after load ${figures.rssAfterLoadMB} ` +
      `MB (${figures.rssAfterLoadOverPack}x pack; ${load.rssBeforeMB.toFixed(0)} MB before)`,
  );
  console.log(JSON.stringify(figures));
}
