// Statistical disclosure control, one rule per country, as national statistical offices do it
// differently. The rules are ours (D4I's own were not published) and are documented in the README of
// every generated set: flagged values are written as -9999 with XXX_CI = -9999, like Eurostat's grids,
// and secondary suppressions (secondary-suppression.ts) with XXX_CI = 2.
import type { CountryCode } from '../core/grid/countries.ts';
import { COL, GRID_COUNT_COLUMNS } from './groups.ts';
import type { Random } from './random.ts';
import { PRIMARY, suppressComplements } from './secondary-suppression.ts';

export interface DisclosureRule {
  /** one sentence for the README */
  description: string;
  /** columns that may be flagged (they get an XXX_CI column in this country's file) */
  flaggable: string[];
  /** what a flagged value can be, in persons, as the set's disclosure.json tells the import (none if nothing is flagged) */
  suppressedRange?: [number, number];
  /** what a secondary suppression (flag 2) can be: any count, max null */
  secondaryRange?: [number, null];
  /** flag (flags[i] = PRIMARY or SECONDARY) or perturb values of one row in place */
  apply(random: Random, row: Int32Array, flags: Uint8Array): void;
}

const MIGRANT_COLUMNS = GRID_COUNT_COLUMNS.filter((c) => c !== 'T' && c !== 'NAT' && c !== 'C_NAT');
const CONTINENT_COLUMNS = GRID_COUNT_COLUMNS.filter((c) => /^C?_?OTH_/.test(c));
/** every value but T can be a secondary suppression */
const ALL_BUT_T = GRID_COUNT_COLUMNS.filter((c) => c !== 'T');
const index = (names: string[]) => names.map((n) => COL[n]);

const SECONDARY_NOTE =
  '; where a flagged value could be worked out from the published ones (a sum minus its other terms), ' +
  'more values are hidden as secondary suppressions (XXX_CI = 2, any count), the smallest non-zero one first';

/** Flag every listed value equal to 1 or 2 (small counts that could identify a household), then their complements. */
function smallCounts(columns: string[], description: string): DisclosureRule {
  const at = index(columns);
  const range: [number, number] = [1, 2];
  return {
    description: description + SECONDARY_NOTE,
    flaggable: ALL_BUT_T,
    suppressedRange: range,
    secondaryRange: [0, null],
    apply(_random, row, flags) {
      for (const i of at) if (row[i] === 1 || row[i] === 2) flags[i] = PRIMARY;
      suppressComplements(row, flags, range);
    },
  };
}

/** Cells with at most `limit` residents publish only their total. */
function smallCells(limit: number, description: string): DisclosureRule {
  const columns = GRID_COUNT_COLUMNS.filter((c) => c !== 'T');
  const at = index(columns);
  return {
    description,
    flaggable: columns,
    suppressedRange: [0, limit],
    apply(_random, row, flags) {
      if (row[COL.T] <= limit) for (const i of at) flags[i] = PRIMARY;
    },
  };
}

/**
 * Every non-zero value moves by a small independent amount and no published value is 1 or 2 (as in the
 * German and Dutch Census 2021 grids), so category sums differ from T by a few persons.
 */
const perturbation: DisclosureRule = {
  description:
    'every non-zero value (T included) is perturbed independently by -3..+3 and values of 1 or 2 are ' +
    'rounded to 0 or 3 keeping the mean, so category sums differ from T by a few persons; nothing is flagged',
  flaggable: [],
  apply(random, row) {
    for (let i = 0; i < row.length; i++) {
      if (row[i] === 0) continue; // structural zeros stay zeros
      const u = random.next();
      const step = u < 0.4 ? 0 : u < 0.6 ? 1 : u < 0.8 ? -1 : u < 0.87 ? 2 : u < 0.94 ? -2 : u < 0.97 ? 3 : -3;
      let v = Math.max(0, row[i] + step);
      if (v === 1) v = random.next() < 2 / 3 ? 0 : 3;
      else if (v === 2) v = random.next() < 1 / 3 ? 0 : 3;
      row[i] = v;
    }
  },
};

export const DISCLOSURE: Record<CountryCode, DisclosureRule> = {
  FR: smallCells(10, 'cells of 10 residents or fewer publish only T: every other value is flagged confidential'),
  UK: smallCounts(MIGRANT_COLUMNS, 'any value of 1 or 2 in a born-abroad or foreign-citizen column is flagged confidential'),
  IE: smallCounts(CONTINENT_COLUMNS, 'continent values (OTH_*, C_OTH_*) of 1 or 2 are flagged confidential'),
  IT: smallCounts(CONTINENT_COLUMNS, 'continent values (OTH_*, C_OTH_*) of 1 or 2 are flagged confidential'),
  PT: smallCounts(CONTINENT_COLUMNS, 'continent values (OTH_*, C_OTH_*) of 1 or 2 are flagged confidential'),
  ES: smallCounts(CONTINENT_COLUMNS, 'continent values (OTH_*, C_OTH_*) of 1 or 2 are flagged confidential'),
  DE: perturbation,
  NL: perturbation,
};

/** The set's disclosure.json: what a flagged value (and a secondary suppression) can be in each country of the set. */
export function disclosureMetadata(countries: CountryCode[]): { suppressed: Record<string, [number, number]>; secondary: Record<string, [number, null]> } {
  const suppressed: Record<string, [number, number]> = {};
  const secondary: Record<string, [number, null]> = {};
  for (const country of countries) {
    const { suppressedRange, secondaryRange } = DISCLOSURE[country];
    if (suppressedRange) suppressed[country] = suppressedRange;
    if (secondaryRange) secondary[country] = secondaryRange;
  }
  return { suppressed, secondary };
}
