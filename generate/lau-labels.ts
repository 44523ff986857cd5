// Synthetic LAUs as regions of the 500 m land raster. Seeds are real places (largest first) plus extra
// seeds spread along a space-filling curve, by area where a town is one LAU (communes, Gemeinden,
// comuni, municipios, gemeenten) and by population where cities are split (wards, EDs, freguesias).
// Each seed then grows over its country's land by a Dijkstra flood whose cost is the straight distance
// to the seed minus the seed's town radius: Voronoi-like regions, bigger for bigger towns, always
// 4-connected, never crossing the sea or a border. Land the flood cannot reach (islands) becomes part
// of the nearest LAU if small, or a LAU of its own.
import type { CountryCells } from './base-1km.ts';
import type { CountryRaster } from './country-rasters.ts';
import type { CountryCode } from '../core/grid/countries.ts';
import { hash3 } from './random.ts';

export interface SeedPoint {
  /** raster cell */
  cell: number;
  /** extra reach in metres (a town's built-up radius) */
  radius: number;
  /** population of the seed's place, 0 for extra seeds */
  population: number;
  /** index into the place list given to chooseSeeds, or -1 */
  place: number;
}

export interface SeedPlace {
  e: number;
  n: number;
  population: number;
}

/** Countries whose LAUs split cities (wards, electoral districts, freguesias): seeds follow people. */
const SPLIT_CITIES: CountryCode[] = ['UK', 'IE', 'PT'];
/** Islands smaller than this (in 500 m squares) join the nearest LAU instead of forming their own. */
const SMALL_ISLAND_SQUARES = 40;

/** Morton (Z-order) key of a cell: nearby cells get nearby keys, so systematic sampling spreads seeds. */
function morton(c: number, r: number): number {
  let key = 0;
  for (let bit = 0; bit < 16; bit++) key += (((c >> bit) & 1) << (2 * bit)) * 1 + (((r >> bit) & 1) << (2 * bit + 1)) * 1;
  return key >>> 0;
}

/** Residents per raster square, from the 1 km cells (spread evenly over their owned squares). */
function squarePopulation(raster: CountryRaster, cells: CountryCells): Float64Array {
  const { grid } = raster;
  const pop = new Float64Array(grid.width * grid.height);
  for (let k = 0; k < cells.count; k++) {
    const owned = [0, 1, 2, 3].filter((q) => (cells.land[k] >> q) & 1);
    for (const q of owned) {
      const c = Math.floor((cells.x[k] * 1000 - grid.x0) / grid.cell) + (q & 1);
      const r = Math.floor((cells.y[k] * 1000 - grid.y0) / grid.cell) + (q >> 1);
      if (c >= 0 && r >= 0 && c < grid.width && r < grid.height) pop[r * grid.width + c] += cells.t[k] / owned.length;
    }
  }
  return pop;
}

/**
 * Up to `target` seeds: the largest places first (one per raster square), then extra seeds placed by
 * systematic sampling along a Z-order curve of a weight mixing area and population.
 */
