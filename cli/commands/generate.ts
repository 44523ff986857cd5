// d4i generate: a synthetic D4I 2011 data set in the input format, and its summary.
import { Command } from 'commander';
import { cleanUpOnInterrupt } from '../interrupt.ts';
import { createProgress } from '../../core/progress.ts';
import type { GenerateSummary } from '../../generate/generate.ts';
import { PRESET_HELP } from '../../generate/presets.ts';
import { examples, nonNegativeInt } from '../options.ts';

function formatGenerate(s: GenerateSummary): string {
  const fmt = (n: number) => Math.round(n).toLocaleString('en');
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const cells = s.countries.reduce((sum, c) => sum + c.cells, 0);
  const small = s.countries.reduce((sum, c) => sum + c.smallTownsHighShare, 0);
  const row = (c: GenerateSummary['countries'][number]) =>
    [
      `  ${c.country}  ${fmt(c.cells).padStart(11)} cells`,
      `${fmt(c.population).padStart(11)} residents`,
      `${pct((c.bornEu + c.bornNonEu) / c.population).padStart(6)} born abroad`,
      `${fmt(c.laus).padStart(6)} LAUs`,
      `${fmt(c.smallTownsHighShare).padStart(5)} small LAUs > 20%`,
    ].join('  ');
  return [
    `generated ${s.title} (preset ${s.preset}, seed ${s.seed}) into ${s.out} in ${s.seconds.toFixed(1)} s`,
    ...s.countries.map(row),
    `  total ${fmt(cells)} cells; ${fmt(small)} LAUs under 10,000 residents with more than 20% born abroad`,
    `  files: ${s.files.join(', ')}`,
    ...(s.truth ? [`  figures before disclosure control (never publish them): ${s.truth}`] : []),
  ].join('\n');
}

export const generateCommand = () =>
  new Command('generate')
    .description('write a synthetic D4I 2011 data set (grid CSVs + LAU GeoJSON + README) in the D4I input format')
    .option('--preset <preset>', PRESET_HELP, 'tiny')
    .option('--seed <n>', 'random seed: the same preset and seed give byte-identical files', (v) => nonNegativeInt(v), 1)
    .requiredOption('--out <dir>', 'folder to write (replaced as a whole when complete)')
    .option('--truth', 'also write the figures before disclosure control to <out>-truth (for d4i bench estimates; never publish it)')
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
      cleanUpOnInterrupt('generate');
      // loaded on use: the generator pulls in the places and land of eight countries
      const { generate } = await import('../../generate/generate.ts');
      const summary = await generate({
        preset: opts.preset,
        seed: opts.seed,
        out: opts.out,
        truth: Boolean(opts.truth),
        progress: createProgress({ quiet: Boolean(opts.json) }),
      });
      console.log(opts.json ? JSON.stringify(summary, null, 2) : formatGenerate(summary));
    });
