import { describe, expect, it } from 'vitest';
import { blockRunsInBox, findCell, forEachCellInBox, narrowArray, spatialOrder } from '../../../core/grid/grid-level.ts';
import { randomLevel, seeded } from '../../support/synthetic-level.ts';

describe('spatial order and block index', () => {
  const level = randomLevel(20_000, 7);

  it('sorts cells by block, then row, then column', () => {
    const { size, bx0, by0, nbx } = level.blocks;
    const key = (i: number) => {
      const block = (Math.floor(level.y[i] / size) - by0) * nbx + (Math.floor(level.x[i] / size) - bx0);
      return block * size * size + (level.y[i] % size) * size + (level.x[i] % size);
    };
    for (let i = 1; i < level.count; i++) expect(key(i)).toBeGreaterThan(key(i - 1));
    expect(level.blocks.start[level.blocks.start.length - 1]).toBe(level.count);
  });

  it('finds exactly the cells in a box, in one run per block row', () => {
    const random = seeded(3);
    for (let k = 0; k < 50; k++) {
      const gx0 = 39000 + Math.floor(random() * 4000);
      const gy0 = 31000 + Math.floor(random() * 3000);
      const gx1 = gx0 + Math.floor(random() * 300);
      const gy1 = gy0 + Math.floor(random() * 300);
      const found: number[] = [];
      forEachCellInBox(level, gx0, gy0, gx1, gy1, (i) => found.push(i));
      const expected: number[] = [];
      for (let i = 0; i < level.count; i++) {
        if (level.x[i] >= gx0 && level.x[i] <= gx1 && level.y[i] >= gy0 && level.y[i] <= gy1) expected.push(i);
      }
      expect(found.sort((a, b) => a - b)).toEqual(expected);
      const rows = Math.floor(gy1 / 64) - Math.floor(gy0 / 64) + 1;
      expect(blockRunsInBox(level.blocks, gx0, gy0, gx1, gy1).length).toBeLessThanOrEqual(rows);
    }
  });

  it('finds single cells by coordinates', () => {
    for (let i = 0; i < level.count; i += 97) expect(findCell(level, level.x[i], level.y[i])).toBe(i);
    expect(findCell(level, 1, 1)).toBe(-1);
    expect(findCell(level, level.x[0] + 100000, level.y[0])).toBe(-1);
  });

  it('handles an empty level', () => {
    const { order, blocks } = spatialOrder([], [], 0, 64);
    expect(order.length).toBe(0);
    expect(blockRunsInBox(blocks, 0, 0, 10, 10)).toEqual([]);
  });

  it('narrows arrays to the smallest type that holds them', () => {
    expect(narrowArray([1, 255], 2)).toBeInstanceOf(Uint8Array);
    expect(narrowArray([1, 256], 2)).toBeInstanceOf(Uint16Array);
    expect(narrowArray([1, 70000], 2)).toBeInstanceOf(Uint32Array);
    expect(narrowArray([0.5], 1, 'float')).toBeInstanceOf(Float64Array);
  });
});
