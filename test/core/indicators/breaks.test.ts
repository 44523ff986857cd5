// Class breaks against simple-statistics on known data.
import { ckmeans } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { classBreaks, JENKS_MAX_VALUES } from '../../../core/indicators/breaks.ts';
import { seeded } from '../../support/synthetic-level.ts';

const sortedRandom = (n: number, seed = 3) => {
  const random = seeded(seed);
  return Float64Array.from({ length: n }, () => random() ** 2).sort();
};

describe('class breaks', () => {
  it('quantile classes hold near-equal counts on continuous values', () => {
    const values = sortedRandom(10_001);
    for (const classes of [3, 5, 7, 9]) {
      const b = classBreaks(values, 'quantile', classes);
      expect(b.breaks).toHaveLength(classes - 1);
      for (const count of b.counts) expect(Math.abs(count - values.length / classes)).toBeLessThanOrEqual(1);
    }
  });

  it('Jenks is ckmeans on the same values, and on an even quantile sketch above the size limit', () => {
    const small = sortedRandom(2_000);
    const clusters = ckmeans(Array.from(small), 5);
    const b = classBreaks(small, 'jenks', 5);
    expect(b.breaks).toEqual(clusters.slice(1).map((c) => c[0]));
    expect(b.counts).toEqual(clusters.map((c) => c.length));
    const large = sortedRandom(JENKS_MAX_VALUES * 5);
    const sketched = classBreaks(large, 'jenks', 5);
    expect(sketched.sample).toBe(JENKS_MAX_VALUES);
    expect(sketched.counts.reduce((a, c) => a + c, 0)).toBe(large.length);
    const exact = ckmeans(Array.from(large), 5)
      .slice(1)
      .map((c) => c[0]);
    for (const [k, v] of sketched.breaks.entries()) expect(Math.abs(v - exact[k])).toBeLessThan(0.01);
  });

  it('equal intervals split the range evenly; ties never make empty classes', () => {
    const b = classBreaks(Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 10]), 'equal', 5);
    expect(b.breaks).toEqual([2, 4, 6, 8]);
    const tied = classBreaks(Float64Array.from([0, 0, 0, 0, 0, 0, 0, 1, 2, 3]), 'quantile', 5);
    expect(tied.counts.every((c) => c > 0)).toBe(true);
    expect(classBreaks(new Float64Array(0), 'quantile', 5).n).toBe(0);
  });
});
