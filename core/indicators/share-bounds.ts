// A share such as "born abroad" where some values beneath are confidential: the range the published
// figures allow, and a point estimate inside it. Leaving suppressed values out, as if they were zero,
// pulls sparse areas toward 0% exactly where suppression bites (a UK LAU with T 569, NAT 561 and every
// migrant value flagged is 8 residents, 1.4%, born abroad by definition, not 0%).
//
// The rule (README, "Confidential values and estimates"), for a part P of a basis B = P + R (R the rest):
// - known: the published sums m (of P) and r (of R), the counts kP and kR of suppressed values beneath,
//   T when no T beneath is confidential, and the range [a, b] a suppressed value can take where the data
//   set says so (1-2 under the UK, IE, IT, PT and ES rules; unknown: [0, unbounded));
// - with T: the suppressed values hold X = T - m - r persons, clamped to [k a, k b] (k = kP + kR; perturbed
//   data can make T - m - r negative or too large), P's part of X lies in
//   [max(kP a, X - kR b), min(kP b, X - kR a)], and the estimate gives every suppressed value the same
//   X / k (clamped into that interval); the share is over m + r + X;
// - without T: P's values lie in [kP a, kP b] and R's in [kR a, kR b] independently, the estimate takes the
//   middle of each (unknown when b is unbounded);
// - the estimate is published when hi - lo <= MAX_SHARE_INTERVAL; otherwise the share is unknown.
// With b unbounded this is the earlier coverage rule (at most 5% of T without a known category), with the
// estimate in place of zero.
/** What one suppressed value can be, in persons: [min, max]; max Infinity when the data set does not say. */
export type SuppressedRange = readonly [number, number];

/** Nothing is known of a suppressed value but that it is not negative. */
export const UNKNOWN_RANGE: SuppressedRange = [0, Number.POSITIVE_INFINITY];

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
  /** known sum of P's categories, and how many values among them are confidential */
  part: number;
  partSuppressed: number;
  /** known sum of the rest of the basis, and its confidential values */
  rest: number;
  restSuppressed: number;
  /** T when it is known (no T beneath confidential) */
  total?: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
/** n values of at most v persons each (0 x Infinity is 0: no value, nothing hidden) */
const times = (n: number, v: number) => (n === 0 ? 0 : n * v);

/** Bounds and estimate of P / (P + R); undefined when no resident can be placed (an empty basis). */
export function shareBounds(inputs: ShareInputs, range: SuppressedRange = UNKNOWN_RANGE): ShareBounds | undefined {
  const { part: m, rest: r, partSuppressed: kP, restSuppressed: kR, total } = inputs;
  const k = kP + kR;
  if (k === 0) {
    const t = m + r;
    return t > 0 ? { estimate: m / t, lo: m / t, hi: m / t } : undefined;
  }
  const [a, b] = range;
  if (total !== undefined) {
    const x = clamp(total - m - r, k * a, times(k, b));
    const t = m + r + x;
    if (!(t > 0)) return undefined;
    const lo = Math.max(kP * a, x - times(kR, b));
    const hi = Math.min(times(kP, b), x - kR * a);
    const estimate = clamp((x * kP) / k, lo, hi);
    return { estimate: (m + estimate) / t, lo: (m + lo) / t, hi: (m + hi) / t };
  }
  // no T: P's and R's suppressed values vary independently within their ranges
  const share = (xP: number, xR: number) => {
    const t = m + r + xP + xR;
    return t > 0 ? (m + xP) / t : undefined;
  };
  const lo = Number.isFinite(times(kR, b)) ? share(kP * a, times(kR, b)) : 0;
  const hi = Number.isFinite(times(kP, b)) ? share(times(kP, b), kR * a) : 1;
  if (lo === undefined || hi === undefined) return undefined;
  if (!Number.isFinite(b)) return { estimate: Number.NaN, lo, hi };
  const mid = (a + b) / 2;
  const estimate = share(kP * mid, kR * mid);
  return estimate === undefined ? undefined : { estimate, lo, hi };
}

/** The estimate when it is sure enough to publish (interval at most MAX_SHARE_INTERVAL), else undefined. */
export function publishedShare(bounds: ShareBounds | undefined): number | undefined {
  if (!bounds || !Number.isFinite(bounds.estimate)) return undefined;
  return bounds.hi - bounds.lo <= MAX_SHARE_INTERVAL + 1e-12 ? bounds.estimate : undefined;
}

/**
 * When only the total count of confidential values is known, not their categories (a tile's `conf`
 * field): any of them may be in P or in R. The bounds span both cases and the estimate is their middle.
 */
export function unsplitShareBounds(
  part: number,
  rest: number,
  suppressed: number,
  total: number | undefined,
  range: SuppressedRange = UNKNOWN_RANGE,
): ShareBounds | undefined {
  const low = shareBounds({ part, partSuppressed: 0, rest, restSuppressed: suppressed, total }, range);
  const high = shareBounds({ part, partSuppressed: suppressed, rest, restSuppressed: 0, total }, range);
  if (!low || !high) return undefined;
  return { estimate: (low.lo + high.hi) / 2, lo: low.lo, hi: high.hi };
}
