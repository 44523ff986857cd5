// A share such as "born abroad" where some values beneath are confidential: the range the published
// figures allow, and a point estimate inside it. Leaving suppressed values out, as if they were zero,
// pulls sparse areas toward 0% exactly where suppression bites (a UK LAU with T 569, NAT 561 and every
// migrant value flagged is 8 residents, 1.4%, born abroad by definition, not 0%).
//
// The rule (README, "Confidential values and estimates"), for a part P of a basis B = P + R (R the rest):
// - known: the published sums m (of P) and r (of R), the counts of suppressed values beneath each, T when
//   no T beneath is confidential, and the range a suppressed value can take where the data set says so:
//   a primary suppression (a small count: 1-2 under the UK, IE, IT, PT and ES rules) and a secondary one
//   (a value hidden so that the primary cannot be worked out by subtraction: 3 or more there, SDMX's
//   CONF_STATUS "D"); unknown is [0, unbounded). P's suppressed values then hold between minP and maxP
//   persons (the counts times each range's ends), R's between minR and maxR;
// - with T: the suppressed values hold X = T - m - r persons, clamped to [minP + minR, maxP + maxR]
//   (perturbed data can make T - m - r negative or too large), P's part of X lies in
//   [max(minP, X - maxR), min(maxP, X - minR)]; the estimate (typicalPart) takes small primaries (1-2) as
//   values of one size and lets the other hidden values follow the known figures of their side, clamped
//   into that interval; the share is over m + r + X;
// - without T: P's values lie in [minP, maxP] and R's in [minR, maxR] independently, the estimate takes
//   the middle of each (unknown when a range is unbounded);
// - the estimate is published when hi - lo <= MAX_SHARE_INTERVAL; otherwise the share is unknown.
// With unbounded ranges this is the earlier coverage rule (at most 5% of T without a known category), with
// the estimate in place of zero.
/** What one suppressed value can be, in persons: [min, max]; max Infinity when the data set does not say. */
export type SuppressedRange = readonly [number, number];

/** Nothing is known of a suppressed value but that it is not negative. */
export const UNKNOWN_RANGE: SuppressedRange = [0, Number.POSITIVE_INFINITY];

/** What a primary and a secondary suppressed value can be where a unit's data come from. */
export interface ConfidentialRanges {
  primary: SuppressedRange;
  secondary: SuppressedRange;
}

export const UNKNOWN_RANGES: ConfidentialRanges = { primary: UNKNOWN_RANGE, secondary: UNKNOWN_RANGE };

/** Widest interval (as a share, 0-1) for which an estimate is published: 5 points. */
export const MAX_SHARE_INTERVAL = 0.05;

export interface ShareBounds {
  /** point estimate */
  estimate: number;
  /** lowest and highest share the published figures allow */
  lo: number;
  hi: number;
}

/** The published figures beneath one unit, for a share of part P in basis P + R. */
export interface ShareInputs {
  /** known sum of P's categories, and how many values among them are confidential (of any kind) */
  part: number;
  partSuppressed: number;
  /** of P's confidential values, how many are secondary suppressions (0 when absent) */
  partSecondary?: number;
  /** known sum of the rest of the basis, its confidential values, and the secondary ones among them */
  rest: number;
  restSuppressed: number;
  restSecondary?: number;
  /** T when it is known (no T beneath confidential) */
  total?: number;
  /**
   * P's part of the suppressed values summed over the cells beneath, each worked out from its own cell's
   * figures (hiddenPart per cell): tighter than the unit's sums alone allow, which have lost which cell
   * hid what. Absent where it was not computed (anything but the LAU table).
   */
  cells?: HiddenPart;
}

