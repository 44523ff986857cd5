// Per-country sums of every count column over a level (location quotients' national shares), kept in the
// pack's header at import: summing 8.4 million cells per column took a second of every start.
import { displayCountry } from './countries.ts';
import type { GridLevel } from './grid-level.ts';

/** Known values per column summed per display country over the finest level, and unknown counts. */
export interface CountryTotals {
  values: Record<string, number>;
  unknown: Record<string, number>;
  cells: number;
}

export function countryTotals(level: GridLevel, countries: string[]): Map<string, CountryTotals> {
  const byIndex = countries.map(() => ({ values: {} as Record<string, number>, unknown: {} as Record<string, number>, cells: 0 }));
  for (let i = 0; i < level.count; i++) byIndex[level.country[i]].cells++;
  for (const [name, values] of Object.entries(level.values)) {
    const sums = new Float64Array(countries.length);
    for (let i = 0; i < level.count; i++) sums[level.country[i]] += values[i];
    for (const [k, t] of byIndex.entries()) t.values[name] = sums[k];
  }
  for (const [name, unknown] of Object.entries(level.unknown)) {
    const sums = new Float64Array(countries.length);
    for (let i = 0; i < level.count; i++) sums[level.country[i]] += unknown[i];
    for (const [k, t] of byIndex.entries()) t.unknown[name] = sums[k];
  }
  const out = new Map<string, CountryTotals>();
  for (const [k, code] of countries.entries()) {
    const name = displayCountry(code) || '(unknown)';
    const into = out.get(name);
    if (!into) {
      out.set(name, byIndex[k]);
      continue;
    }
    into.cells += byIndex[k].cells;
    for (const [c, v] of Object.entries(byIndex[k].values)) into.values[c] = (into.values[c] ?? 0) + v;
    for (const [c, v] of Object.entries(byIndex[k].unknown)) into.unknown[c] = (into.unknown[c] ?? 0) + v;
  }
  return out;
}
