// Random but reproducible grid levels for unit tests of the pyramid and the pack.
import type { ColumnSpec } from '../../core/grid/columns.ts';
import { type CountArray, DEFAULT_BLOCK_SIZE, type GridLevel, narrowArray, permute, spatialOrder } from '../../core/grid/grid-level.ts';

export const TEST_COLUMNS: ColumnSpec[] = [
  { name: 'T', kind: 'int', basis: 'total' },
  { name: 'NAT', kind: 'int', basis: 'birth' },
  { name: 'EU_OTH', kind: 'int', basis: 'birth' },
  { name: 'OTH', kind: 'int', basis: 'birth' },
  { name: 'LAND_SURFACE', kind: 'float', basis: 'other' },
];

/** mulberry32: a tiny seeded generator so failures reproduce. */
export function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` distinct 100 m cells scattered over clusters (so some coarse cells have many children),
 * with counts, a few confidential OTH values, and two countries.
 */
export function randomLevel(count: number, seed = 1, res = 100): GridLevel {
  const random = seeded(seed);
  const seen = new Set<number>();
  const xs: number[] = [];
  const ys: number[] = [];
  const centres = Array.from({ length: 12 }, () => [39000 + Math.floor(random() * 4000), 31000 + Math.floor(random() * 3000)]);
  while (xs.length < count) {
    const [cx, cy] = centres[Math.floor(random() * centres.length)];
    const x = cx + Math.floor((random() - 0.5) * 600);
    const y = cy + Math.floor((random() - 0.5) * 600);
    const key = x * 100000 + y;
    if (seen.has(key)) continue;
    seen.add(key);
    xs.push(x);
    ys.push(y);
  }
  const values: Record<string, number[]> = { T: [], NAT: [], EU_OTH: [], OTH: [], LAND_SURFACE: [] };
  const unknownOth: number[] = [];
  const country: number[] = [];
  for (let i = 0; i < count; i++) {
    const nat = Math.floor(random() * 300);
    const eu = Math.floor(random() * 20);
    const oth = Math.floor(random() * 60);
    const confidential = oth < 3;
    values.T.push(nat + eu + oth);
    values.NAT.push(nat);
    values.EU_OTH.push(eu);
    values.OTH.push(confidential ? 0 : oth);
    values.LAND_SURFACE.push(Math.round(random() * 1e4) / 1e6);
    unknownOth.push(confidential ? 1 : 0);
    country.push(xs[i] < 41000 ? 0 : 1);
  }
  const { order, blocks } = spatialOrder(xs, ys, count, DEFAULT_BLOCK_SIZE);
  const sorted = (a: number[]) => permute(Float64Array.from(a), order);
  const level: GridLevel = {
    res,
    count,
    x: permute(Uint32Array.from(xs), order),
    y: permute(Uint32Array.from(ys), order),
    country: permute(Uint16Array.from(country), order),
    values: {} as Record<string, CountArray>,
    unknown: { OTH: narrowArray(sorted(unknownOth), count) },
    blocks,
  };
  for (const c of TEST_COLUMNS) level.values[c.name] = narrowArray(sorted(values[c.name]), count, c.kind);
  return level;
}

/** A level holding one cell (T = 1000) at each EPSG:3035 point [e, n] in metres. */
export function levelAt3035Points(points: [number, number][], res: number): GridLevel {
  const xs = points.map(([e]) => Math.floor(e / res));
  const ys = points.map(([, n]) => Math.floor(n / res));
  const count = points.length;
  const { order, blocks } = spatialOrder(xs, ys, count, DEFAULT_BLOCK_SIZE);
  const ones = (v: number) =>
    permute(
      Float64Array.from({ length: count }, () => v),
      order,
    );
  return {
    res,
    count,
    x: permute(Uint32Array.from(xs), order),
    y: permute(Uint32Array.from(ys), order),
    country: new Uint16Array(count),
    values: { T: narrowArray(ones(1000), count), NAT: narrowArray(ones(900), count), EU_OTH: narrowArray(ones(50), count), OTH: narrowArray(ones(50), count) },
    unknown: {},
    blocks,
  };
}
