// d4i inspect: what a pack holds, computed from its arrays (not from figures stored at import).
import { resolutionLabel } from '../grid/grid-id.ts';
import type { GridLevel } from '../grid/grid-level.ts';
import { type GridPack, loadPack } from './pack.ts';
import { cellsPerCountry } from '../grid/countries.ts';

export interface LevelSummary {
  res: number;
  label: string;
  cells: number;
  totals: Record<string, number>;
  /** confidential or missing values beneath, per column */
  unknown: Record<string, number>;
}

export interface PackSummary {
  path: string;
  formatVersion: number;
  dataVersion: string;
  fileBytes: number;
  loadSeconds: number;
  columns: { name: string; kind: string; basis: string }[];
  countries: Record<string, number>;
  lauCount: number;
  bounds: GridPack['bounds'];
  source: GridPack['source'];
  levels: LevelSummary[];
}

function totalsOf(level: GridLevel, arrays: Record<string, ArrayLike<number>>): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const [name, values] of Object.entries(arrays)) {
    let sum = 0;
    for (let i = 0; i < level.count; i++) sum += values[i];
    totals[name] = Math.round(sum * 1e6) / 1e6;
  }
  return totals;
}

export function summarisePack(path: string): PackSummary {
  const started = performance.now();
  const pack = loadPack(path);
  const loadSeconds = (performance.now() - started) / 1000;
  const countries = cellsPerCountry(pack.levels[0], pack.countries);
  return {
    path,
    formatVersion: pack.formatVersion,
    dataVersion: pack.dataVersion,
    fileBytes: pack.fileBytes,
    loadSeconds,
    columns: pack.columns,
    countries,
    lauCount: pack.laus.count,
    bounds: pack.bounds,
    source: pack.source,
    levels: pack.levels.map((level) => ({
      res: level.res,
      label: resolutionLabel(level.res),
      cells: level.count,
      totals: totalsOf(level, level.values),
      unknown: totalsOf(level, level.unknown),
    })),
  };
}

const fmt = (n: number) => n.toLocaleString('en', { maximumFractionDigits: 2 });

/** The human-readable form of `d4i inspect`. */
export function formatPackSummary(s: PackSummary): string {
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
