// The 1 km starting point of a country: residents per cell (GEOSTAT 2011, scaled to the census total)
// and the probabilities of being born in another EU state or outside the EU (Census 2021 shares,
// smoothed over neighbouring cells, scaled to the 2011 national figures).
import type { BaseCells } from './base-extract.ts';
import { type CountryRaster, d4iCodes, quarterMask } from './country-rasters.ts';
import type { CountryCode } from '../core/grid/countries.ts';
import { FACTS } from './facts-2011.ts';
import type { Box } from './presets.ts';
import { hash3 } from './random.ts';

/** The populated 1 km cells of one country inside the area, ready to be spread into 100 m cells. */
export interface CountryCells {
  country: CountryCode;
  count: number;
  /** 1 km grid coordinates (EPSG:3035 km of the lower-left corner) */
  x: Uint32Array;
  y: Uint32Array;
  /** residents of this country in the cell, 2011 */
  t: Uint32Array;
  /** probability of being born in another EU state / outside the EU */
  pEu: Float32Array;
  pNonEu: Float32Array;
  /** 4-bit mask of the 500 m squares that are the country's land */
  land: Uint8Array;
}

/** Persons of the 2021 birth counts that weigh as much as a cell's own figures (shrinks tiny cells to the mean). */
const PRIOR_WEIGHT = 25;
/** Gaussian smoothing of 2021 shares, in km: neighbourhoods, not single-cell noise. */
const SMOOTH_SIGMA_KM = 1.2;
const MAX_BORN_ABROAD = 0.9;

/** Round x up or down at random with probability of its fraction: unbiased, deterministic per key. */
export function stochasticRound(value: number, key1: number, key2: number, seed: number): number {
  const whole = Math.floor(value);
  return whole + (hash3(seed, key1, key2) / 4294967296 < value - whole ? 1 : 0);
}

/** Separable Gaussian blur of a dense width x height grid. */
function blur(values: Float64Array, width: number, height: number, sigma: number): Float64Array {
  const radius = Math.ceil(sigma * 3);
  const kernel = Array.from({ length: radius * 2 + 1 }, (_, k) => Math.exp(-((k - radius) ** 2) / (2 * sigma * sigma)));
  const tmp = new Float64Array(values.length);
  const out = new Float64Array(values.length);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      let s = 0;
      for (let k = -radius; k <= radius; k++) if (c + k >= 0 && c + k < width) s += values[r * width + c + k] * kernel[k + radius];
      tmp[r * width + c] = s;
    }
  }
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      let s = 0;
      for (let k = -radius; k <= radius; k++) if (r + k >= 0 && r + k < height) s += tmp[(r + k) * width + c] * kernel[k + radius];
      out[r * width + c] = s;
    }
  }
  return out;
}

export function baseCountryCells(
  country: CountryCode,
  base: BaseCells,
  rasters: Map<CountryCode, CountryRaster>,
  box: Box | undefined,
  seed: number,
): CountryCells {
  const facts = FACTS[country];
  const codes = base.countries.map(d4iCodes);
  const listed = base.countries.map((id) => id.split('-').length);
  const mine: number[] = [];
  for (let i = 0; i < base.count; i++) if (codes[base.country[i]].includes(country)) mine.push(i);

  // 2021 birth shares, smoothed on a dense 1 km grid over the country's cells
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const i of mine) {
    minX = Math.min(minX, base.x[i]);
    maxX = Math.max(maxX, base.x[i]);
    minY = Math.min(minY, base.y[i]);
    maxY = Math.max(maxY, base.y[i]);
  }
  const width = maxX - minX + 1;
  const height = maxY - minY + 1;
  const eu = new Float64Array(width * height);
  const nonEu = new Float64Array(width * height);
  const born = new Float64Array(width * height);
  let euSum = 0;
  let nonEuSum = 0;
  let bornSum = 0;
  for (const i of mine) {
    if (!base.birth2021[i]) continue;
    const k = (base.y[i] - minY) * width + (base.x[i] - minX);
    const b = base.nat2021[i] + base.eu2021[i] + base.oth2021[i];
    eu[k] = base.eu2021[i];
    nonEu[k] = base.oth2021[i];
    born[k] = b;
    euSum += base.eu2021[i];
    nonEuSum += base.oth2021[i];
    bornSum += b;
  }
  const meanEu = bornSum ? euSum / bornSum : 0;
  const meanNonEu = bornSum ? nonEuSum / bornSum : 0;
  const [euS, nonEuS, bornS] = [eu, nonEu, born].map((grid) => blur(grid, width, height, SMOOTH_SIGMA_KM));
  const shareAt = (i: number): [number, number] => {
    const k = (base.y[i] - minY) * width + (base.x[i] - minX);
    return [(euS[k] + PRIOR_WEIGHT * meanEu) / (bornS[k] + PRIOR_WEIGHT), (nonEuS[k] + PRIOR_WEIGHT * meanNonEu) / (bornS[k] + PRIOR_WEIGHT)];
  };

  // national scaling (whole country; border cells counted as an even split between their countries)
  let total = 0;
  let expectedEu = 0;
  let expectedNonEu = 0;
  for (const i of mine) {
    const t = base.t2011[i] / listed[base.country[i]];
    const [se, sn] = shareAt(i);
    total += t;
    expectedEu += t * se;
    expectedNonEu += t * sn;
  }
  const popScale = facts.population / total;
  const euScale = facts.bornAbroad.eu / (expectedEu * popScale);
  const nonEuScale = facts.bornAbroad.nonEu / (expectedNonEu * popScale);

  const out: number[][] = [];
  for (const i of mine) {
    const e = base.x[i] * 1000;
    const n = base.y[i] * 1000;
    if (box && (e < box[0] || e >= box[2] || n < box[1] || n >= box[3])) continue;
    const land = quarterMask(rasters.get(country), e, n);
    if (land === 0) continue;
    // a border cell ("NL-DE", "BE-FR") is split evenly between its countries, as in the national
    // scaling above; the land raster only says where in the cell each country's part lives
    const share = 1 / listed[base.country[i]];
    const t = stochasticRound(base.t2011[i] * share * popScale, base.x[i], base.y[i], seed);
    if (t === 0) continue;
    const [se, sn] = shareAt(i);
    let pEu = se * euScale;
    let pNonEu = sn * nonEuScale;
    if (pEu + pNonEu > MAX_BORN_ABROAD) {
      const f = MAX_BORN_ABROAD / (pEu + pNonEu);
      pEu *= f;
      pNonEu *= f;
    }
    out.push([base.x[i], base.y[i], t, pEu, pNonEu, land]);
  }
  return toCountryCells(country, out);
}

export function toCountryCells(country: CountryCode, rows: number[][]): CountryCells {
  const count = rows.length;
  const cells: CountryCells = {
    country,
    count,
    x: new Uint32Array(count),
    y: new Uint32Array(count),
    t: new Uint32Array(count),
    pEu: new Float32Array(count),
    pNonEu: new Float32Array(count),
    land: new Uint8Array(count),
  };
  rows.forEach(([x, y, t, pEu, pNonEu, land], k) => {
    cells.x[k] = x;
    cells.y[k] = y;
    cells.t[k] = t;
    cells.pEu[k] = pEu;
    cells.pNonEu[k] = pNonEu;
    cells.land[k] = land;
  });
  return cells;
}
