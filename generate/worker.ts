// A generator worker thread: builds the area's land rasters and generates its share of the countries.
import { parentPort, workerData } from 'node:worker_threads';
import type { Progress } from '../core/progress.ts';
import { type CountryResult, generateCountries } from './country.ts';
import type { CountryCode } from '../core/grid/countries.ts';
import { resolvePreset } from './presets.ts';

export interface WorkerRequest {
  preset: string;
  countries: CountryCode[];
  dir: string;
  seed: number;
  truthDir?: string;
}

export type WorkerMessage =
  | { type: 'log'; line: string }
  | { type: 'progress'; label: string; done: number; total: number }
  | { type: 'done'; results: CountryResult[] }
  | { type: 'error'; error: string };

const post = (message: WorkerMessage) => parentPort!.postMessage(message);

/** Progress inside a worker: stages and lines go to the main thread, which draws one bar for all workers. */
let stage = { label: '', done: 0, total: 0 };
const progress: Progress = {
  start(label, total) {
    stage = { label, done: 0, total };
    post({ type: 'progress', ...stage });
  },
  increment(by) {
    stage.done += by;
    post({ type: 'progress', ...stage });
  },
  update(value) {
    stage.done = value;
    post({ type: 'progress', ...stage });
  },
  stop() {
    stage.done = stage.total;
    post({ type: 'progress', ...stage });
  },
  log: (line) => post({ type: 'log', line }),
};

const { preset, countries, dir, seed, truthDir } = (workerData as { request: WorkerRequest }).request;
try {
  const results: CountryResult[] = await generateCountries(resolvePreset(preset), countries, dir, seed, progress, truthDir);
  post({ type: 'done', results });
} catch (error) {
  post({ type: 'error', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
