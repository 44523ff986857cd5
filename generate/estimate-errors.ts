// How far the born-abroad share of each LAU, as published, is from the generator's truth (`d4i generate
// --truth`): per country and LAU size band, for the earlier coverage rule (a ratio of the known values,
// as if every suppressed value were 0, while at most 5% of T lacks a category) and for the bounds rule
// of share-bounds.ts; and the D4I small-town count from each against the truth's. Used by `d4i bench
// estimates` and by the tests that hold the estimator to its targets.
import { BASIS_TOP_GROUPS } from '../core/grid/groups.ts';
import { coverageReader } from '../core/indicators/readers.ts';
import { buildLauFacts, isSmallTownHighShare } from '../core/lau/lau-facts.ts';
import type { GridPack } from '../core/pack/pack.ts';

export const SIZE_BANDS = [
  { label: '< 2,000', below: 2_000 },
  { label: '2,000-10,000', below: 10_000 },
  { label: '> 10,000', below: Number.POSITIVE_INFINITY },
] as const;

export interface BandErrors {
  band: string;
  /** LAUs of the band, and how many of them publish a share under the rule */
  laus: number;
  published: number;
  /** over the published ones, in percentage points: mean absolute error, its 95th percentile, mean signed error */
  mae: number;
  p95: number;
  bias: number;
}

export interface RuleErrors {
  bands: BandErrors[];
  /** LAUs under 10,000 residents with more than 20% born abroad, by this rule */
  smallTowns: number;
}

export interface CountryEstimateErrors {
  country: string;
  coverage: RuleErrors;
  bounds: RuleErrors;
  truthSmallTowns: number;
}

const BORN_ABROAD = ['EU_OTH', 'OTH'];

function bandErrors(label: string, errors: number[], laus: number): BandErrors {
  const sorted = errors.map(Math.abs).sort((a, b) => a - b);
  const mean = (values: number[]) => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : Number.NaN);
  const p95 = sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] : Number.NaN;
  return { band: label, laus, published: errors.length, mae: mean(sorted), p95, bias: mean(errors) };
}

/** Errors of `published` (a generated set's pack) against `truth` (the pack of its -truth folder). */
export function estimateErrors(published: GridPack, truth: GridPack): CountryEstimateErrors[] {
  const facts = buildLauFacts(published);
  const boundsShare = facts.values.get('share_born_abroad')!;
  const laus = published.laus;
  const covered = coverageReader(laus, BASIS_TOP_GROUPS.birth);
  const known = (i: number, columns: readonly string[]) => columns.reduce((s, c) => s + (laus.values[c]?.[i] ?? 0), 0);
  const coverageShare = (i: number) => {
    if (!covered(i)) return Number.NaN;
    const basis = known(i, BASIS_TOP_GROUPS.birth);
    return basis > 0 ? known(i, BORN_ABROAD) / basis : Number.NaN;
  };
  const truthIndex = new Map(truth.laus.giscoId.map((id, i) => [id, i]));
  const trueShare = (i: number) => {
    const j = truthIndex.get(laus.giscoId[i]);
    if (j === undefined) throw new Error(`LAU ${laus.giscoId[i]} is not in the truth pack: not the truth of this set`);
    const T = truth.laus.values.T[j];
    return T > 0 ? BORN_ABROAD.reduce((s, c) => s + truth.laus.values[c][j], 0) / T : Number.NaN;
  };

  const byCountry = new Map<string, number[]>();
  for (let i = 0; i < laus.count; i++) {
    if (!(laus.values.T[i] > 0)) continue;
    const list = byCountry.get(laus.country[i]) ?? [];
    list.push(i);
    byCountry.set(laus.country[i], list);
  }
  return [...byCountry.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([country, members]) => {
      const ruleErrors = (share: (i: number) => number): RuleErrors => {
        const bands = SIZE_BANDS.map((band, b) => {
          const inBand = members.filter((i) => laus.values.T[i] < band.below && (b === 0 || laus.values.T[i] >= SIZE_BANDS[b - 1].below));
          const errors = inBand.map((i) => (share(i) - trueShare(i)) * 100).filter((e) => !Number.isNaN(e));
          return bandErrors(band.label, errors, inBand.length);
        });
        const smallTowns = members.filter((i) => {
          const s = share(i);
          return isSmallTownHighShare(country, laus.values.T[i], Number.isNaN(s) ? undefined : s);
        }).length;
        return { bands, smallTowns };
      };
      return {
        country,
        coverage: ruleErrors(coverageShare),
        bounds: ruleErrors((i) => boundsShare[i]),
        truthSmallTowns: members.filter((i) => isSmallTownHighShare(country, laus.values.T[i], trueShare(i))).length,
      };
    });
}
