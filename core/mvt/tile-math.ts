// Web Mercator XYZ tiles: tile <-> lon/lat, and the EPSG:3035 box a tile covers.
import { areaEnvelope, type Box, outlineEnvelope } from '../grid/box-outline.ts';
import { laeaToLonLat, lonLatToLaea } from '../grid/projection.ts';

export const TILE_EXTENT = 4096;
export const TILE_BUFFER = 64;
const MAX_LAT = 85.0511287798066;

/** Tile x (fractional) of a longitude at zoom z. */
export function lonToTileX(lon: number, z: number): number {
  return ((lon + 180) / 360) * 2 ** z;
}

/** Tile y (fractional) of a latitude at zoom z (y grows southwards). */
export function latToTileY(lat: number, z: number): number {
  const clamped = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
  const s = Math.sin((clamped * Math.PI) / 180);
  return (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * 2 ** z;
}

export function tileXToLon(x: number, z: number): number {
  return (x / 2 ** z) * 360 - 180;
}

export function tileYToLat(y: number, z: number): number {
  const n = Math.PI - (2 * Math.PI * y) / 2 ** z;
  return (180 / Math.PI) * Math.atan(Math.sinh(n));
}

/** [west, south, east, north] of a tile in degrees. */
export function tileBoundsLonLat(z: number, x: number, y: number): [number, number, number, number] {
  return [tileXToLon(x, z), tileYToLat(y + 1, z), tileXToLon(x + 1, z), tileYToLat(y, z)];
}

/** Is (z, x, y) a tile of the Web Mercator pyramid? */
export function isValidTile(z: number, x: number, y: number): boolean {
  return Number.isInteger(z) && Number.isInteger(x) && Number.isInteger(y) && z >= 0 && z <= 30 && x >= 0 && y >= 0 && x < 2 ** z && y < 2 ** z;
}

/**
 * The EPSG:3035 box [minE, minN, maxE, maxN] that contains the tile grown by `margin` (a fraction of
 * the tile): the tile's outline is sampled densely, because a Mercator tile is curved in EPSG:3035.
 */
export function tileBox3035(z: number, x: number, y: number, margin = TILE_BUFFER / TILE_EXTENT): [number, number, number, number] {
  const grown: Box = [x - margin, y - margin, x + 1 + margin, y + 1 + margin];
  const project = (tx: number, ty: number, out: number[]) => lonLatToLaea(Math.max(-180, Math.min(180, tileXToLon(tx, z))), tileYToLat(ty, z), out);
  // up to z4 a tile spans a quarter of the world or more: EPSG:3035 bends it so far that its inside
  // reaches beyond its outline's image (the z0 tile's outline left out the Azores and the Canaries)
  return z <= LOW_ZOOM ? areaEnvelope(grown, 64, project) : outlineEnvelope(grown, 16, project);
}

/** Zooms whose tiles are boxed by their whole area, not their outline. */
const LOW_ZOOM = 4;

/** Projects EPSG:3035 points into one tile's coordinates (0..extent, y down). */
export class TileProjector {
  private readonly scale: number;
  private readonly lonLat = [0, 0];

  constructor(
    readonly z: number,
    readonly x: number,
    readonly y: number,
    readonly extent = TILE_EXTENT,
  ) {
    this.scale = 2 ** z;
  }

  /** Writes tile coordinates (unrounded) of (e, n) into out. */
  project(e: number, n: number, out: number[] | Float64Array): void {
    laeaToLonLat(e, n, this.lonLat);
    const lon = this.lonLat[0];
    const s = Math.sin((this.lonLat[1] * Math.PI) / 180);
    out[0] = (((lon + 180) / 360) * this.scale - this.x) * this.extent;
    out[1] = ((0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * this.scale - this.y) * this.extent;
  }

  /** Tile coordinates back to EPSG:3035 metres (for tests and checks). */
  unproject(px: number, py: number): [number, number] {
    const lon = tileXToLon(this.x + px / this.extent, this.z);
    const lat = tileYToLat(this.y + py / this.extent, this.z);
    const p = lonLatToLaea(lon, lat);
    return [p[0], p[1]];
  }
}

/**
 * A tile's projection sampled on a grid of nodes over its EPSG:3035 box and interpolated bilinearly in
 * between: over a tile the projection is smooth, so a few dozen exact projections (trigonometry) stand
 * in for thousands of cell corners. `maxError` is measured, not assumed: callers use it only when the
 * error measured in sample node cells (at their edge midpoints, where bilinear error peaks) is a small fraction of a tile unit.
 */
export class NodeGridProjector {
  private readonly nodesX: Float64Array;
  private readonly nodesY: Float64Array;
  private readonly step: number;
  readonly maxError: number;

  constructor(
    private readonly exact: TileProjector,
    private readonly e0: number,
    private readonly n0: number,
    span: number,
    private readonly intervals: number,
  ) {
    const count = intervals + 1;
    this.step = span / intervals;
    // nodes are projected when first needed: a sparse tile touches few of them
    this.nodesX = new Float64Array(count * count).fill(NaN);
    this.nodesY = new Float64Array(count * count);
    const p = [0, 0];
    // measured in the corner and central node cells, at their centre and edge midpoints: the map is
    // nearly conformal, so its two second derivatives almost cancel at a cell's centre and bilinear
    // error peaks on the edges
    let worst = 0;
    const q = [0, 0];
    const mid = Math.floor(intervals / 2);
    for (const [i, j] of [
      [0, 0],
      [intervals - 1, 0],
      [0, intervals - 1],
      [intervals - 1, intervals - 1],
      [mid, mid],
    ]) {
      for (const [di, dj] of [
        [0.5, 0.5],
        [0.5, 0],
        [0, 0.5],
        [0.5, 1],
        [1, 0.5],
      ]) {
        const e = e0 + (i + di) * this.step;
        const n = n0 + (j + dj) * this.step;
        exact.project(e, n, p);
        this.project(e, n, q);
        worst = Math.max(worst, Math.hypot(p[0] - q[0], p[1] - q[1]));
      }
    }
    this.maxError = worst;
  }

  private readonly point = [0, 0];

  private node(k: number): void {
    const count = this.intervals + 1;
    this.exact.project(this.e0 + (k % count) * this.step, this.n0 + Math.floor(k / count) * this.step, this.point);
    this.nodesX[k] = this.point[0];
    this.nodesY[k] = this.point[1];
  }

  project(e: number, n: number, out: number[] | Float64Array): void {
    const count = this.intervals + 1;
    const u = (e - this.e0) / this.step;
    const v = (n - this.n0) / this.step;
    const i = Math.min(this.intervals - 1, Math.max(0, Math.floor(u)));
    const j = Math.min(this.intervals - 1, Math.max(0, Math.floor(v)));
    const fx = u - i;
    const fy = v - j;
    const a = j * count + i;
    const b = a + count;
    if (Number.isNaN(this.nodesX[a])) this.node(a);
    if (Number.isNaN(this.nodesX[a + 1])) this.node(a + 1);
    if (Number.isNaN(this.nodesX[b])) this.node(b);
    if (Number.isNaN(this.nodesX[b + 1])) this.node(b + 1);
    const w00 = (1 - fx) * (1 - fy);
    const w10 = fx * (1 - fy);
    const w01 = (1 - fx) * fy;
    const w11 = fx * fy;
    out[0] = w00 * this.nodesX[a] + w10 * this.nodesX[a + 1] + w01 * this.nodesX[b] + w11 * this.nodesX[b + 1];
    out[1] = w00 * this.nodesY[a] + w10 * this.nodesY[a + 1] + w01 * this.nodesY[b] + w11 * this.nodesY[b + 1];
  }
}
