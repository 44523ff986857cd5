// Traces the region of every label of a raster of square cells as polygons, so that synthetic LAU
// boundaries tile the land exactly: neighbours share the same vertices along their common boundary,
// which keeps the tiling gap-free even after a non-linear projection of the vertices.

export interface LabelRaster {
  width: number;
  height: number;
  /** row-major, row 0 is the SOUTHERN row (smallest y); value -1 = no label (sea, outside) */
  labels: Int32Array;
}

/** Ring of integer corner coordinates [i, j] (corner i between columns i-1 and i; j likewise for rows), closed (first point repeated last). */
export type CornerRing = [number, number][];

// Directions of a boundary edge: 0 east, 1 north, 2 west, 3 south; turning left adds 1 (mod 4).
const NORTH = 1;
const SOUTH = 3;
const STEP_X = [1, 0, -1, 0];
const STEP_Y = [0, 1, 0, -1];
// The cell left (the region traced) and right (its neighbour) of an edge leaving corner (i, j),
// as offsets from (i, j): the cell with corner (i, j) as its south-west corner is (i, j).
const LEFT_X = [0, -1, -1, 0];
const LEFT_Y = [0, 0, -1, -1];
const RIGHT_X = [0, 0, -1, -1];
const RIGHT_Y = [-1, 0, 0, -1];

/**
 * For every label present: its region as MultiPolygon coordinates in corner units:
 * polygons[k] = [exterior ring (counter-clockwise), ...holes (clockwise)].
 * Regions are 4-connected; any negative value counts as no label. Labels come in ascending order,
 * the polygons of a label in a deterministic order (found scanning rows from the south).
 */
export function traceRegions(raster: LabelRaster): Map<number, CornerRing[][]> {
  const { width, height, labels } = raster;
  if (labels.length !== width * height) {
    throw new Error(`label raster ${width} x ${height} needs ${width * height} labels, has ${labels.length}`);
  }
  const tracer = new BoundaryTracer(raster);
  const rings = new Map<number, LabelRings>();
  const addRings = (label: number) => {
    let own = rings.get(label);
    if (!own) {
      own = { exteriors: [], holes: [] };
      rings.set(label, own);
    }
    for (const ring of tracer.closedLoops()) {
      const shape = describeRing(ring);
      (shape.area > 0 ? own.exteriors : own.holes).push(shape);
    }
  };

  // Every ring has a vertical edge, so scanning those (each direction once) finds every ring.
  const stride = width + 1;
  for (let j = 0; j < height; j++) {
    const row = j * width;
    let west = -1;
    for (let i = 0; i <= width; i++) {
      const east = i < width ? Math.max(labels[row + i], -1) : -1;
      if (east === west) continue;
      const edge = j * stride + i;
      if (west !== -1 && !tracer.visitedNorth.has(edge)) {
        tracer.trace(i, j, NORTH, west);
        addRings(west);
      }
      if (east !== -1 && !tracer.visitedSouth.has(edge)) {
        tracer.trace(i, j + 1, SOUTH, east);
        addRings(east);
      }
      west = east;
    }
  }

  const regions = new Map<number, CornerRing[][]>();
  for (const label of [...rings.keys()].sort((a, b) => a - b)) regions.set(label, assembleRegion(rings.get(label)!));
  return regions;
}

interface RingShape {
  ring: CornerRing;
  /** signed area in cells: positive counter-clockwise */
  area: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

interface LabelRings {
  exteriors: RingShape[];
  holes: RingShape[];
}

/** Follows boundaries edge by edge on the raster itself, so it needs no per-cell structures beyond two bit sets. */
class BoundaryTracer {
  /** vertical edges (index j * (width + 1) + i) already walked northwards / southwards */
  readonly visitedNorth: BitSet;
  readonly visitedSouth: BitSet;
  private readonly width: number;
  private readonly height: number;
  private readonly labels: Int32Array;
  /** kept corners of the last traced walk, as x, y pairs */
  private corners = new Int32Array(1024);
  private cornerCount = 0;
  private pinched = false;

  constructor(raster: LabelRaster) {
    this.width = raster.width;
    this.height = raster.height;
    this.labels = raster.labels;
    const edges = (raster.width + 1) * raster.height;
    this.visitedNorth = new BitSet(edges);
    this.visitedSouth = new BitSet(edges);
  }

  /**
   * Walks the closed boundary of `label` that starts with the edge leaving corner (i0, j0) in
   * `direction0`, keeping the region on the left and recording the corners that must stay.
   */
  trace(i0: number, j0: number, direction0: number, label: number): void {
    this.cornerCount = 0;
    this.pinched = false;
    let i = i0;
    let j = j0;
    let direction = direction0;
    for (;;) {
      if (direction === NORTH) this.visitedNorth.add(j * (this.width + 1) + i);
      else if (direction === SOUTH) this.visitedSouth.add((j - 1) * (this.width + 1) + i);
      i += STEP_X[direction];
      j += STEP_Y[direction];
      // Turning left first keeps to the cell we came along: diagonal neighbours stay apart (4-connectivity).
      const left = (direction + 1) & 3;
      const right = (direction + 3) & 3;
      let next: number;
      if (this.isBoundary(i, j, left, label)) {
        next = left;
        if (this.isBoundary(i, j, right, label)) this.pinched = true;
      } else if (this.isBoundary(i, j, direction, label)) {
        next = direction;
      } else {
        next = right;
      }
      if (next !== direction || this.neighbourChanges(i, j, direction)) this.keepCorner(i, j);
      if (i === i0 && j === j0 && next === direction0) return;
      direction = next;
    }
  }

