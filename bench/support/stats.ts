// Figures of a sample of timings or sizes, computed the same way in every benchmark (simple-statistics).
import { quantileSorted } from 'simple-statistics';

/** The q-quantile of ascending values (0 when there are none). */
export const quantile = (sorted: readonly number[], q: number): number => (sorted.length ? quantileSorted(sorted as number[], q) : 0);

/** Values sorted ascending (a copy). */
export const ascending = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);
