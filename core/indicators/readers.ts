// How to evaluate an indicator over a table of units (the cells of a level, or the LAUs), with the
// coverage rule for confidential values. Browser-safe: the widget decides a tooltip's share with it.
import { BASIS_TOP_GROUPS } from '../grid/groups.ts';
import type { Indicator } from './catalogue.ts';
import {
  MAX_SHARE_INTERVAL,
  publishedShare,
  type ShareBounds,
  shareBounds,
  type ConfidentialRanges,
  UNKNOWN_RANGES,
  type ShareInputs,
  hiddenPart,
  type HiddenPart,
} from './share-bounds.ts';

/** Cells of a level and the LAU table both look like this. */
export interface CountTable {
  count: number;
  values: Record<string, ArrayLike<number>>;
  unknown: Record<string, ArrayLike<number>>;
  /** of the unknown values, the secondary suppressions (absent when none) */
  secondary?: Record<string, ArrayLike<number>>;
  /** per share (hiddenPartKey), P's part of the suppressed values summed cell by cell beneath (the LAU table) */
  hiddenParts?: Record<string, HiddenPartArrays>;
}

/** Persons of P among the suppressed values beneath each unit, as three arrays (NaN where T was unknown). */
export interface HiddenPartArrays {
  x: ArrayLike<number>;
  lo: ArrayLike<number>;
  hi: ArrayLike<number>;
  estimate: ArrayLike<number>;
}

/** The key of a share's hidden parts: its part and basis columns. */
export const hiddenPartKey = (part: readonly string[], basis: readonly string[]) => `${part.join('+')}/${basis.join('+')}`;

/** Extra facts some indicators need about unit i. */
export interface UnitContext {
  /** km² of unit i */
  areaKm2(i: number): number;
  /** group share of the unit's country (M / T) for a location quotient */
  countryShare?(i: number): number | undefined;
  /** a precomputed area index of unit i (LAU table) */
  areaIndex?(id: string, i: number): number | undefined;
  /** what a confidential value beneath unit i can be (its country's rule); unknown when absent */
  suppressedRange?(i: number): ConfidentialRanges;
}

function sumOf(arrays: ArrayLike<number>[], i: number): number {
  let s = 0;
  for (const a of arrays) s += a[i];
  return s;
}

/** Sum of unknown (confidential or missing) values among some columns of unit i. */
export function unknownReader(table: CountTable, columns: readonly string[]): (i: number) => number {
  const arrays = columns.map((c) => table.unknown[c]).filter((u) => u !== undefined);
  return (i) => sumOf(arrays, i);
}

/** Sum of secondary suppressions among some columns of unit i. */
function secondaryReader(table: CountTable, columns: readonly string[]): (i: number) => number {
  const arrays = columns.map((c) => table.secondary?.[c]).filter((u) => u !== undefined);
  return arrays.length ? (i) => sumOf(arrays, i) : () => 0;
}

/**
 * Coverage rule for figures built on confidential data: a share (or diversity, or group count) over a
 * basis is known when no value beneath is confidential, or when T is known and the residents without a
 * known category of the basis (T minus the known categories) are at most 5% of T, so the figure
 * cannot be off by more than 5 points. Suppression mostly hides small values (France publishes only T
 * for cells of 10 residents or fewer), so a coarse cell or a LAU with a few suppressed values beneath
 * keeps its figure, computed over the known values (a ratio of sums). It is the shares' 5-point rule
 * (share-bounds.ts) for a confidential value of unknown size, so both read one threshold.
 */
export const MIN_KNOWN_COVERAGE = 1 - MAX_SHARE_INTERVAL;

/** Is the basis known enough at unit i (see MIN_KNOWN_COVERAGE)? */
export function coverageReader(table: CountTable, basis: readonly string[]): (i: number) => boolean {
  const unknown = unknownReader(table, basis);
  const T = table.values.T;
  const unknownT = table.unknown.T;
  const basisValues = basis.map((c) => table.values[c]);
  return (i) => {
    if (unknown(i) === 0) return true;
    if (!T || (unknownT && unknownT[i] > 0)) return false;
    return T[i] - sumOf(basisValues, i) <= (1 - MIN_KNOWN_COVERAGE) * T[i];
  };
}

