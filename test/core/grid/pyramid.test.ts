import { describe, expect, it } from 'vitest';
import { findCell, type GridLevel } from '../../../core/grid/grid-level.ts';
import { LADDER, pyramidResolutions, sourceResolution } from '../../../core/grid/levels.ts';
import { aggregateLevel, buildPyramid } from '../../../core/grid/pyramid.ts';
import { randomLevel, TEST_COLUMNS } from '../../support/synthetic-level.ts';

function total(level: GridLevel, values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < level.count; i++) sum += values[i];
  return sum;
}

describe('aggregate pyramid', () => {
  const finest = randomLevel(30_000, 11);
  const levels = buildPyramid(finest, TEST_COLUMNS);

  it('builds every ladder level from the finest, each from a finer level that divides it', () => {
    expect(levels.map((l) => l.res)).toEqual([...LADDER]);
    expect(pyramidResolutions(1000)).toEqual([1000, 2000, 5000, 10000, 20000, 50000, 100000]);
    expect(sourceResolution(500, [100, 200])).toBe(100);
    expect(sourceResolution(1000, [100, 200, 500])).toBe(500);
    expect(sourceResolution(50000, [100, 200, 500, 1000, 2000, 5000, 10000, 20000])).toBe(10000);
    expect(() => pyramidResolutions(250)).toThrow(/not a supported grid resolution/);
  });

  it('every level sums to the same totals, known values and unknown counts alike', () => {
    for (const level of levels) {
      for (const c of TEST_COLUMNS) expect(total(level, level.values[c.name])).toBeCloseTo(total(finest, finest.values[c.name]), 6);
      expect(total(level, level.unknown.OTH)).toBe(total(finest, finest.unknown.OTH));
      expect(Object.keys(level.unknown)).toEqual(['OTH']);
    }
  });

  it('every cell lies in exactly one cell of each coarser level it nests in, whose counts are the sums of its children', () => {
    let pairs = 0;
    for (let a = 0; a < levels.length; a++) {
      for (let b = a + 1; b < levels.length; b++) {
        const fine = levels[a];
        const coarse = levels[b];
        if (coarse.res % fine.res !== 0) continue; // a 200 m cell straddles 500 m cells: no nesting to check
        pairs++;
        const factor = coarse.res / fine.res;
        const childSums = new Float64Array(coarse.count);
        const seen = new Set<number>();
        let orphans = 0;
        for (let i = 0; i < fine.count; i++) {
          const parent = findCell(coarse, Math.floor(fine.x[i] / factor), Math.floor(fine.y[i] / factor));
          if (parent < 0) orphans++;
          childSums[parent] += fine.values.T[i];
          seen.add(parent);
        }
        expect(orphans, `${fine.res} m cells without a ${coarse.res} m parent`).toBe(0);
        expect(seen.size).toBe(coarse.count); // no coarse cell without children
        expect(Array.from(coarse.values.T)).toEqual(Array.from(childSums));
      }
    }
    expect(pairs).toBe(42);
    // coarse cells are unique
    for (const level of levels) {
      const keys = new Set<number>();
      for (let i = 0; i < level.count; i++) keys.add(level.x[i] * 1e6 + level.y[i]);
      expect(keys.size).toBe(level.count);
    }
  });

  it('carries confidential counts upward: a value built on confidential cells is never a known zero', () => {
    // one coarse cell whose only children are confidential
    const level = randomLevel(2, 5);
    level.values.OTH[0] = 0;
    level.values.OTH[1] = 0;
    level.unknown.OTH[0] = 1;
    level.unknown.OTH[1] = 1;
    const top = aggregateLevel(level, 100_000, TEST_COLUMNS);
    let unknownBeneath = 0;
    for (let i = 0; i < top.count; i++) {
      expect(top.values.OTH[i]).toBe(0);
      expect(top.unknown.OTH[i]).toBeGreaterThan(0);
      unknownBeneath += top.unknown.OTH[i];
    }
    expect(unknownBeneath).toBe(2);
  });

  it('gives a coarse cell the country of its most populous child', () => {
    const coarse = levels[levels.length - 1];
    const fine = levels[0];
    const factor = coarse.res / fine.res;
    const best = new Map<number, [number, number]>();
    for (let i = 0; i < fine.count; i++) {
      const parent = findCell(coarse, Math.floor(fine.x[i] / factor), Math.floor(fine.y[i] / factor));
      const current = best.get(parent);
      if (!current || fine.values.T[i] > current[0]) best.set(parent, [fine.values.T[i], fine.country[i]]);
    }
    for (const [parent, [, country]] of best) expect(coarse.country[parent]).toBe(country);
  });
});
