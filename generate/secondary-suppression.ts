// Secondary suppression: after a rule has hidden the small values of a row (primary suppression), hide
// more values until none of the hidden ones can be worked out from the published ones. A row's counts
// are tied by two sums per basis (T = NAT + EU_OTH + OTH, OTH = the continents), so one hidden value in
// a sum whose other terms are published is that sum minus the others: the differencing attack that real
// offices close with complementary ("secondary") suppression (SDMX CONF_STATUS "D").
//
// The attacker here knows what the metadata says: a primary value is within the rule's range (1-2), a
// secondary one is any count (0 up). For each hidden value they intersect its range with what every sum
// allows given the others' ranges, and repeat until nothing narrows (interval propagation; exact for one
// sum, and as strong as differencing across the two sums of a basis). A hidden value whose interval is a
// single number is recovered. To prevent it we hide more, least costly first (protect): NAT last, so the
// born-abroad share T - NAT stays exact wherever it can.
import { CONTINENTS } from './facts-2011.ts';
import { COL, GRID_COUNT_COLUMNS } from './groups.ts';

/** A row's flag per value: published, primary suppression, secondary suppression. */
export const PUBLISHED = 0;
export const PRIMARY = 1;
export const SECONDARY = 2;

/** A sum of a row: values[total] = sum of values[parts]. */
export interface RowSum {
  total: number;
  parts: number[];
}

/** The sums that tie a row's counts, per basis (birth, citizenship). */
export const ROW_SUMS: RowSum[][] = ['', 'C_'].map((prefix) => [
  { total: COL.T, parts: [COL[`${prefix}NAT`], COL[`${prefix}EU_OTH`], COL[`${prefix}OTH`]] },
  { total: COL[`${prefix}OTH`], parts: CONTINENTS.map((c) => COL[`${prefix}OTH_${c}`]) },
]);

const NATIVE = new Set([COL.NAT, COL.C_NAT]);

/**
 * The interval each value of a row can be in, as an attacker sees it: published values are points,
 * primaries within `primary`, secondaries anything from 0. Fills lo and hi (Infinity for no upper bound).
 */
export function attackerIntervals(
  row: ArrayLike<number>,
  flags: ArrayLike<number>,
  primary: readonly [number, number],
  lo: Float64Array,
  hi: Float64Array,
): void {
  for (let i = 0; i < row.length; i++) {
    if (flags[i] === PUBLISHED) lo[i] = hi[i] = row[i];
    else if (flags[i] === PRIMARY) [lo[i], hi[i]] = primary;
    else [lo[i], hi[i]] = [0, Number.POSITIVE_INFINITY];
  }
  for (let pass = 0, changed = true; changed && pass < 32; pass++) {
    changed = false;
    for (const sums of ROW_SUMS) {
      for (const { total, parts } of sums) {
        let sumLo = 0;
        let sumHi = 0;
        for (const p of parts) {
          sumLo += lo[p];
          sumHi += hi[p];
        }
        changed = narrow(lo, hi, total, sumLo, sumHi) || changed;
        for (const p of parts) {
          // the others hold between sumLo - lo[p] and sumHi - hi[p]; Infinity - Infinity is no bound
          const othersHi = hi[p] === Number.POSITIVE_INFINITY ? sumHiWithout(parts, hi, p) : sumHi - hi[p];
          changed = narrow(lo, hi, p, lo[total] - othersHi, hi[total] - (sumLo - lo[p])) || changed;
        }
      }
    }
  }
}

function sumHiWithout(parts: number[], hi: Float64Array, skip: number): number {
  let s = 0;
  for (const p of parts) if (p !== skip) s += hi[p];
  return s;
}

function narrow(lo: Float64Array, hi: Float64Array, i: number, newLo: number, newHi: number): boolean {
  let changed = false;
  if (newLo > lo[i]) {
    lo[i] = newLo;
    changed = true;
  }
  if (newHi < hi[i]) {
    hi[i] = newHi;
    changed = true;
  }
  return changed;
}

