// d4i generate: a realistic synthetic D4I 2011 data set in the D4I input format (grid CSVs + LAU
// GeoJSON), deterministic by preset and seed.
//
// per country (generate/country.ts): land raster -> 1 km residents and born-abroad shares -> LAU
// regions -> 100 m cells by birth, continent and citizenship -> disclosure control ->
// D4I_{CC}_grid.csv.gz. Large sets run countries in two worker threads (one per core); each
// country's output depends only on the preset and seed, so the files are the same either way.
// The folder is built beside the target and swapped in at the end: a failed run never leaves a
// half-written set. With `truth`, the figures before disclosure control go to a sibling folder
// (`<out>-truth`, same files with nothing flagged or perturbed) for checking estimates: never published.
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { asFileSystemError } from '../core/errors.ts';
import { releaseTemp, trackTemp } from '../core/temp-files.ts';
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type CountryResult, generateCountries, lauPartFile } from './country.ts';
import { type CountryCode, D4I_COUNTRIES } from '../core/grid/countries.ts';
import { type Area, resolvePreset } from './presets.ts';
import { writeGeneratedReadme } from './readme.ts';
import { disclosureMetadata } from './disclosure.ts';
import { DISCLOSURE_FILE } from '../core/grid/suppressed-values.ts';
import type { WorkerRequest, WorkerMessage } from './worker.ts';
import { createProgress, type Progress } from '../core/progress.ts';

import type { GenerateSummary } from './generate-summary.ts';

export type { CountrySummary, GenerateSummary, PlaceSummary } from './generate-summary.ts';

export interface GenerateOptions {
  preset: string;
  seed: number;
  out: string;
  progress?: Progress;
  /** worker threads for sets of several whole countries (default: one per core, at most 2) */
  workers?: number;
  /** also write the figures before disclosure control to `<out>-truth` */
  truth?: boolean;
}

/** Where `d4i generate --truth` writes the figures before disclosure control. */
export const truthFolder = (out: string) => `${out}-truth`;

/** Rough cost of a country (populated 1 km cells, thousands), to balance workers. */
const COST: Record<CountryCode, number> = { FR: 370, DE: 210, IT: 172, UK: 180, ES: 63, IE: 56, PT: 41, NL: 29 };

/** Split countries over `n` workers, heaviest first to the least loaded. */
function balance(countries: CountryCode[], n: number): CountryCode[][] {
  const groups = Array.from({ length: n }, () => ({ load: 0, countries: [] as CountryCode[] }));
  for (const c of [...countries].sort((a, b) => COST[b] - COST[a])) {
    const target = groups.reduce((min, g) => (g.load < min.load ? g : min));
    target.countries.push(c);
    target.load += COST[c];
  }
  return groups.map((g) => g.countries).filter((g) => g.length);
}

/** Generate groups of countries in worker threads; progress lines come back as messages. */
function runInWorkers(
  area: Area,
  groups: CountryCode[][],
  dir: string,
  seed: number,
  progress: Progress,
  truthDir: string | undefined,
): Promise<CountryResult[]> {
  const entry = new URL('./worker-entry.mjs', import.meta.url);
  const module = new URL('./worker.ts', import.meta.url).href;
  progress.log(`generating in ${groups.length} worker threads: ${groups.map((g) => g.join(' ')).join(' | ')}`);
  // one bar over every stage the workers have started: km cells done of km cells known
  const stages = new Map<string, { done: number; total: number }>();
  let barTotal = 0;
  const showProgress = (label: string, done: number, total: number) => {
    stages.set(label, { done, total });
    let sumDone = 0;
    let sumTotal = 0;
    for (const s of stages.values()) {
      sumDone += s.done;
      sumTotal += s.total;
    }
    if (sumTotal !== barTotal) {
      barTotal = sumTotal;
      progress.start('generating (km cells)', sumTotal);
    }
    progress.update(sumDone);
  };
  return Promise.all(
    groups.map(
      (countries) =>
        new Promise<CountryResult[]>((resolve, reject) => {
          const request: WorkerRequest = { preset: area.preset, countries, dir, seed, truthDir };
          const worker = new Worker(entry, { workerData: { module, request } });
          worker.on('message', (message: WorkerMessage) => {
            if (message.type === 'log') {
              progress.log(message.line); // a line of its own ends the bar: the next message redraws it
              barTotal = 0;
            } else if (message.type === 'progress') showProgress(message.label, message.done, message.total);
            else if (message.type === 'done') resolve(message.results);
            else reject(new Error(message.error));
          });
          worker.on('error', reject);
          worker.on('exit', (code) => code !== 0 && reject(new Error(`generator worker exited with code ${code}`)));
        }),
    ),
  ).then((parts) => {
    progress.stop();
    return parts.flat();
  });
}

