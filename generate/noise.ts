// Smooth random fields on the EPSG:3035 plane: value noise (hashed lattice values, smoothstep
// interpolation). Fields are functions of absolute coordinates, so neighbouring 1 km cells, generated
// separately or in another worker, join without seams.
import { hash3 } from './random.ts';

const smooth = (t: number) => t * t * (3 - 2 * t);

/** Lattice value in [-1, 1]. */
function lattice(seed: number, i: number, j: number): number {
  return (hash3(seed, i, j) / 4294967296) * 2 - 1;
}

/** Value noise in [-1, 1] at (x, y) metres with features about `wavelength` metres across. */
export function valueNoise(seed: number, x: number, y: number, wavelength: number): number {
  const fx = x / wavelength;
  const fy = y / wavelength;
  const i = Math.floor(fx);
  const j = Math.floor(fy);
  const tx = smooth(fx - i);
  const ty = smooth(fy - j);
  const a = lattice(seed, i, j);
  const b = lattice(seed, i + 1, j);
  const c = lattice(seed, i, j + 1);
  const d = lattice(seed, i + 1, j + 1);
  return a + (b - a) * tx + (c - a) * ty + (a - b - c + d) * tx * ty;
}

/**
 * Two octaves (wavelength and wavelength / 3), scaled to roughly unit variance, so exp(sigma * field)
 * gives lognormal-like multipliers with clustered highs and lows.
 */
export function field(seed: number, x: number, y: number, wavelength: number): number {
  return valueNoise(seed, x, y, wavelength) * 0.8 * 2.6 + valueNoise(seed + 1, x, y, wavelength / 3) * 0.4 * 2.6;
}

let scratch = new Float64Array(64);
const colIndex = new Int32Array(64);
const colWeight = new Float64Array(64);

/** valueNoise at the centres of an n x n block of `step`-metre cells from (x0, y0), added into `out` times `weight`. */
function addNoiseGrid(seed: number, x0: number, y0: number, step: number, n: number, wavelength: number, weight: number, out: Float64Array): void {
  const i0 = Math.floor((x0 + step / 2) / wavelength);
  const j0 = Math.floor((y0 + step / 2) / wavelength);
  const i1 = Math.floor((x0 + (n - 0.5) * step) / wavelength) + 1;
  const j1 = Math.floor((y0 + (n - 0.5) * step) / wavelength) + 1;
  const w = i1 - i0 + 1;
  const size = w * (j1 - j0 + 1);
  if (scratch.length < size) scratch = new Float64Array(size * 2);
  const values = scratch;
  for (let j = j0; j <= j1; j++) for (let i = i0; i <= i1; i++) values[(j - j0) * w + (i - i0)] = lattice(seed, i, j);
  // the block is separable: lattice column and weight depend on c only, row and weight on r only
  for (let c = 0; c < n; c++) {
    const fx = (x0 + (c + 0.5) * step) / wavelength;
    const i = Math.floor(fx);
    colIndex[c] = i - i0;
    colWeight[c] = smooth(fx - i);
  }
  for (let r = 0; r < n; r++) {
    const fy = (y0 + (r + 0.5) * step) / wavelength;
    const j = Math.floor(fy);
    const ty = smooth(fy - j);
    const rowBase = (j - j0) * w;
    for (let c = 0; c < n; c++) {
      const k = rowBase + colIndex[c];
      const tx = colWeight[c];
      const a = values[k];
      const b = values[k + 1];
      const cc = values[k + w];
      const d = values[k + w + 1];
      out[r * n + c] += weight * (a + (b - a) * tx + (cc - a) * ty + (a - b - cc + d) * tx * ty);
    }
  }
}

/**
 * `field` at the centres of an n x n block of `step`-metre cells whose lower-left corner is (x0, y0):
 * the same values as calling field() per cell, with the lattice hashed once per block.
 */
export function fieldGrid(seed: number, x0: number, y0: number, step: number, n: number, wavelength: number, out: Float64Array): Float64Array {
  out.fill(0, 0, n * n);
  addNoiseGrid(seed, x0, y0, step, n, wavelength, 0.8 * 2.6, out);
  addNoiseGrid(seed + 1, x0, y0, step, n, wavelength / 3, 0.4 * 2.6, out);
  return out;
}