export function chooseSeeds(raster: CountryRaster, cells: CountryCells, places: SeedPlace[], target: number, seed: number): SeedPoint[] {
  const { grid, owned } = raster;
  const splitCities = SPLIT_CITIES.includes(raster.country);
  const seeds: SeedPoint[] = [];
  const taken = new Set<number>();
  // where a town is one LAU, no extra seed goes inside a seeded town's built-up area
  const builtUp = new Uint8Array(splitCities ? 0 : owned.length);
  places.forEach((place, index) => {
    if (seeds.length >= target) return;
    const c = Math.floor((place.e - grid.x0) / grid.cell);
    const r = Math.floor((place.n - grid.y0) / grid.cell);
    if (c < 0 || r < 0 || c >= grid.width || r >= grid.height) return;
    const cell = r * grid.width + c;
    if (!owned[cell] || taken.has(cell)) return;
    taken.add(cell);
    // a town's LAU reaches further than a village's; wards (split cities) are all alike
    seeds.push({ cell, radius: splitCities ? 0 : 3000 * Math.sqrt(place.population / 1e6), population: place.population, place: index });
    if (!splitCities) markDisc(builtUp, grid.width, grid.height, c, r, (Math.sqrt(place.population / (Math.PI * 8000)) * 1000) / grid.cell);
  });
  const extra = target - seeds.length;
  if (extra <= 0) return seeds;

  const pop = squarePopulation(raster, cells);
  const squares: number[] = [];
  let totalPop = 0;
  for (let i = 0; i < owned.length; i++) {
    if (!owned[i]) continue;
    squares.push(i);
    totalPop += pop[i];
  }
  // wards follow people; communes and municipalities follow land
  const weight = splitCities ? (i: number) => (0.85 * pop[i]) / Math.max(1, totalPop) + 0.15 / squares.length : (i: number) => (builtUp[i] ? 0 : 1);
  let totalWeight = 0;
  for (const i of squares) totalWeight += weight(i);
  const keys = new Map(squares.map((i) => [i, morton(i % grid.width, Math.floor(i / grid.width))]));
  squares.sort((a, b) => keys.get(a)! - keys.get(b)! || a - b);
  // systematic sampling: a random start, then one seed every 1/extra of the cumulative weight
  let next = hash3(seed, 0x5eed, raster.country.charCodeAt(0)) / 4294967296;
  let cumulative = 0;
  for (const i of squares) {
    cumulative += (weight(i) / totalWeight) * extra;
    while (cumulative > next && seeds.length < target) {
      next += 1;
      if (!taken.has(i)) {
        taken.add(i);
        seeds.push({ cell: i, radius: 0, population: 0, place: -1 });
      }
    }
  }
  return seeds;
}

/** Mark raster squares whose centre lies within `radius` squares of square (c, r). */
function markDisc(mask: Uint8Array, width: number, height: number, c: number, r: number, radius: number): void {
  const reach = Math.floor(radius);
  for (let dr = -reach; dr <= reach; dr++) {
    for (let dc = -reach; dc <= reach; dc++) {
      if (dc * dc + dr * dr > radius * radius || r + dr < 0 || r + dr >= height || c + dc < 0 || c + dc >= width) continue;
      mask[(r + dr) * width + c + dc] = 1;
    }
  }
}

/** A binary min-heap of (cost, cell, label) in typed arrays. */
class FloodQueue {
  cost = new Float64Array(1 << 16);
  cell = new Int32Array(1 << 16);
  label = new Int32Array(1 << 16);
  size = 0;

  push(cost: number, cell: number, label: number): void {
    if (this.size === this.cost.length) this.grow();
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.cost[parent] <= cost) break;
      this.move(parent, i);
      i = parent;
    }
    this.cost[i] = cost;
    this.cell[i] = cell;
    this.label[i] = label;
  }

  /** Removes the minimum; its fields are left in popped*. */
  popped = { cost: 0, cell: 0, label: 0 };
  pop(): void {
    this.popped.cost = this.cost[0];
    this.popped.cell = this.cell[0];
    this.popped.label = this.label[0];
    const last = --this.size;
    const cost = this.cost[last];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      if (child + 1 < last && this.cost[child + 1] < this.cost[child]) child++;
      if (this.cost[child] >= cost) break;
      this.move(child, i);
      i = child;
    }
    this.cost[i] = cost;
    this.cell[i] = this.cell[last];
    this.label[i] = this.label[last];
  }

  private move(from: number, to: number): void {
    this.cost[to] = this.cost[from];
    this.cell[to] = this.cell[from];
    this.label[to] = this.label[from];
  }

  private grow(): void {
    const n = this.cost.length * 2;
    const cost = new Float64Array(n);
    cost.set(this.cost);
    const cell = new Int32Array(n);
    cell.set(this.cell);
    const label = new Int32Array(n);
    label.set(this.label);
    [this.cost, this.cell, this.label] = [cost, cell, label];
  }
}

