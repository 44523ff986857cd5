// Child process of bench-generate: run one step (generate or import) and print its time and peak RSS
// as JSON, so each step's memory is its own.
import { generate } from '../../generate/generate.ts';
import { runImport } from '../../import/import.ts';
import { createProgress } from '../../core/progress.ts';

const [step, preset, dir, pack] = process.argv.slice(2);
const started = performance.now();
const progress = createProgress({ bars: false, quiet: true });
let detail: unknown;
if (step === 'generate') {
  const summary = await generate({ preset, seed: 1, out: dir, progress });
  detail = {
    cells: summary.countries.reduce((s, c) => s + c.cells, 0),
    smallTowns: summary.countries.reduce((s, c) => s + c.smallTownsHighShare, 0),
    smallTownsByCountry: Object.fromEntries(summary.countries.map((c) => [c.country, c.smallTownsHighShare])),
    files: summary.files,
  };
} else {
  const { summary } = await runImport({ grid: [dir], lau: `${dir}/lau.geojson`, out: pack, synthetic: true, progress });
  detail = { cells: summary.cells, packBytes: summary.pack!.bytes };
}
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ step, seconds, maxRssMB: process.resourceUsage().maxRSS / 1024, ...(detail as object) }));
