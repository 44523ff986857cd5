// One budget for all caches: the total never passes it, the least recently used entry of any kind goes first.
import { describe, expect, it } from 'vitest';
import { MemoryBudget } from '../../core/memory-budget.ts';

describe('MemoryBudget', () => {
  it('keeps every kind together under the budget, evicting the least recently used entry of any kind', () => {
    const budget = new MemoryBudget(10_000);
    const tiles = budget.area<string>('tile', (v) => v.length);
    const results = budget.area<number[]>('result', (v) => v.length * 8);
    tiles.set('a', 'x'.repeat(4000));
    results.set('a', new Array(500).fill(0)); // 4,000 bytes, same key in another area
    expect(tiles.get('a')).toHaveLength(4000);
    expect(results.get('a')).toHaveLength(500);
    tiles.get('a'); // now the result is the older one
    tiles.set('b', 'y'.repeat(4000));
    expect(results.get('a')).toBeUndefined();
    expect(tiles.entries).toBe(2);
    expect(results.entries).toBe(0);
    expect(budget.used).toBeLessThanOrEqual(10_000);
    expect(budget.byKind()).toEqual({ tile: tiles.bytes, result: 0 });
    expect(tiles.bytes).toBe(budget.used);
  });

  it('counts a replaced entry once, clears one kind only, keeps nothing larger than the budget or with budget 0', () => {
    const budget = new MemoryBudget(10_000);
    const a = budget.area<string>('a', (v) => v.length);
    const b = budget.area<string>('b', (v) => v.length);
    a.set('k', 'x'.repeat(1000));
    a.set('k', 'x'.repeat(2000));
    expect(a.entries).toBe(1);
    expect(a.bytes).toBe(2000 + 2);
    b.set('k', 'z'.repeat(100));
    a.clear();
    expect([a.entries, a.bytes, b.entries]).toEqual([0, 0, 1]);
    b.set('huge', 'h'.repeat(20_000));
    expect(b.get('huge')).toBeUndefined();
    const none = new MemoryBudget(0).area<string>('x', (v) => v.length);
    none.set('k', 'v');
    expect(none.get('k')).toBeUndefined();
  });
});
