// The cells under a tile and their polygons in tile coordinates: the tile's EPSG:3035 box -> block
// runs of the level -> each cell's square projected corner by corner (more points per side where the
// projection bends the edges visibly) -> clipped to the tile plus its buffer.
import { forEachCellInBox, type GridLevel } from '../grid/grid-level.ts';
import { NodeGridProjector, TILE_BUFFER, TILE_EXTENT, tileBox3035, TileProjector } from './tile-math.ts';

export interface SlicedTile {
  count: number;
  /** cell indices in the level, in the level's (spatial) order */
  cells: Uint32Array;
  /** ring of feature k: integer tile coordinates coords[2 * ringStart[k] ..] up to ringStart[k + 1] points */
  ringStart: Uint32Array;
  coords: Int32Array;
}

/** Appends rings into flat typed arrays (no array per feature). */
class RingWriter {
  cells = new Uint32Array(256);
  ringStart = new Uint32Array(257);
  coords = new Int32Array(4096);
  count = 0;
  points = 0;

  /** Adds cell i with the rounded, de-duplicated ring of `src` (n points); false if it degenerates. */
  add(i: number, src: ArrayLike<number>, n: number): boolean {
    if ((this.points + n) * 2 > this.coords.length) this.coords = grow(this.coords, (this.points + n) * 4);
    const start = this.points;
    let m = 0;
    for (let k = 0; k < n; k++) {
      const x = Math.round(src[2 * k]);
      const y = Math.round(src[2 * k + 1]);
      const at = 2 * (start + m);
      if (m > 0 && this.coords[at - 2] === x && this.coords[at - 1] === y) continue;
      this.coords[at] = x;
      this.coords[at + 1] = y;
      m++;
    }
    if (m > 1 && this.coords[2 * start] === this.coords[2 * (start + m - 1)] && this.coords[2 * start + 1] === this.coords[2 * (start + m - 1) + 1]) m--;
    if (m < 3) return false;
    if (this.count + 1 >= this.cells.length) {
      this.cells = grow(this.cells, this.cells.length * 2);
      this.ringStart = grow(this.ringStart, this.cells.length + 1);
    }
    this.cells[this.count] = i;
    this.ringStart[this.count] = start;
    this.count++;
    this.points += m;
    this.ringStart[this.count] = this.points;
    return true;
  }

  result(): SlicedTile {
    return {
      count: this.count,
      cells: this.cells.subarray(0, this.count),
      ringStart: this.ringStart.subarray(0, this.count + 1),
      coords: this.coords.subarray(0, this.points * 2),
    };
  }
}

function grow<T extends Int32Array | Uint32Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

const segmentCache = new Map<string, number>();

/**
 * Points per cell side so that straight segments stay within a quarter tile unit of the true (curved)
 * edge: measured at the far corner of the EPSG:3035 area, where the projection bends most.
 */
export function segmentsPerSide(res: number, z: number): number {
  const key = `${res}/${z}`;
  const cached = segmentCache.get(key);
  if (cached) return cached;
  const projector = new TileProjector(z, 0, 0);
  const a = [0, 0];
  const b = [0, 0];
  const m = [0, 0];
  let segments = 1;
  for (; segments < 64; segments *= 2) {
    let worst = 0;
    for (const [e, n] of [
      [1_500_000, 1_000_000],
      [6_500_000, 5_200_000],
      [6_500_000, 1_500_000],
      [2_600_000, 5_000_000],
    ]) {
      const step = res / segments;
      projector.project(e, n, a);
      projector.project(e + step, n, b);
      projector.project(e + step / 2, n, m);
      worst = Math.max(worst, Math.hypot((a[0] + b[0]) / 2 - m[0], (a[1] + b[1]) / 2 - m[1]));
    }
    if (worst < 0.25) break;
  }
  segmentCache.set(key, segments);
  return segments;
}

/** Sutherland-Hodgman clip of a polygon (x, y pairs) to [lo, hi] on both axes. */
function clip(points: number[], lo: number, hi: number): number[] {
  let out = points;
  for (let edge = 0; edge < 4; edge++) {
    const input = out;
    out = [];
    const axis = edge & 1; // 0: x, 1: y
    const low = edge < 2; // keep coordinates >= lo, then <= hi
    const limit = low ? lo : hi;
    for (let k = 0; k < input.length; k += 2) {
      const prev = (k - 2 + input.length) % input.length;
      const curIn = low ? input[k + axis] >= limit : input[k + axis] <= limit;
      const prevIn = low ? input[prev + axis] >= limit : input[prev + axis] <= limit;
      if (curIn !== prevIn) {
        const t = (limit - input[prev + axis]) / (input[k + axis] - input[prev + axis]);
        const other = 1 - axis;
        const crossOther = input[prev + other] + t * (input[k + other] - input[prev + other]);
        if (axis === 0) out.push(limit, crossOther);
        else out.push(crossOther, limit);
      }
      if (curIn) out.push(input[k], input[k + 1]);
    }
    if (out.length === 0) return out;
  }
  return out;
}