/**
 * Grow every seed over the owned squares; returns the label (seed index) of each square, -1 elsewhere.
 * Seeds added for islands are appended to `seeds`.
 */
export function labelRaster(raster: CountryRaster, seeds: SeedPoint[], squarePop?: Float64Array): Int32Array {
  const { grid, owned } = raster;
  const { width, height } = grid;
  const labels = new Int32Array(width * height).fill(-1);
  const best = new Float64Array(width * height).fill(Infinity);
  const queue = new FloodQueue();
  const neighbours = (i: number, visit: (j: number) => void) => {
    const c = i % width;
    if (c > 0) visit(i - 1);
    if (c < width - 1) visit(i + 1);
    if (i >= width) visit(i - width);
    if (i < width * (height - 1)) visit(i + width);
  };
  const flood = () => {
    while (queue.size > 0) {
      queue.pop();
      const { cell, label } = queue.popped;
      if (labels[cell] !== -1 && labels[cell] !== label) continue;
      if (labels[cell] === -1) labels[cell] = label;
      const seedCell = seeds[label].cell;
      const sx = seedCell % width;
      const sy = Math.floor(seedCell / width);
      neighbours(cell, (j) => {
        if (!owned[j] || labels[j] !== -1) return;
        const cost = Math.hypot((j % width) - sx, Math.floor(j / width) - sy) * grid.cell - seeds[label].radius;
        if (cost < best[j]) {
          best[j] = cost;
          queue.push(cost, j, label);
        }
      });
    }
  };
  const start = (label: number) => {
    labels[seeds[label].cell] = label; // a seed's own square is never taken by a bigger neighbour
    queue.push(-Infinity, seeds[label].cell, label);
  };
  for (let label = 0; label < seeds.length; label++) start(label);
  flood();

  // land the flood could not reach: islands, and land cut off by another country
  const component = new Int32Array(width * height).fill(-1);
  for (let i = 0; i < labels.length; i++) {
    if (!owned[i] || labels[i] !== -1 || component[i] !== -1) continue;
    const members = [i];
    component[i] = i;
    for (let k = 0; k < members.length; k++) {
      neighbours(members[k], (j) => {
        if (owned[j] && labels[j] === -1 && component[j] === -1) {
          component[j] = i;
          members.push(j);
        }
      });
    }
    const nearest = members.length < SMALL_ISLAND_SQUARES ? nearestLabel(labels, width, height, members) : -1;
    if (nearest >= 0) {
      for (const j of members) labels[j] = nearest;
    } else {
      // its own LAU, seeded at its most populated square
      let centre = members[0];
      if (squarePop) for (const j of members) if (squarePop[j] > squarePop[centre]) centre = j;
      seeds.push({ cell: centre, radius: 0, population: 0, place: -1 });
      start(seeds.length - 1);
      flood();
    }
  }
  return labels;
}

/** The label found nearest to a group of squares, searching outwards ring by ring (-1 if none). */
function nearestLabel(labels: Int32Array, width: number, height: number, members: number[]): number {
  const c0 = members[0] % width;
  const r0 = Math.floor(members[0] / width);
  for (let d = 1; d < Math.max(width, height); d++) {
    let found = -1;
    let foundDistance = Infinity;
    for (let r = r0 - d; r <= r0 + d; r++) {
      if (r < 0 || r >= height) continue;
      const step = r === r0 - d || r === r0 + d ? 1 : 2 * d;
      for (let c = c0 - d; c <= c0 + d; c += step) {
        if (c < 0 || c >= width) continue;
        const label = labels[r * width + c];
        const distance = (c - c0) ** 2 + (r - r0) ** 2;
        if (label >= 0 && distance < foundDistance) {
          found = label;
          foundDistance = distance;
        }
      }
    }
    if (found >= 0) return found;
    if (d > 200) return -1; // farther than 100 km: an island of its own
  }
  return -1;
}