/** Can this share use the bounds rule (its part's columns are categories of its basis)? */
export const isSplitShare = (part: readonly string[], basis: readonly string[]) => part.every((c) => basis.includes(c));

/** The published figures of a share at unit i (part ⊆ basis), for share-bounds.ts. */
function shareInputsReader(table: CountTable, part: readonly string[], basis: readonly string[]): (i: number) => ShareInputs {
  const T = table.values.T;
  const unknownT = table.unknown.T;
  const rest = basis.filter((c) => !part.includes(c));
  const partValues = part.map((c) => table.values[c]);
  const restValues = rest.map((c) => table.values[c]);
  const partUnknown = unknownReader(table, part);
  const restUnknown = unknownReader(table, rest);
  const partSecondary = secondaryReader(table, part);
  const restSecondary = secondaryReader(table, rest);
  const cells = table.hiddenParts?.[hiddenPartKey(part, basis)];
  return (i) => ({
    part: sumOf(partValues, i),
    partSuppressed: partUnknown(i),
    partSecondary: partSecondary(i),
    rest: sumOf(restValues, i),
    restSuppressed: restUnknown(i),
    restSecondary: restSecondary(i),
    total: T && !(unknownT && unknownT[i] > 0) ? T[i] : undefined,
    cells: cells && !Number.isNaN(cells.x[i]) ? { x: cells.x[i], lo: cells.lo[i], hi: cells.hi[i], estimate: cells.estimate[i] } : undefined,
  });
}

/**
 * P's part of the suppressed values at unit i, in persons (undefined without T), for summing cell by cell;
 * `priorOf(i)`: the share of a unit around it, for a cell that shows nothing of its own.
 */
export function hiddenPartReader(
  table: CountTable,
  part: readonly string[],
  basis: readonly string[],
  rangeOf: (i: number) => ConfidentialRanges = () => UNKNOWN_RANGES,
  priorOf: (i: number) => number | undefined = () => undefined,
): (i: number) => HiddenPart | undefined {
  const inputs = shareInputsReader(table, part, basis);
  return (i) => hiddenPart(inputs(i), rangeOf(i), priorOf(i));
}

/**
 * Bounds and estimate of a share at unit i from every published figure (share-bounds.ts): the known
 * counts, T, how many values are confidential and what each can be, and (LAU table) what each cell beneath
 * allowed. When the part's columns are not categories of the basis (a continent within OTH), only the
 * coverage rule applies: the known ratio when the basis is known enough, as a point.
 */
export function shareBoundsReader(
  table: CountTable,
  part: readonly string[],
  basis: readonly string[],
  rangeOf: (i: number) => ConfidentialRanges = () => UNKNOWN_RANGES,
): (i: number) => ShareBounds | undefined {
  if (isSplitShare(part, basis)) {
    const inputs = shareInputsReader(table, part, basis);
    // most cells hide nothing: their share is known, as shareBounds would say, without building its inputs
    const hiddenCount = unknownReader(table, basis);
    const partValues = part.map((c) => table.values[c]);
    const restValues = basis.filter((c) => !part.includes(c)).map((c) => table.values[c]);
    return (i) => {
      if (hiddenCount(i) > 0) return shareBounds(inputs(i), rangeOf(i));
      const m = sumOf(partValues, i);
      const t = m + sumOf(restValues, i);
      return t > 0 ? { estimate: m / t, lo: m / t, hi: m / t } : undefined;
    };
  }
  const covered = coverageReader(table, basis);
  const basisValues = basis.map((c) => table.values[c]);
  const partValues = part.map((c) => table.values[c]);
  return (i) => {
    if (!covered(i)) return undefined;
    const t = sumOf(basisValues, i);
    if (!(t > 0)) return undefined;
    const share = sumOf(partValues, i) / t;
    return { estimate: share, lo: share, hi: share };
  };
}

