// Class breaks for a legend with simple-statistics: nice (quantiles rounded to round numbers), quantile,
// Jenks (ckmeans, its exact optimal form) and equal intervals. Breaks are the inner thresholds: class k holds values v with
// breaks[k-1] <= v < breaks[k], as a MapLibre `step` expression reads them.
import { ckmeans, equalIntervalBreaks, quantileSorted } from 'simple-statistics';
import type { BreakMethod } from './break-methods.ts';

/** ckmeans is O(k n log n) with a large constant: above this many values it runs on a quantile sketch. */
export const JENKS_MAX_VALUES = 10_000;

export interface ClassBreaks {
  method: BreakMethod;
  classes: number;
  /** values the breaks were computed from */
  n: number;
  /** values ckmeans ran on (n, or the sketch size) */
  sample: number;
  min: number;
  max: number;
  /** classes - 1 inner thresholds, ascending (fewer when the values have fewer distinct levels) */
  breaks: number[];
  /** values in each class */
  counts: number[];
}

/** Every `step`-th value of a sorted array, ends included: keeps the distribution's shape. */
function sketch(sorted: Float64Array, size: number): number[] {
  if (sorted.length <= size) return Array.from(sorted);
  const out = new Array<number>(size);
  for (let k = 0; k < size; k++) out[k] = sorted[Math.round((k * (sorted.length - 1)) / (size - 1))];
  return out;
}

/** Round numbers a nice break may take, per power of ten: 1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5 (x 10^k). */
const NICE_STEPS = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 10];

/** The round number nearest to v (in ratio, so 0.033 becomes 0.03 and 0.27 becomes 0.25); 0 stays 0. */
export function niceNumber(v: number): number {
  if (!(v > 0)) return 0;
  const power = 10 ** Math.floor(Math.log10(v));
  const scaled = v / power;
  let best = NICE_STEPS[0];
  for (const step of NICE_STEPS) if (Math.abs(Math.log(step / scaled)) < Math.abs(Math.log(best / scaled))) best = step;
  // a float product such as 7.5 * 0.01 is rounded back to its 2 significant digits
  return Number((best * power).toPrecision(2));
}

/** The next round number above v. */
function niceAbove(v: number): number {
  const power = 10 ** Math.floor(Math.log10(v));
  const step = NICE_STEPS.find((s) => s * power > v * (1 + 1e-9)) ?? 10;
  return Number((step * power).toPrecision(2));
}

/**
 * Round breaks at the quantiles of the residents (each value counts with its weight, so cities weigh as
 * much as their people, not as their few cells): each quantile rounded to the nearest round number, or
 * to the next one up where rounding would merge it with the break below.
 */
function niceBreaks(sorted: Float64Array, weights: Float64Array | undefined, classes: number): number[] {
  const total = weights ? weights.reduce((a, b) => a + b, 0) : sorted.length;
  const quantiles: number[] = [];
  let k = 1;
  let sum = 0;
  for (let i = 0; i < sorted.length && k < classes; i++) {
    sum += weights ? weights[i] : 1;
    while (k < classes && sum >= (k / classes) * total) {
      quantiles.push(sorted[i]);
      k++;
    }
  }
  const breaks: number[] = [];
  for (const [k, q] of quantiles.entries()) {
    let b = niceNumber(q);
    const previous = breaks.at(-1);
    // merged with the break below: the next round number up, if it still comes before the next quantile
    if (previous !== undefined && b <= previous) {
      b = niceAbove(previous);
      if (b >= (quantiles[k + 1] ?? sorted[sorted.length - 1])) continue;
    }
    breaks.push(b);
  }
  return breaks;
}

/**
 * Class breaks of the (ascending) sorted values. `weights` (aligned with them, e.g. residents per cell)
 * weigh the nice method's quantiles; the other methods count every value once.
 */
export function classBreaks(sorted: Float64Array, method: BreakMethod, classes: number, weights?: Float64Array): ClassBreaks {
  const n = sorted.length;
  if (n === 0) return { method, classes, n, sample: 0, min: NaN, max: NaN, breaks: [], counts: [] };
  let breaks: number[];
  let sample = n;
  if (method === 'nice') {
    breaks = niceBreaks(sorted, weights, classes);
  } else if (method === 'quantile') {
    // quantileSorted only indexes its input: a typed array spares copying millions of values
    const values = sorted as unknown as number[];
    breaks = Array.from({ length: classes - 1 }, (_, k) => quantileSorted(values, (k + 1) / classes));
  } else if (method === 'jenks') {
    const values = sketch(sorted, JENKS_MAX_VALUES);
    sample = values.length;
    const clusters = ckmeans(values, Math.min(classes, new Set(values).size));
    breaks = clusters.slice(1).map((cluster) => cluster[0]);
  } else {
    breaks = equalIntervalBreaks(sketch(sorted, 2), classes).slice(1, -1);
  }
  // tied quantiles (many equal values, or quantiles rounded to one nice number) would make empty
  // classes: keep distinct thresholds only, so a legend may have fewer classes than asked
  breaks = [...new Set(breaks)].filter((b) => b > sorted[0]);
  const counts = new Array<number>(breaks.length + 1).fill(0);
  let k = 0;
  for (let i = 0; i < n; i++) {
    while (k < breaks.length && sorted[i] >= breaks[k]) k++;
    counts[k]++;
  }
  return { method, classes, n, sample, min: sorted[0], max: sorted[n - 1], breaks, counts };
}
