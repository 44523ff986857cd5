// d4i inspect: what a grid pack holds, as text or JSON.
import { Command } from 'commander';
import { type PackSummary, summarisePack } from '../../core/pack/inspect.ts';
import { examples } from '../options.ts';

const fmt = (n: number) => n.toLocaleString('en', { maximumFractionDigits: 2 });

/** The human-readable form. */
function formatPackSummary(s: PackSummary): string {
  const columns = s.columns.map((c) => c.name);
  const shown = columns.slice(0, 8);
  const lines = [
    `pack          ${s.path} (${fmt(s.fileBytes / 1e6)} MB, loaded in ${fmt(s.loadSeconds * 1000)} ms)`,
    `format        version ${s.formatVersion}`,
    `data version  ${s.dataVersion}`,
    `source        ${s.source.synthetic ? 'synthetic; ' : ''}${s.source.attribution}`,
    `columns       ${columns.join(' ')}`,
    `countries     ${Object.entries(s.countries)
      .map(([c, n]) => `${c} ${fmt(n)}`)
      .join(', ')} (cells at ${s.levels[0].label})`,
    `confidential  ${
      Object.entries(s.suppressed)
        .map(([c, [min, max]]) => `${c} ${min}-${max ?? 'any'}`)
        .join(', ') || 'no range given'
    } (persons a confidential value can be; other countries: unknown)`,
    ...(Object.keys(s.secondary).length
      ? [
          `secondary     ${Object.entries(s.secondary)
            .map(([c, [min, max]]) => `${c} ${min}-${max ?? 'any'}`)
            .join(', ')} (persons a secondary suppression, flag 2, can be)`,
        ]
      : []),
    `LAUs          ${fmt(s.lauCount)}`,
    `bounds        EPSG:3035 ${s.bounds.laea.join(' ')}; lon/lat ${s.bounds.lonLat.map((v) => v.toFixed(4)).join(' ')}`,
    '',
    ['level', 'cells', ...shown].map((h, i) => (i === 0 ? h.padEnd(7) : h.padStart(14))).join(''),
    ...s.levels.map((l) =>
      [l.label.padEnd(7), fmt(l.cells).padStart(14), ...shown.map((c) => (fmt(l.totals[c]) + (l.unknown[c] ? '*' : '')).padStart(14))].join(''),
    ),
  ];
  if (columns.length > shown.length) lines.push(`(${columns.length - shown.length} more columns in --json)`);
  if (s.levels.some((l) => Object.keys(l.unknown).length)) lines.push('* some values beneath are confidential or missing (not counted in the total)');
  return lines.join('\n');
}

export const inspectCommand = () =>
  new Command('inspect')
    .description('show what a grid pack holds: versions, levels, totals, countries, LAUs, bounds')
    .argument('<pack>', 'pack file')
    .option('--json', 'machine-readable output')
    .addHelpText('after', examples('npm run d4i -- inspect data/d4i.d4ipack', 'npm run d4i -- inspect data/d4i.d4ipack --json | jq .levels[0].totals'))
    .action((path: string, opts) => {
      const summary = summarisePack(path);
      console.log(opts.json ? JSON.stringify(summary, null, 2) : formatPackSummary(summary));
    });
