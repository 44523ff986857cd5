// Residents of one 100 m cell by country of birth, continent of birth and citizenship.
// Birth groups are drawn from the cell's shares; citizenship follows birth: most people born abroad
// keep a foreign citizenship where naturalisation is rare, fewer where it is common, and a few people
// born in the country are foreign citizens (children of migrants without its citizenship).
import { CONTINENTS, type CountryFacts } from './facts-2011.ts';
import type { Random } from './random.ts';

/** The count columns of the generated grid files, in order. */
export const GRID_COUNT_COLUMNS = [
  'T',
  'NAT',
  'EU_OTH',
  'OTH',
  ...CONTINENTS.map((c) => `OTH_${c}`),
  'C_NAT',
  'C_EU_OTH',
  'C_OTH',
  ...CONTINENTS.map((c) => `C_OTH_${c}`),
];
export const COL = Object.fromEntries(GRID_COUNT_COLUMNS.map((name, i) => [name, i])) as Record<string, number>;
const CONTINENT_COUNT = CONTINENTS.length;

export interface CitizenshipRates {
  /** probability that a person born in another EU state / outside the EU is a foreign citizen */
  keepEu: number;
  keepNonEu: number;
  /** probability that a person born in the country is an EU / non-EU foreign citizen */
  nativeEu: number;
  nativeNonEu: number;
}

/** Rates that reproduce the country's foreign-citizen totals from its born-abroad totals. */
export function citizenshipRates(facts: CountryFacts): CitizenshipRates {
  const native = facts.nativeBornForeignShare;
  const bornHere = facts.population - facts.bornAbroad.eu - facts.bornAbroad.nonEu;
  return {
    keepEu: Math.min(1, ((1 - native) * facts.foreignCitizens.eu) / facts.bornAbroad.eu),
    keepNonEu: Math.min(1, ((1 - native) * facts.foreignCitizens.nonEu) / facts.bornAbroad.nonEu),
    nativeEu: (native * facts.foreignCitizens.eu) / bornHere,
    nativeNonEu: (native * facts.foreignCitizens.nonEu) / bornHere,
  };
}

/** Split `n` over weights (summing to 1) by successive binomials: an exact multinomial draw. */
function multinomial(random: Random, n: number, weights: ArrayLike<number>, out: Int32Array, offset: number): void {
  let left = n;
  let mass = 1;
  for (let g = 0; g < weights.length; g++) {
    const take = g === weights.length - 1 ? left : random.binomial(left, mass > 0 ? Math.min(1, weights[g] / mass) : 0);
    out[offset + g] = take;
    left -= take;
    mass -= weights[g];
  }
}

const nativeSplit = new Int32Array(CONTINENT_COUNT);

/**
 * Draw all counts of a cell of `total` residents into `out` (GRID_COUNT_COLUMNS order).
 * `pEu`, `pNonEu`: probabilities of being born in another EU state / outside the EU;
 * `continentWeights`: how the non-EU born split by continent here (sums to 1).
 */
export function drawGroups(
  random: Random,
  total: number,
  pEu: number,
  pNonEu: number,
  continentWeights: ArrayLike<number>,
  rates: CitizenshipRates,
  out: Int32Array,
): void {
  const eu = random.binomial(total, pEu);
  const nonEu = random.binomial(total - eu, pNonEu / Math.max(1e-9, 1 - pEu));
  const nat = total - eu - nonEu;
  out[COL.T] = total;
  out[COL.NAT] = nat;
  out[COL.EU_OTH] = eu;
  out[COL.OTH] = nonEu;
  multinomial(random, nonEu, continentWeights, out, COL.OTH_EUR);

  const nativeEu = random.binomial(nat, rates.nativeEu);
  const nativeNonEu = random.binomial(nat - nativeEu, rates.nativeNonEu);
  multinomial(random, nativeNonEu, continentWeights, nativeSplit, 0);
  let citizensNonEu = 0;
  for (let g = 0; g < CONTINENT_COUNT; g++) {
    const c = random.binomial(out[COL.OTH_EUR + g], rates.keepNonEu) + nativeSplit[g];
    out[COL.C_OTH_EUR + g] = c;
    citizensNonEu += c;
  }
  const citizensEu = random.binomial(eu, rates.keepEu) + nativeEu;
  out[COL.C_EU_OTH] = citizensEu;
  out[COL.C_OTH] = citizensNonEu;
  out[COL.C_NAT] = total - citizensEu - citizensNonEu;
}
