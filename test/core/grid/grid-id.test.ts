import { describe, expect, it } from 'vitest';
import { formatGridId, parseGridId, resolutionLabel, shortUnit } from '../../../core/grid/grid-id.ts';
import { LADDER } from '../../../core/grid/levels.ts';

describe('grid ids', () => {
  it('parses the long form, in both axis orders', () => {
    expect(parseGridId('CRS3035RES100mN2684000E4334000')).toEqual({ res: 100, e: 4334000, n: 2684000 });
    expect(parseGridId('CRS3035RES100mE4334000N2684000')).toEqual({ res: 100, e: 4334000, n: 2684000 });
    expect(parseGridId('CRS3035RES1000mN3077000E4030000')).toEqual({ res: 1000, e: 4030000, n: 3077000 });
    expect(parseGridId('CRS3035RES1kmN3077000E4030000')).toEqual({ res: 1000, e: 4030000, n: 3077000 });
  });

  it('parses the short forms with coordinates in units of the trailing zeros', () => {
    expect(parseGridId('100mN26840E43340')).toEqual({ res: 100, e: 4334000, n: 2684000 });
    expect(parseGridId('1kmN2684E4334')).toEqual({ res: 1000, e: 4334000, n: 2684000 });
    expect(parseGridId('1kmE4334N2684')).toEqual({ res: 1000, e: 4334000, n: 2684000 });
    expect(parseGridId('10kmN268E433')).toEqual({ res: 10000, e: 4330000, n: 2680000 });
    expect(parseGridId('250mN268400E433400')).toEqual({ res: 250, e: 4334000, n: 2684000 });
    expect(parseGridId('  2kmN2684E4334 ')).toEqual({ res: 2000, e: 4334000, n: 2684000 });
  });

  it('round-trips every ladder resolution in both forms', () => {
    for (const res of [...LADDER, 250, 25_000]) {
      for (const [e, n] of [
        [4334000, 2684000],
        [2600000, 1400000],
        [7000000, 5400000],
      ]) {
        const cell = { res, e: Math.floor(e / res) * res, n: Math.floor(n / res) * res };
        for (const form of ['long', 'short'] as const) {
          const id = formatGridId(cell, form);
          expect(parseGridId(id), id).toEqual(cell);
        }
      }
    }
  });

  it('formats like Eurostat', () => {
    expect(formatGridId({ res: 100, e: 4334000, n: 2684000 })).toBe('CRS3035RES100mN2684000E4334000');
    expect(formatGridId({ res: 100, e: 4334000, n: 2684000 }, 'short')).toBe('100mN26840E43340');
    expect(formatGridId({ res: 1000, e: 4334000, n: 2684000 }, 'short')).toBe('1kmN2684E4334');
    expect(resolutionLabel(100_000)).toBe('100km');
    expect(shortUnit(500)).toBe(100);
    expect(shortUnit(20_000)).toBe(10_000);
  });

  it('rejects bad ids with a reason', () => {
    expect(() => parseGridId('N2684000E4334000')).toThrow(/not an EPSG:3035 grid id/);
    expect(() => parseGridId('CRS3035RES100mN2684000N4334000')).toThrow(/names N twice/);
    expect(() => parseGridId('CRS3035RES100mN2684050E4334000')).toThrow(/not aligned to the 100m grid/);
    expect(() => parseGridId('CRS3035RES0mN0E0')).toThrow(/zero cell size/);
    expect(() => parseGridId('')).toThrow(/not an EPSG:3035 grid id/);
    expect(() => parseGridId('CRS4326RES100mN2684000E4334000')).toThrow(/not an EPSG:3035 grid id/);
  });
});
