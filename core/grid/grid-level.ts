// One level of the grid pyramid as columns of typed arrays, with the cells sorted by block so that the
// cells under any box are one contiguous run per block row.

export type CountArray = Uint8Array | Uint16Array | Uint32Array | Float64Array;

/** Cells are grouped in square blocks of `size` x `size` cells; blocks are numbered row by row. */
export interface BlockIndex {
  size: number;
  /** first block column and row (block coordinates = floor(cell coordinate / size)) */
  bx0: number;
  by0: number;
  /** block columns and rows covered */
  nbx: number;
  nby: number;
  /** CSR offsets, length nbx * nby + 1: the cells of block k are [start[k], start[k + 1]) */
  start: Uint32Array;
}

export interface GridLevel {
  /** cell size in metres */
  res: number;
  count: number;
  /** grid coordinates: lower-left corner / res (EPSG:3035 metres = x * res) */
  x: Uint32Array;
  y: Uint32Array;
  /** index into the pack's country table (the country with most residents beneath, on coarse levels) */
  country: Uint16Array;
  /** known values per count column (a confidential or missing value contributes 0 here) */
  values: Record<string, CountArray>;
  /** how many confidential or missing values lie beneath, per column; absent when none anywhere */
  unknown: Record<string, CountArray>;
  /** of those, how many were secondary suppressions (flag 2: hidden to protect another value), per column; absent when none */
  secondary?: Record<string, CountArray>;
  /** LAU index per cell, finest level only; NO_LAU outside every LAU */
  lau?: Uint32Array;
  blocks: BlockIndex;
}

export const NO_LAU = 0xffffffff;
export const DEFAULT_BLOCK_SIZE = 64;

/** The smallest unsigned integer array that holds every value (or Float64Array for real values). */
export function narrowArray(source: ArrayLike<number>, count: number, kind: 'int' | 'float' = 'int'): CountArray {
  if (kind === 'float') return Float64Array.from({ length: count }, (_, i) => source[i]);
  let max = 0;
  for (let i = 0; i < count; i++) if (source[i] > max) max = source[i];
  const Type = max <= 0xff ? Uint8Array : max <= 0xffff ? Uint16Array : Uint32Array;
  const out = new Type(count);
  for (let i = 0; i < count; i++) out[i] = source[i];
  return out;
}

/**
 * Stable spatial order of cells: by block (row-major), then by row and column inside the block.
 * Two counting-sort passes (inner key, then block key): O(n), no comparator, no per-cell objects.
 */
export function spatialOrder(x: ArrayLike<number>, y: ArrayLike<number>, count: number, size: number): { order: Uint32Array; blocks: BlockIndex } {
  const blocks = blockFrame(x, y, count, size);
  const { bx0, by0, nbx, nby } = blocks;
  const inner = new Uint32Array(size * size + 1);
  for (let i = 0; i < count; i++) inner[(y[i] % size) * size + (x[i] % size) + 1]++;
  for (let k = 1; k < inner.length; k++) inner[k] += inner[k - 1];
  const byInner = new Uint32Array(count);
  for (let i = 0; i < count; i++) byInner[inner[(y[i] % size) * size + (x[i] % size)]++] = i;

  const start = new Uint32Array(nbx * nby + 1);
  const blockOf = (i: number) => (Math.floor(y[i] / size) - by0) * nbx + (Math.floor(x[i] / size) - bx0);
  for (let i = 0; i < count; i++) start[blockOf(i) + 1]++;
  for (let k = 1; k < start.length; k++) start[k] += start[k - 1];
  const next = start.slice(0, nbx * nby);
  const order = new Uint32Array(count);
  for (let j = 0; j < count; j++) {
    const i = byInner[j];
    order[next[blockOf(i)]++] = i;
  }
  blocks.start = start;
  return { order, blocks };
}

function blockFrame(x: ArrayLike<number>, y: ArrayLike<number>, count: number, size: number): BlockIndex {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < count; i++) {
    if (x[i] < minX) minX = x[i];
    if (x[i] > maxX) maxX = x[i];
    if (y[i] < minY) minY = y[i];
    if (y[i] > maxY) maxY = y[i];
  }
  if (count === 0) minX = minY = maxX = maxY = 0;
  const bx0 = Math.floor(minX / size);
  const by0 = Math.floor(minY / size);
  return {
    size,
    bx0,
    by0,
    nbx: Math.floor(maxX / size) - bx0 + 1,
    nby: Math.floor(maxY / size) - by0 + 1,
    start: new Uint32Array(0),
  };
}

/** Reorder a typed array by a permutation. */
export function permute<T extends CountArray | Uint16Array | Uint32Array>(source: T, order: Uint32Array): T {
  const out = new (source.constructor as { new (n: number): T })(order.length);
  for (let i = 0; i < order.length; i++) out[i] = source[order[i]];
  return out;
}

/**
 * Runs [start, end) of cells whose block intersects the grid box [gx0, gx1] x [gy0, gy1] (inclusive cell
 * coordinates): one run per block row. Cells in a run may lie outside the box; callers filter by x/y.
 */
export function blockRunsInBox(blocks: BlockIndex, gx0: number, gy0: number, gx1: number, gy1: number): [number, number][] {
  const { size, bx0, by0, nbx, nby, start } = blocks;
  const c0 = Math.max(0, Math.floor(gx0 / size) - bx0);
  const c1 = Math.min(nbx - 1, Math.floor(gx1 / size) - bx0);
  const r0 = Math.max(0, Math.floor(gy0 / size) - by0);
  const r1 = Math.min(nby - 1, Math.floor(gy1 / size) - by0);
  const runs: [number, number][] = [];
  if (c0 > c1 || start.length === 0) return runs;
  for (let r = r0; r <= r1; r++) {
    const from = start[r * nbx + c0];
    const to = start[r * nbx + c1 + 1];
    if (to > from) runs.push([from, to]);
  }
  return runs;
}

/** Calls `visit(i)` for every cell of the level inside the inclusive grid box. */
export function forEachCellInBox(level: GridLevel, gx0: number, gy0: number, gx1: number, gy1: number, visit: (index: number) => void): void {
  const { x, y } = level;
  for (const [from, to] of blockRunsInBox(level.blocks, gx0, gy0, gx1, gy1)) {
    for (let i = from; i < to; i++) {
      if (x[i] >= gx0 && x[i] <= gx1 && y[i] >= gy0 && y[i] <= gy1) visit(i);
    }
  }
}

/** Index of the cell at grid coordinates (x, y), or -1: a binary search inside its block. */
export function findCell(level: GridLevel, gx: number, gy: number): number {
  const { size, bx0, by0, nbx, nby, start } = level.blocks;
  const c = Math.floor(gx / size) - bx0;
  const r = Math.floor(gy / size) - by0;
  if (c < 0 || r < 0 || c >= nbx || r >= nby) return -1;
  const target = (gy % size) * size + (gx % size);
  let lo = start[r * nbx + c];
  let hi = start[r * nbx + c + 1];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const key = (level.y[mid] % size) * size + (level.x[mid] % size);
    if (key < target) lo = mid + 1;
    else hi = mid;
  }
  return lo < start[r * nbx + c + 1] && level.x[lo] === gx && level.y[lo] === gy ? lo : -1;
}