/** The published share at unit i: the estimate when its interval is narrow enough, else undefined. */
export function shareReader(
  table: CountTable,
  part: readonly string[],
  basis: readonly string[],
  rangeOf?: (i: number) => ConfidentialRanges,
): (i: number) => number | undefined {
  const bounds = shareBoundsReader(table, part, basis, rangeOf);
  return (i) => publishedShare(bounds(i));
}

/** Normalised entropy over groups, with the share rules for unknowns. */
function diversityReader(table: CountTable, groups: readonly string[]): (i: number) => number | undefined {
  const covered = coverageReader(table, groups);
  const values = groups.map((c) => table.values[c]);
  const norm = Math.log(groups.length);
  return (i) => {
    if (!covered(i)) return undefined;
    const t = sumOf(values, i);
    if (t <= 0) return undefined;
    let e = 0;
    for (const v of values) {
      const p = v[i] / t;
      if (p > 0) e -= p * Math.log(p);
    }
    return e / norm;
  };
}

/** Value of an indicator for unit i of a table (undefined = unknown / not applicable). */
export function indicatorReader(indicator: Indicator, table: CountTable, context: UnitContext): (i: number) => number | undefined {
  const num = indicator.numerator.map((c) => table.values[c]);
  switch (indicator.kind) {
    case 'count': {
      // a group count is as known as its basis (T itself is always shown)
      if (indicator.basis === 'total') return (i) => sumOf(num, i);
      const covered = coverageReader(table, BASIS_TOP_GROUPS[indicator.basis]);
      return (i) => (covered(i) ? sumOf(num, i) : undefined);
    }
    case 'density':
      return (i) => {
        const area = context.areaKm2(i);
        return area > 0 ? sumOf(num, i) / area : undefined;
      };
    case 'share':
      return shareReader(table, indicator.numerator, indicator.denominator, context.suppressedRange);
    case 'location_quotient': {
      const share = shareReader(table, indicator.numerator, indicator.denominator, context.suppressedRange);
      return (i) => {
        const s = share(i);
        const national = context.countryShare?.(i);
        return s === undefined || !national ? undefined : s / national;
      };
    }
    case 'diversity':
      return diversityReader(table, indicator.denominator);
    default:
      return (i) => context.areaIndex?.(indicator.id, i);
  }
}

/** Round for JSON and tiles: 4 significant decimals for ratios, whole numbers for counts. */
export function roundIndicator(indicator: Indicator, value: number | undefined): number | undefined {
  if (value === undefined || !Number.isFinite(value)) return undefined;
  return indicator.kind === 'count' ? value : indicator.kind === 'density' ? Math.round(value * 10) / 10 : Math.round(value * 1e4) / 1e4;
}

/**
 * [lo, hi] of every share indicator at unit i whose figures leave it uncertain (a point is left out), for
 * the API's `share_bounds`: what the published figures allow, around the estimate it publishes.
 */
export function shareBoundsAt(
  indicators: readonly Indicator[],
  table: CountTable,
  i: number,
  rangeOf?: (i: number) => ConfidentialRanges,
): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const indicator of indicators) {
    if (indicator.kind !== 'share') continue;
    const bounds = shareBoundsReader(table, indicator.numerator, indicator.denominator, rangeOf)(i);
    if (bounds && bounds.hi > bounds.lo) out[indicator.id] = [Math.round(bounds.lo * 1e4) / 1e4, Math.round(bounds.hi * 1e4) / 1e4];
  }
  return out;
}

/**
 * A count column at unit i as it is published: the sum of the known values beneath, or undefined when
 * every value beneath is confidential (a flagged 100 m value is unknown, never printed as 0).
 */
export function publishedCountReader(table: CountTable, column: string): (i: number) => number | undefined {
  const values = table.values[column];
  const unknown = table.unknown[column];
  if (!unknown) return (i) => values[i];
  return (i) => (values[i] === 0 && unknown[i] > 0 ? undefined : values[i]);
}
