// Class breaks against simple-statistics on known data.
import { ckmeans } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { classBreaks, JENKS_MAX_VALUES, niceNumber } from '../../../core/indicators/breaks.ts';
import { seeded } from '../../support/synthetic-level.ts';

const sortedRandom = (n: number, seed = 3) => {
  const random = seeded(seed);
  return Float64Array.from({ length: n }, () => random() ** 2).sort();
};

describe('class breaks', () => {
  it('nice breaks are quantiles rounded to round numbers, distinct and ascending', () => {
    expect([0.033, 0.047, 0.051, 0.099, 0.14, 0.27, 0.36, 0.61, 37, 130, 1234, 0].map(niceNumber)).toEqual([
      0.03, 0.05, 0.05, 0.1, 0.15, 0.25, 0.4, 0.6, 40, 150, 1500, 0,
    ]);
    const values = sortedRandom(10_001);
    const nice = classBreaks(values, 'nice', 5);
    const quantile = classBreaks(values, 'quantile', 5);
    expect(nice.breaks).toHaveLength(4);
    for (const [k, b] of nice.breaks.entries()) {
      expect(niceNumber(b)).toBe(b);
      // near its quantile: within a step of the round-number ladder
      expect(b / quantile.breaks[k]).toBeGreaterThan(0.6);
      expect(b / quantile.breaks[k]).toBeLessThan(1.6);
    }
    expect([...nice.breaks].sort((a, b) => a - b)).toEqual(nice.breaks);
    // weights move the breaks to the quantiles of the weight: heavy high values pull them up
    const heavyHigh = Float64Array.from(values, (v) => (v > 0.5 ? 100 : 1));
    const weighted = classBreaks(values, 'nice', 5, heavyHigh);
    expect(weighted.breaks[0]).toBeGreaterThan(nice.breaks[0]);
    // rounding that would merge two breaks takes the next round number up when it fits before the next
    // quantile: quantiles 0.1, 0.11, 0.25 give 0.1, 0.15, 0.25, not 0.1, 0.25
    const spread = Float64Array.from([...Array(250).fill(0.09), ...Array(250).fill(0.1), ...Array(250).fill(0.11), ...Array(250).fill(0.25), 0.4]).sort();
    expect(classBreaks(spread, 'nice', 4).breaks).toEqual([0.1, 0.15, 0.25]);
    // shares piled up near zero: rounding merges quantiles, and the result says how many classes remain
    const low = Float64Array.from({ length: 1000 }, (_, i) => (i < 900 ? 0.01 + i * 1e-6 : 0.2)).sort();
    const merged = classBreaks(low, 'nice', 5);
    expect(merged.classes).toBe(5);
    expect(merged.breaks.length).toBeLessThan(4);
    expect(merged.counts).toHaveLength(merged.breaks.length + 1);
  });

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
