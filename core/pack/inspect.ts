// What a pack holds (`d4i inspect`), computed from its arrays, not from figures stored at import.
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
  /** what a confidential value can be, per country (the data set's disclosure.json or the mapping) */
  suppressed: NonNullable<GridPack['suppressed']>;
  /** what a secondary suppressed value (flag 2) can be, per country */
  secondary: NonNullable<GridPack['secondary']>;
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
    suppressed: pack.suppressed ?? {},
    secondary: pack.secondary ?? {},
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
