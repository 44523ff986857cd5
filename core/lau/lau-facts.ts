// What the map and the API say about each LAU, computed once per pack: every LAU-scope indicator, the
// small-town flag of the D4I finding, lookups by id, and national totals for location quotients.
import { BASIS_TOP_GROUPS } from '../grid/groups.ts';
import { type CountryTotals, countryTotals } from '../grid/country-totals.ts';
import { type Indicator, indicatorsFor } from '../indicators/catalogue.ts';
import { indicatorReader, roundIndicator } from '../indicators/readers.ts';
import { confidentialRangesOf } from '../grid/suppressed-values.ts';
import type { GridPack } from '../pack/pack.ts';

/** The D4I rule: fewer than 10,000 residents and more than 20% born abroad (France: 5,000 to 9,999). */
export const SMALL_TOWN_RULE = {
  maxPopulation: 9_999,
  minShare: 0.2,
  /** France's D4I figure only counted LAUs of 5,000-10,000 inhabitants */
  minPopulationByCountry: { FR: 5_000 } as Record<string, number>,
  text:
    'LAUs with fewer than 10,000 residents where more than 20% were born abroad; ' +
    'in France only LAUs of 5,000 to 9,999 residents count (the D4I study rule)',
};

export function isSmallTownHighShare(country: string, population: number, shareBornAbroad: number | undefined): boolean {
  return (
    shareBornAbroad !== undefined &&
    shareBornAbroad > SMALL_TOWN_RULE.minShare &&
    population <= SMALL_TOWN_RULE.maxPopulation &&
    population >= (SMALL_TOWN_RULE.minPopulationByCountry[country] ?? 0)
  );
}

/** Group share of a country for location quotients: known group / known categories. */
export function nationalShare(totals: CountryTotals | undefined, part: readonly string[], basis: readonly string[]): number | undefined {
  if (!totals) return undefined;
  const t = basis.reduce((s, c) => s + (totals.values[c] ?? 0), 0);
  return t > 0 ? part.reduce((s, c) => s + (totals.values[c] ?? 0), 0) / t : undefined;
}

export interface LauFacts {
  pack: GridPack;
  /** every indicator of the pack's columns, in /api/indicators order */
  allIndicators: Indicator[];
  /** those that apply to LAUs */
  indicators: Indicator[];
  /** indicator id -> value per LAU (NaN when unknown), rounded as served */
  values: Map<string, Float64Array>;
  smallTown: Uint8Array;
  /** GISCO_ID -> LAU index */
  byGiscoId: Map<string, number>;
  /** LAU_ID -> LAU indices (national codes repeat across countries): read it with lauIndicesOf */
  byLauId: LauIdIndex;
  countries: Map<string, CountryTotals>;
}

/**
 * LAU_ID -> indices, without an array per LAU: the first index of every code, and the full list only for
 * the codes that repeat. An array each was ~57k arrays and as many element stores on the serving main
 * thread's heap (569,405 objects in a heap snapshot, 456,097 without them), all marked by every
 * old-generation collection.
 */
export interface LauIdIndex {
  first: Map<string, number>;
  repeated: Map<string, number[]>;
}

/** The LAUs whose national code is `id` (several when the code repeats across countries). */
export function lauIndicesOf(facts: Pick<LauFacts, 'byLauId'>, id: string): readonly number[] {
  const repeated = facts.byLauId.repeated.get(id);
  if (repeated) return repeated;
  const first = facts.byLauId.first.get(id);
  return first === undefined ? [] : [first];
}

/** What a thread can be handed instead of computing it again: the values and flags, in shared memory. */
export type ComputedLauFacts = Pick<LauFacts, 'values' | 'smallTown'>;

/**
 * `countries`: the per-country totals when already known (a scan of every cell: the pack holds them since
 * they were added to its header, and a thread is given them). `computed`: the values and flags another
 * thread computed for this pack. Those are made in SharedArrayBuffers, so that the threads that cut LAU
 * tiles and answer heavy requests read the main thread's (~20 MB on the europe pack) instead of each
 * holding a copy.
 */
export function buildLauFacts(pack: GridPack, countries = countryTotalsOf(pack), computed?: ComputedLauFacts): LauFacts {
  const laus = pack.laus;
  const allIndicators = indicatorsFor(pack.columns);
  const indicators = allIndicators.filter((ind) => ind.scopes.includes('lau'));
  const { values, smallTown } = computed ?? computeLauValues(pack, countries, indicators);
  const byGiscoId = new Map<string, number>();
  const byLauId: LauIdIndex = { first: new Map(), repeated: new Map() };
  for (let i = 0; i < laus.count; i++) {
    byGiscoId.set(laus.giscoId[i], i);
    const first = byLauId.first.get(laus.id[i]);
    if (first === undefined) byLauId.first.set(laus.id[i], i);
    else {
      const list = byLauId.repeated.get(laus.id[i]);
      if (list) list.push(i);
      else byLauId.repeated.set(laus.id[i], [first, i]);
    }
  }
  return { pack, allIndicators, indicators, values, smallTown, byGiscoId, byLauId, countries };
}

function computeLauValues(pack: GridPack, countries: Map<string, CountryTotals>, indicators: Indicator[]): ComputedLauFacts {
  const laus = pack.laus;
  const values = new Map<string, Float64Array>();
  for (const indicator of indicators) {
    const national = new Map<string, number | undefined>();
    for (const [code, totals] of countries) national.set(code, nationalShare(totals, indicator.numerator, indicator.denominator));
    const read = indicatorReader(indicator, laus, {
      areaKm2: (i) => laus.areaKm2[i],
      countryShare: (i) => national.get(laus.country[i]),
      suppressedRange: (i) => confidentialRangesOf(pack, laus.country[i]),
      areaIndex: (id, i) => {
        const v = laus.indices[id]?.[i];
        return v === undefined || Number.isNaN(v) ? undefined : v;
      },
    });
    const out = new Float64Array(new SharedArrayBuffer(laus.count * Float64Array.BYTES_PER_ELEMENT));
    for (let i = 0; i < laus.count; i++) out[i] = roundIndicator(indicator, read(i)) ?? NaN;
    values.set(indicator.id, out);
  }
  const smallTown = new Uint8Array(new SharedArrayBuffer(laus.count));
  const share = values.get('share_born_abroad');
  const T = laus.values.T;
  if (share && T) {
    for (let i = 0; i < laus.count; i++) {
      const s = share[i];
      smallTown[i] = isSmallTownHighShare(laus.country[i], T[i], Number.isNaN(s) ? undefined : s) ? 1 : 0;
    }
  }
  return { values, smallTown };
}

/** The pack's per-country totals: from its header, or summed over its finest level (packs written before they were kept). */
export function countryTotalsOf(pack: GridPack): Map<string, CountryTotals> {
  return pack.countryTotals ? new Map(Object.entries(pack.countryTotals)) : countryTotals(pack.levels[0], pack.countries);
}

export type { CountryTotals };

/** The columns a LAU record carries: T, the top groups of each basis, and their unknown counts. */
export function lauCountColumns(pack: GridPack): string[] {
  const names = new Set(pack.columns.map((c) => c.name));
  return ['T', ...BASIS_TOP_GROUPS.birth, ...BASIS_TOP_GROUPS.citizenship].filter((c) => names.has(c));
}