  /** The last walk as simple closed rings: a walk through a pinch corner twice is cut there. */
  closedLoops(): CornerRing[] {
    const { corners, cornerCount } = this;
    if (!this.pinched) {
      const ring: CornerRing = [];
      for (let k = 0; k < cornerCount; k++) ring.push([corners[2 * k], corners[2 * k + 1]]);
      ring.push([corners[0], corners[1]]);
      return [ring];
    }
    const loops: CornerRing[] = [];
    const path: [number, number][] = [];
    const positionOf = new Map<number, number>();
    for (let k = 0; k < cornerCount; k++) {
      const x = corners[2 * k];
      const y = corners[2 * k + 1];
      const key = y * (this.width + 1) + x;
      const seen = positionOf.get(key);
      if (seen === undefined) {
        positionOf.set(key, path.length);
        path.push([x, y]);
        continue;
      }
      // Back at a corner already on the path: the part since then is a loop of its own.
      const loop = path.splice(seen + 1);
      for (const [lx, ly] of loop) positionOf.delete(ly * (this.width + 1) + lx);
      loop.unshift(path[seen]);
      loop.push([x, y]);
      loops.push(loop);
    }
    path.push([path[0][0], path[0][1]]);
    loops.push(path);
    return loops;
  }

  private isBoundary(i: number, j: number, direction: number, label: number): boolean {
    return this.labelAt(i + LEFT_X[direction], j + LEFT_Y[direction]) === label && this.labelAt(i + RIGHT_X[direction], j + RIGHT_Y[direction]) !== label;
  }

  /** Going straight through (i, j): does the cell across the boundary change here? */
  private neighbourChanges(i: number, j: number, direction: number): boolean {
    const before = this.labelAt(i - STEP_X[direction] + RIGHT_X[direction], j - STEP_Y[direction] + RIGHT_Y[direction]);
    return before !== this.labelAt(i + RIGHT_X[direction], j + RIGHT_Y[direction]);
  }

  private labelAt(column: number, row: number): number {
    if (column < 0 || row < 0 || column >= this.width || row >= this.height) return -1;
    const label = this.labels[row * this.width + column];
    return label < 0 ? -1 : label;
  }

  private keepCorner(i: number, j: number): void {
    if (2 * this.cornerCount + 2 > this.corners.length) {
      const grown = new Int32Array(this.corners.length * 2);
      grown.set(this.corners);
      this.corners = grown;
    }
    this.corners[2 * this.cornerCount] = i;
    this.corners[2 * this.cornerCount + 1] = j;
    this.cornerCount++;
  }
}

class BitSet {
  private readonly words: Uint32Array;

  constructor(size: number) {
    this.words = new Uint32Array(Math.ceil(size / 32));
  }

  has(index: number): boolean {
    return (this.words[index >>> 5] & (1 << (index & 31))) !== 0;
  }

  add(index: number): void {
    this.words[index >>> 5] |= 1 << (index & 31);
  }
}

function describeRing(ring: CornerRing): RingShape {
  let twiceArea = 0;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let k = 0; k < ring.length - 1; k++) {
    const [x0, y0] = ring[k];
    const [x1, y1] = ring[k + 1];
    twiceArea += x0 * y1 - x1 * y0;
    if (x0 < minX) minX = x0;
    if (x0 > maxX) maxX = x0;
    if (y0 < minY) minY = y0;
    if (y0 > maxY) maxY = y0;
  }
  return { ring, area: twiceArea / 2, minX, minY, maxX, maxY };
}

/**
 * Gives each hole to the smallest exterior around it. Rings of one label never cross, and going
 * inwards they alternate exterior, hole, exterior..., so that exterior is the one the hole belongs to.
 */
function assembleRegion({ exteriors, holes }: LabelRings): CornerRing[][] {
  const polygons = exteriors.map((exterior) => [exterior.ring]);
  if (exteriors.length === 1) {
    for (const hole of holes) polygons[0].push(hole.ring);
    return polygons;
  }
  // Smallest first, so the first exterior found around a hole is its owner.
  const bySize = exteriors.map((_, k) => k).sort((a, b) => exteriors[a].area - exteriors[b].area);
  for (const hole of holes) {
    // The middle of an edge: on the hole, never on another ring of the same label (they share no edges).
    const [x0, y0] = hole.ring[0];
    const [x1, y1] = hole.ring[1];
    const x = x0 === x1 ? x0 : Math.min(x0, x1) + 0.5;
    const y = y0 === y1 ? y0 : Math.min(y0, y1) + 0.5;
    // An exterior around the hole also holds the cells along it, so it is strictly larger: skip the rest.
    let first = 0;
    for (let last = bySize.length; first < last; ) {
      const middle = (first + last) >>> 1;
      if (exteriors[bySize[middle]].area <= -hole.area) first = middle + 1;
      else last = middle;
    }
    let owner = -1;
    for (let k = first; k < bySize.length && owner === -1; k++) {
      const exterior = exteriors[bySize[k]];
      if (x < exterior.minX || x > exterior.maxX || y < exterior.minY || y > exterior.maxY) continue;
      if (ringContains(exterior.ring, x, y)) owner = bySize[k];
    }
    if (owner === -1) throw new Error('raster-polygons: a hole outside every exterior of its label (a bug)');
    polygons[owner].push(hole.ring);
  }
  return polygons;
}

/** Even-odd crossing test; (x, y) must not lie on the ring. */
function ringContains(ring: CornerRing, x: number, y: number): boolean {
  let inside = false;
  for (let k = 0, previous = ring.length - 2; k < ring.length - 1; previous = k++) {
    const [xk, yk] = ring[k];
    const [xp, yp] = ring[previous];
    if (yk > y !== yp > y && x < ((xp - xk) * (y - yk)) / (yp - yk) + xk) inside = !inside;
  }
  return inside;
}
