// LAU areas and segregation indices against hand-computed values.
import { describe, expect, it } from 'vitest';
import type { GridLevel } from '../../../core/grid/grid-level.ts';
import { NO_LAU } from '../../../core/grid/grid-level.ts';
import { lauAreasKm2, lauSegregationIndices } from '../../../core/lau/lau-indices.ts';
import { encodeGeometry } from '../../../core/pack/lau-table.ts';
import { laeaToLonLat } from '../../../core/grid/projection.ts';

/** A level of loose cells (no spatial index needed here): [lau, NAT, EU_OTH, OTH, OTH confidential?]. */
function cells(rows: [number, number, number, number, boolean?][]): GridLevel {
  const n = rows.length;
  return {
    res: 100,
    count: n,
    x: new Uint32Array(n),
    y: new Uint32Array(n),
    country: new Uint16Array(n),
    lau: Uint32Array.from(rows.map((r) => r[0])),
    values: {
      NAT: Float64Array.from(rows.map((r) => r[1])),
      EU_OTH: Float64Array.from(rows.map((r) => r[2])),
      OTH: Float64Array.from(rows.map((r) => (r[4] ? 0 : r[3]))),
    },
    unknown: { OTH: Uint8Array.from(rows.map((r) => (r[4] ? 1 : 0))) },
    blocks: { size: 64, originX: 0, originY: 0, columns: 0, rows: 0, start: new Uint32Array(1) },
  } as unknown as GridLevel;
}

describe('LAU segregation indices', () => {
  it('match hand-computed D, isolation and Theil H; skip confidential cells and cells outside LAUs', () => {
    const level = cells([
      // LAU 0: complete segregation between two cells
      [0, 10, 0, 0],
      [0, 0, 5, 5],
      [0, 50, 50, 2, true], // confidential: left out
      [NO_LAU, 999, 999, 999],
      // LAU 1: the same mix everywhere -> no segregation
      [1, 8, 1, 1],
      [1, 16, 2, 2],
      // LAU 2: nobody foreign-born -> undefined D and isolation
      [2, 30, 0, 0],
    ]);
    const ix = lauSegregationIndices(level, 3);
    expect(ix.dissimilarity_birth[0]).toBeCloseTo(1, 6);
    expect(ix.isolation_birth[0]).toBeCloseTo(1, 6);
    const E = -(0.5 * Math.log(0.5) + 2 * 0.25 * Math.log(0.25));
    expect(ix.theil_birth[0]).toBeCloseTo((10 * E + 10 * (E - Math.log(2))) / (20 * E), 6);
    expect(ix.dissimilarity_birth[1]).toBeCloseTo(0, 6);
    expect(ix.isolation_birth[1]).toBeCloseTo(0.2, 6); // = the LAU's own share when evenly spread
    expect(ix.theil_birth[1]).toBeCloseTo(0, 6);
    expect(ix.dissimilarity_birth[2]).toBeNaN();
    expect(ix.isolation_birth[2]).toBeNaN();
    expect(ix.theil_birth[2]).toBeNaN();
    expect(ix.dissimilarity_citizenship).toBeUndefined(); // no citizenship columns
  });

  it('LAU area: a 10 km EPSG:3035 square with a 1 km hole measures 99 km²', () => {
    const ring = (e: number, n: number, size: number) =>
      [
        [e, n],
        [e + size, n],
        [e + size, n + size],
        [e, n + size],
        [e, n],
      ].map(([x, y]) => Array.from(laeaToLonLat(x, y)) as [number, number]);
    const { geometry } = encodeGeometry([[[ring(3_900_000, 3_100_000, 10_000), ring(3_904_000, 3_104_000, 1_000).reverse()]], []]);
    const areas = lauAreasKm2(geometry, 2);
    expect(areas[0]).toBeCloseTo(99, 2);
    expect(areas[1]).toBe(0);
  });
});