/** Interpolation may move a corner by at most this much (tile units; rounding moves it by up to 0.5). */
export const MAX_INTERPOLATION_ERROR = 0.1;

/**
 * How corners are projected: interpolated on the coarsest node grid whose measured error stays under
 * MAX_INTERPOLATION_ERROR (nodes are projected lazily, so a sparse tile pays only for the nodes it
 * touches), exactly when the tile has too few corners to repay the measurement or no grid is accurate.
 */
function cornerProjector(
  exact: TileProjector,
  gx0: number,
  gy0: number,
  gx1: number,
  gy1: number,
  res: number,
): { project(e: number, n: number, out: number[]): void } {
  const span = Math.max(gx1 - gx0, gy1 - gy0) * res;
  const corners = (gx1 - gx0 + 1) * (gy1 - gy0 + 1);
  if (corners < 200) return exact;
  for (const intervals of [8, 16, 32]) {
    const grid = new NodeGridProjector(exact, gx0 * res, gy0 * res, span, intervals);
    if (grid.maxError <= MAX_INTERPOLATION_ERROR) return grid;
  }
  return exact;
}

export function sliceTile(level: GridLevel, z: number, x: number, y: number, extent = TILE_EXTENT, buffer = TILE_BUFFER): SlicedTile {
  const [minE, minN, maxE, maxN] = tileBox3035(z, x, y, buffer / extent);
  const res = level.res;
  const projector = new TileProjector(z, x, y, extent);
  const segments = segmentsPerSide(res, z);
  const lo = -buffer;
  const hi = extent + buffer;
  const out = new RingWriter();
  const gx0 = Math.floor(minE / res);
  const gy0 = Math.floor(minN / res);
  const gx1 = Math.floor(maxE / res);
  const gy1 = Math.floor(maxN / res);
  // neighbouring cells share corners: each corner is projected once, when first needed
  const cornerWidth = gx1 - gx0 + 2;
  const cornerX = new Float64Array(cornerWidth * (gy1 - gy0 + 2)).fill(NaN);
  const cornerY = new Float64Array(cornerX.length);
  const point = [0, 0];
  const ring = new Float64Array(8 * segments);
  const corners = cornerProjector(projector, gx0, gy0, gx1 + 1, gy1 + 1, res);
  const corner = (cx: number, cy: number, k: number) => {
    const c = (cy - gy0) * cornerWidth + (cx - gx0);
    if (Number.isNaN(cornerX[c])) {
      corners.project(cx * res, cy * res, point);
      cornerX[c] = point[0];
      cornerY[c] = point[1];
    }
    ring[k] = cornerX[c];
    ring[k + 1] = cornerY[c];
  };
  forEachCellInBox(level, gx0, gy0, gx1, gy1, (i) => {
    const cx = level.x[i];
    const cy = level.y[i];
    // clockwise on the map (west side up, north side east, ...): positive area in tile coordinates
    // (y down), which is what the MVT spec asks of an exterior ring
    if (segments === 1) {
      corner(cx, cy, 0);
      corner(cx, cy + 1, 2);
      corner(cx + 1, cy + 1, 4);
      corner(cx + 1, cy, 6);
    } else {
      const e = cx * res;
      const n = cy * res;
      let k = 0;
      for (let side = 0; side < 4; side++) {
        for (let s = 0; s < segments; s++) {
          const t = (s / segments) * res;
          projector.project(
            side === 0 ? e : side === 1 ? e + t : side === 2 ? e + res : e + res - t,
            side === 0 ? n + t : side === 1 ? n + res : side === 2 ? n + res - t : n,
            point,
          );
          ring[k++] = point[0];
          ring[k++] = point[1];
        }
      }
    }
    let [bx0, by0, bx1, by1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let k = 0; k < ring.length; k += 2) {
      if (ring[k] < bx0) bx0 = ring[k];
      if (ring[k] > bx1) bx1 = ring[k];
      if (ring[k + 1] < by0) by0 = ring[k + 1];
      if (ring[k + 1] > by1) by1 = ring[k + 1];
    }
    if (bx1 < lo || bx0 > hi || by1 < lo || by0 > hi) return;
    if (bx0 >= lo && bx1 <= hi && by0 >= lo && by1 <= hi) out.add(i, ring, ring.length / 2);
    else {
      const clipped = clip(Array.from(ring), lo, hi);
      out.add(i, clipped, clipped.length / 2);
    }
  });
  return out.result();
}
