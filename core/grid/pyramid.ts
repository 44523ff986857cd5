// The aggregate pyramid: each coarser level sums the counts of a finer level that divides it.
// Shares are never averaged: only counts are summed, together with how many values beneath were
// confidential, so a coarse value built on confidential cells stays "partly unknown", never a known zero.
import type { ColumnSpec } from './columns.ts';
import { type GridLevel, type CountArray, DEFAULT_BLOCK_SIZE, narrowArray, spatialOrder } from './grid-level.ts';
import { pyramidResolutions, sourceResolution } from './levels.ts';

export interface PyramidOptions {
  /** cells per block side in every level's spatial index */
  blockSize: number;
  /** called after each level is built, for progress reporting */
  onLevel?: (level: GridLevel) => void;
}

const defaults: PyramidOptions = {
  blockSize: DEFAULT_BLOCK_SIZE, // a 512 px tile shows 16-51 cells across (levels.ts), so a tile spans 1-2 block rows of 64 cells
};

/** Build every coarser ladder level from the finest one; returns [finest, ...coarser]. */
export function buildPyramid(finest: GridLevel, columns: ColumnSpec[], options: Partial<PyramidOptions> = {}): GridLevel[] {
  const { blockSize, onLevel } = { ...defaults, ...options };
  const levels = new Map<number, GridLevel>([[finest.res, finest]]);
  for (const res of pyramidResolutions(finest.res).slice(1)) {
    const from = levels.get(sourceResolution(res, [...levels.keys()]))!;
    const level = aggregateLevel(from, res, columns, blockSize);
    levels.set(res, level);
    onLevel?.(level);
  }
  return [...levels.values()];
}

/** Sum a level into cells of `res` metres (a multiple of its own size). */
export function aggregateLevel(fine: GridLevel, res: number, columns: ColumnSpec[], blockSize = DEFAULT_BLOCK_SIZE): GridLevel {
  if (res % fine.res !== 0) throw new Error(`${res} m is not a multiple of ${fine.res} m`);
  const factor = res / fine.res;
  const n = fine.count;
  const cx = new Uint32Array(n);
  const cy = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    cx[i] = Math.floor(fine.x[i] / factor);
    cy[i] = Math.floor(fine.y[i] / factor);
  }
  const { order } = spatialOrder(cx, cy, n, blockSize);

  // group starts: children of one coarse cell are adjacent in `order`
  const groupStart = new Uint32Array(n + 1);
  let count = 0;
  for (let j = 0; j < n; j++) {
    const i = order[j];
    const prev = j > 0 ? order[j - 1] : -1;
    if (prev < 0 || cx[i] !== cx[prev] || cy[i] !== cy[prev]) groupStart[count++] = j;
  }
  groupStart[count] = n;

  const x = new Uint32Array(count);
  const y = new Uint32Array(count);
  const country = new Uint16Array(count);
  const total = fine.values.T;
  for (let g = 0; g < count; g++) {
    const first = order[groupStart[g]];
    x[g] = cx[first];
    y[g] = cy[first];
    let heaviest = first;
    if (total) {
      for (let j = groupStart[g] + 1; j < groupStart[g + 1]; j++) if (total[order[j]] > total[heaviest]) heaviest = order[j];
    }
    country[g] = fine.country[heaviest];
  }

  // each fine cell's coarse cell, then one sequential pass per column (no indirection on the source)
  const groupOf = new Uint32Array(n);
  for (let g = 0; g < count; g++) for (let j = groupStart[g]; j < groupStart[g + 1]; j++) groupOf[order[j]] = g;
  const sumGroups = (source: CountArray, target: Uint32Array | Float64Array) => {
    for (let i = 0; i < n; i++) target[groupOf[i]] += source[i];
    return target;
  };
  const values: Record<string, CountArray> = {};
  for (const c of columns) {
    const sums = sumGroups(fine.values[c.name], c.kind === 'float' ? new Float64Array(count) : new Uint32Array(count));
    values[c.name] = narrowArray(sums, count, c.kind);
  }
  const unknown: Record<string, CountArray> = {};
  for (const name in fine.unknown) unknown[name] = narrowArray(sumGroups(fine.unknown[name], new Uint32Array(count)), count);
  const secondary: Record<string, CountArray> = {};
  for (const name in fine.secondary) secondary[name] = narrowArray(sumGroups(fine.secondary[name], new Uint32Array(count)), count);
  // coarse cells were produced in spatial order, so their block index is a histogram
  const { blocks } = spatialOrder(x, y, count, blockSize);
  return { res, count, x, y, country, values, unknown, secondary, blocks };
}