const lo = new Float64Array(GRID_COUNT_COLUMNS.length);
const hi = new Float64Array(GRID_COUNT_COLUMNS.length);

/** The first hidden value of the row that the attacker recovers exactly, or -1. */
function recovered(row: Int32Array, flags: Uint8Array, primary: readonly [number, number]): number {
  attackerIntervals(row, flags, primary, lo, hi);
  for (let i = 0; i < row.length; i++) if (flags[i] !== PUBLISHED && lo[i] === hi[i]) return i;
  return -1;
}

/** The sums of the basis that holds value u. */
const basisOf = (u: number) => ROW_SUMS.find((sums) => sums.some(({ total, parts }) => total === u || parts.includes(u)))!;

/** How a candidate value relates to the recovered one: shares a sum with it, is NAT, is zero. */
interface Candidate {
  inSum: boolean;
  native: boolean;
  zero: boolean;
}

/** The smallest published value (not T) of u's basis that `accept` takes, or -1. */
function smallestPublished(row: Int32Array, flags: Uint8Array, u: number, accept: (c: Candidate) => boolean): number {
  let best = -1;
  for (const { total, parts } of basisOf(u)) {
    const members = [total, ...parts];
    const inSum = members.includes(u);
    for (const m of members) {
      if (m === COL.T || flags[m] !== PUBLISHED || !accept({ inSum, native: NATIVE.has(m), zero: row[m] === 0 })) continue;
      if (best < 0 || row[m] < row[best]) best = m;
    }
  }
  return best;
}

/** The first primary of u's basis that `accept` takes (its sum relation), or -1. */
function primaryOf(flags: Uint8Array, u: number, accept: (inSum: boolean) => boolean): number {
  for (const { total, parts } of basisOf(u)) {
    const members = [total, ...parts];
    const inSum = members.includes(u);
    if (!accept(inSum)) continue;
    for (const m of members) if (flags[m] === PRIMARY) return m;
  }
  return -1;
}

type Step = (row: Int32Array, flags: Uint8Array, u: number) => number;
const hide =
  (accept: (c: Candidate) => boolean): Step =>
  (row, flags, u) =>
    smallestPublished(row, flags, u, accept);

/**
 * Ways to protect a recovered value u, least costly first; each returns the value to hide (or to turn
 * from primary into secondary), or -1. A primary tells the attacker "at least 1", so a hidden 0 beside it
 * does not help (in a sum of 1 it is still 1): primaries become secondaries (any count) before zeros are
 * hidden. NAT comes last: the born-abroad share T - NAT then stays exact wherever it can.
 */
const STEPS: Step[] = [
  hide((c) => c.inSum && !c.native && !c.zero),
  (_row, flags, u) => (flags[u] === PRIMARY ? u : -1),
  (_row, flags, u) => primaryOf(flags, u, (inSum) => inSum),
  hide((c) => c.inSum && !c.native),
  (_row, flags, u) => primaryOf(flags, u, () => true),
  hide((c) => !c.native),
  hide(() => true),
];

/** One more step of protection for the recovered value u (STEPS); in a cell with nothing left, the whole basis but T. */
function protect(row: Int32Array, flags: Uint8Array, u: number): void {
  for (const step of STEPS) {
    const next = step(row, flags, u);
    if (next >= 0) {
      flags[next] = SECONDARY;
      return;
    }
  }
  for (const { total, parts } of basisOf(u)) for (const i of [total, ...parts]) if (i !== COL.T) flags[i] = SECONDARY;
}

/** Hide complements (flags[i] = SECONDARY) until no hidden value of the row can be recovered. */
export function suppressComplements(row: Int32Array, flags: Uint8Array, primary: readonly [number, number]): void {
  if (!flags.some((f) => f !== PUBLISHED)) return;
  for (let step = 0; step <= 2 * row.length; step++) {
    const u = recovered(row, flags, primary);
    if (u < 0) return;
    protect(row, flags, u);
  }
  throw new Error('secondary suppression did not converge');
}