export async function generate(options: GenerateOptions): Promise<GenerateSummary> {
  const started = performance.now();
  const progress = options.progress ?? createProgress({ quiet: true, bars: false });
  const area = resolvePreset(options.preset);

  const out = options.out;
  mkdirSync(dirname(out), { recursive: true });
  const work = join(dirname(out), `.${basename(out)}.tmp-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  trackTemp(work);
  mkdirSync(work);
  const truthWork = options.truth ? `${work}-truth` : undefined;
  if (truthWork) {
    rmSync(truthWork, { recursive: true, force: true });
    trackTemp(truthWork);
    mkdirSync(truthWork);
  }
  try {
    const workers = Math.min(options.workers ?? Math.min(2, availableParallelism()), area.countries.length);
    const results =
      workers > 1 && !area.box
        ? await runInWorkers(area, balance(area.countries, workers), work, options.seed, progress, truthWork)
        : await generateCountries(area, area.countries, work, options.seed, progress, truthWork);
    results.sort((a, b) => D4I_COUNTRIES.indexOf(a.summary.country) - D4I_COUNTRIES.indexOf(b.summary.country));

    mergeLauParts(
      work,
      results.map((r) => r.summary.country),
    );
    const summary: GenerateSummary = {
      preset: area.preset,
      title: area.title,
      seed: options.seed,
      out,
      truth: truthWork ? truthFolder(out) : undefined,
      files: [...results.map((r) => r.file), 'lau.geojson', DISCLOSURE_FILE, 'README.md'],
      countries: results.map((r) => r.summary),
      places: results.flatMap((r) => r.places),
      seconds: 0,
    };
    writeFileSync(join(work, DISCLOSURE_FILE), `${JSON.stringify(disclosureMetadata(results.map((r) => r.summary.country)), null, 2)}\n`);
    writeGeneratedReadme(join(work, 'README.md'), summary);
    if (truthWork) {
      copyFileSync(join(work, 'lau.geojson'), join(truthWork, 'lau.geojson'));
      writeFileSync(join(truthWork, 'README.md'), truthReadme(out));
      swapIn(truthWork, truthFolder(out));
    }
    swapIn(work, out);
    summary.seconds = (performance.now() - started) / 1000;
    return summary;
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    if (truthWork) rmSync(truthWork, { recursive: true, force: true });
    throw asFileSystemError(error, 'write', out);
  } finally {
    releaseTemp(work);
    if (truthWork) releaseTemp(truthWork);
  }
}

/** Replace folder `target` by the finished `work` folder. */
function swapIn(work: string, target: string): void {
  const old = `${work}.old`;
  if (existsSync(target)) renameSync(target, old);
  renameSync(work, target);
  rmSync(old, { recursive: true, force: true });
}

const truthReadme = (out: string) =>
  `# Truth of ${basename(out)}: the figures before disclosure control

The same cells and LAUs as \`${basename(out)}\`, with every value as the generator drew it: nothing flagged,
nothing perturbed. For checking what the published figures let one estimate (\`d4i bench estimates\`).
A statistics office never publishes these: do not serve or share this folder.
`;

/** lau.geojson from the countries' part files (one feature per line), in country order. */
function mergeLauParts(dir: string, countries: CountryCode[]): void {
  const parts = ['{"type":"FeatureCollection","name":"synthetic D4I LAUs 2011","features":[\n'];
  let first = true;
  for (const country of countries) {
    const path = join(dir, lauPartFile(country));
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (!line) continue;
      parts.push((first ? '' : ',\n') + line);
      first = false;
    }
    rmSync(path);
  }
  parts.push('\n]}\n');
  writeFileSync(join(dir, 'lau.geojson'), parts.join(''));
}