/** Persons among a unit's suppressed values: x in all, P's part between lo and hi, and its estimate. */
export interface HiddenPart {
  x: number;
  lo: number;
  hi: number;
  estimate: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
/** n values of at most v persons each (0 x Infinity is 0: no value, nothing hidden) */
const times = (n: number, v: number) => (n === 0 ? 0 : n * v);

/** What the suppressed values of one side can hold: primary and secondary counts and their sum's range. */
interface Hidden {
  primary: number;
  secondary: number;
  min: number;
  max: number;
}

function hidden(suppressed: number, secondary: number, ranges: ConfidentialRanges): Hidden {
  const primary = suppressed - secondary;
  return {
    primary,
    secondary,
    min: primary * ranges.primary[0] + secondary * ranges.secondary[0],
    max: times(primary, ranges.primary[1]) + times(secondary, ranges.secondary[1]),
  };
}

/** The ranges for both kinds from one range (a data set that does not tell the kinds apart). */
const asRanges = (ranges: SuppressedRange | ConfidentialRanges): ConfidentialRanges => ('primary' in ranges ? ranges : { primary: ranges, secondary: ranges });

/** Ranges at most this wide (1-2 persons) are taken to hide values of one size: each gets its share of X. */
const NARROW_RANGE = 2;

/**
 * P's share of X persons hidden in P and R, for the estimate. Primaries of a narrow range (1-2) are values
 * of about one size: alone, each holds X / k; beside secondaries, each holds its range's middle. The other
 * values (secondaries, or primaries of a wide range such as France's 0-10) hide residents like the known
 * ones: the rest of X goes to P in proportion m / (m + r), or `prior` (the share of a unit around) when
 * nothing is known here, or by the count of such values on each side when there is no prior either.
 */
function typicalPart(x: number, m: number, r: number, p: Hidden, q: Hidden, ranges: ConfidentialRanges, prior?: number): number {
  const [a, b] = ranges.primary;
  const narrow = b - a <= NARROW_RANGE;
  const primaries = p.primary + q.primary;
  let part = 0;
  let left = x;
  if (narrow && primaries > 0) {
    if (p.secondary + q.secondary === 0) return (x * p.primary) / primaries;
    const held = Math.min(x, (primaries * (a + b)) / 2);
    part = (held * p.primary) / primaries;
    left = x - held;
  }
  const nP = narrow ? p.secondary : p.primary + p.secondary;
  const nR = narrow ? q.secondary : q.primary + q.secondary;
  if (nP === 0 || nR === 0) return nP === 0 ? part : part + left;
  const share = m + r > 0 ? m / (m + r) : (prior ?? nP / (nP + nR));
  return part + left * share;
}

/** P's part of the suppressed values when T is known (undefined without T); all zero when nothing is suppressed. */
export function hiddenPart(inputs: ShareInputs, range: SuppressedRange | ConfidentialRanges = UNKNOWN_RANGE, prior?: number): HiddenPart | undefined {
  const { part: m, rest: r, partSuppressed: kP, restSuppressed: kR, total } = inputs;
  if (kP + kR === 0) return { x: 0, lo: 0, hi: 0, estimate: 0 };
  if (total === undefined) return undefined;
  const ranges = asRanges(range);
  const p = hidden(kP, inputs.partSecondary ?? 0, ranges);
  const q = hidden(kR, inputs.restSecondary ?? 0, ranges);
  const x = clamp(total - m - r, p.min + q.min, p.max + q.max);
  let lo = Math.max(p.min, x - q.max);
  let hi = Math.min(p.max, x - q.min);
  let estimate = typicalPart(x, m, r, p, q, ranges, prior);
  const { cells } = inputs;
  if (cells && cells.x === x) {
    // both are sound bounds: keep the tighter of each, and the estimate built cell by cell
    [lo, hi] = [Math.max(lo, cells.lo), Math.min(hi, cells.hi)];
    if (lo > hi) [lo, hi] = [cells.lo, cells.hi];
    estimate = cells.estimate;
  }
  return { x, lo, hi, estimate: clamp(estimate, lo, hi) };
}

/** Bounds and estimate of P / (P + R); undefined when no resident can be placed (an empty basis). */
export function shareBounds(inputs: ShareInputs, range: SuppressedRange | ConfidentialRanges = UNKNOWN_RANGE): ShareBounds | undefined {
  const { part: m, rest: r, partSuppressed: kP, restSuppressed: kR, total } = inputs;
  if (kP + kR === 0) {
    const t = m + r;
    return t > 0 ? { estimate: m / t, lo: m / t, hi: m / t } : undefined;
  }
  if (total !== undefined) {
    const { x, lo, hi, estimate } = hiddenPart(inputs, range)!;
    const t = m + r + x;
    if (!(t > 0)) return undefined;
    return { estimate: (m + estimate) / t, lo: (m + lo) / t, hi: (m + hi) / t };
  }
  // no T: P's and R's suppressed values vary independently within their ranges
  const ranges = asRanges(range);
  const p = hidden(kP, inputs.partSecondary ?? 0, ranges);
  const q = hidden(kR, inputs.restSecondary ?? 0, ranges);
  const share = (xP: number, xR: number) => {
    const t = m + r + xP + xR;
    return t > 0 ? (m + xP) / t : undefined;
  };
  const lo = Number.isFinite(q.max) ? share(p.min, q.max) : 0;
  const hi = Number.isFinite(p.max) ? share(p.max, q.min) : 1;
  if (lo === undefined || hi === undefined) return undefined;
  if (!Number.isFinite(p.max) || !Number.isFinite(q.max)) return { estimate: Number.NaN, lo, hi };
  const estimate = share((p.min + p.max) / 2, (q.min + q.max) / 2);
  return estimate === undefined ? undefined : { estimate, lo, hi };
}

/** The estimate when it is sure enough to publish (interval at most MAX_SHARE_INTERVAL), else undefined. */
export function publishedShare(bounds: ShareBounds | undefined): number | undefined {
  if (!bounds || !Number.isFinite(bounds.estimate)) return undefined;
  return bounds.hi - bounds.lo <= MAX_SHARE_INTERVAL + 1e-12 ? bounds.estimate : undefined;
}

/**
 * A share from a tile's properties, which count the confidential values of the basis (`conf`) and, per
 * category, those of the rest R (`NAT_conf`, ...), without what each can be: the bounds rule with an
 * unknown range. Where R's count is not known, any of them may be in P or in R: the bounds span both
 * cases and the estimate is their middle.
 */
export function tileShareBounds(
  part: number,
  rest: number,
  suppressed: number,
  restSuppressed: number | undefined,
  total: number | undefined,
): ShareBounds | undefined {
  if (restSuppressed !== undefined) {
    return shareBounds({ part, partSuppressed: Math.max(0, suppressed - restSuppressed), rest, restSuppressed, total });
  }
  return unsplitShareBounds(part, rest, suppressed, total);
}

/**
 * When only the total count of confidential values is known, not their categories: any of them may be in
 * P or in R. The bounds span both cases and the estimate is their middle.
 */
export function unsplitShareBounds(
  part: number,
  rest: number,
  suppressed: number,
  total: number | undefined,
  range: SuppressedRange | ConfidentialRanges = UNKNOWN_RANGE,
): ShareBounds | undefined {
  const low = shareBounds({ part, partSuppressed: 0, rest, restSuppressed: suppressed, total }, range);
  const high = shareBounds({ part, partSuppressed: suppressed, rest, restSuppressed: 0, total }, range);
  if (!low || !high) return undefined;
  return { estimate: (low.lo + high.hi) / 2, lo: low.lo, hi: high.hi };
}
