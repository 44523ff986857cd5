// Figures of a sample of timings or sizes, computed the same way in every benchmark (simple-statistics).
import { quantileSorted } from 'simple-statistics';

/** The q-quantile of ascending values (0 when there are none). */
export const quantile = (sorted: readonly number[], q: number): number => (sorted.length ? quantileSorted(sorted as number[], q) : 0);

/** Values sorted ascending (a copy). */
export const ascending = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);

/** "min-max" of the figures of several runs. */
export function range(values: number[], digits = 0): string {
  const sorted = ascending(values);
  return `${sorted[0].toFixed(digits)}-${sorted.at(-1)!.toFixed(digits)}`;
}
