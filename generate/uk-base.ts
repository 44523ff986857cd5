// The UK has no public 2011 grid (GEOSTAT and the Census 2021 grid leave it out), so its 1 km cells
// are built from places: each GeoNames place spreads its people over its built-up area (a Gaussian of
// the radius a disc of urban density would have), a rural background covers the remaining land, and
// each nation is scaled to its 2011 census total. Born-abroad shares rise with density, peak in
// London, and are scaled to each nation's 2011 born-abroad count.
import Flatbush from 'flatbush';
import type { CountryCells } from './base-1km.ts';
import { stochasticRound, toCountryCells } from './base-1km.ts';
import { type CountryRaster, quarterMask } from './country-rasters.ts';
import { FACTS, UK_NATIONS } from './facts-2011.ts';
import { countryBounds3035, countryLand3035, rasterizeLand, type RasterGrid } from '../geodata/land.ts';
import { field } from './noise.ts';
import { placesOf } from '../geodata/places.ts';
import type { Box } from './presets.ts';

/** UK census 2011: residents born outside the UK, per nation [r]. */
const BORN_ABROAD_BY_NATION: Record<string, number> = { ENG: 7_337_139, WLS: 167_871, SCT: 369_284, NIR: 119_186 };
/** Urban density used to turn a place's population into a built-up radius (persons per km2). */
const URBAN_DENSITY = 5_000;
/** Share of each nation's residents outside the places' built-up areas (farms, hamlets). */
const RURAL_SHARE = 0.1;
const LONDON = { e: 3_620_000, n: 3_203_000 }; // Charing Cross in EPSG:3035, for the share gradient

interface UkSurface {
  grid: RasterGrid;
  pop: Float64Array;
  nation: string[];
  /** 0..1: how much a cell is inside a large city other than London */
  cityPull: Float64Array;
}

/** People per 1 km land cell of the whole UK, before scaling, with the nation of each cell. */
function buildSurface(seed: number): UkSurface {
  const [minE, minN, maxE, maxN] = countryBounds3035('UK');
  const x0 = Math.floor(minE / 1000) * 1000;
  const y0 = Math.floor(minN / 1000) * 1000;
  const grid: RasterGrid = { x0, y0, cell: 1000, width: Math.ceil((maxE - x0) / 1000), height: Math.ceil((maxN - y0) / 1000) };
  const land = rasterizeLand(countryLand3035('UK'), grid);
  const pop = new Float64Array(land.length);
  const places = placesOf('UK');
  const index = new Flatbush(places.length);
  for (const p of places) index.add(p.e, p.n, p.e, p.n);
  index.finish();

  const at = (e: number, n: number) => {
    const c = Math.floor((e - x0) / 1000);
    const r = Math.floor((n - y0) / 1000);
    return c < 0 || r < 0 || c >= grid.width || r >= grid.height ? -1 : r * grid.width + c;
  };
  for (const place of places) {
    // a Gaussian of 0.55 x the built-up radius puts ~96% of a place's people inside that radius
    const radius = Math.max(400, 0.55 * Math.sqrt(place.population / (Math.PI * URBAN_DENSITY)) * 1000);
    const reach = Math.ceil((2.5 * radius) / 1000);
    const cells: number[] = [];
    const weights: number[] = [];
    const c0 = Math.floor((place.e - x0) / 1000);
    const r0 = Math.floor((place.n - y0) / 1000);
    for (let r = r0 - reach; r <= r0 + reach; r++) {
      for (let c = c0 - reach; c <= c0 + reach; c++) {
        const i = at(x0 + c * 1000 + 500, y0 + r * 1000 + 500);
        if (i < 0 || !land[i]) continue;
        const d = Math.hypot(x0 + c * 1000 + 500 - place.e, y0 + r * 1000 + 500 - place.n);
        cells.push(i);
        weights.push(Math.exp(-((d / radius) ** 2)));
      }
    }
    const sum = weights.reduce((s, w) => s + w, 0);
    if (sum === 0) continue; // a place the 10 m outline puts in the sea: its people join the rural background
    for (const [k, i] of cells.entries()) pop[i] += (place.population * weights[k]) / sum;
  }
  // rural background, uneven (moors are empty, farmland is not), on every land cell
  const urban = pop.reduce((s, v) => s + v, 0);
  const rural = new Float64Array(land.length);
  let ruralSum = 0;
  for (let i = 0; i < land.length; i++) {
    if (!land[i]) continue;
    const e = x0 + (i % grid.width) * 1000 + 500;
    const n = y0 + Math.floor(i / grid.width) * 1000 + 500;
    rural[i] = Math.exp(1.2 * field(seed + 301, e, n, 40_000));
    ruralSum += rural[i];
  }
  for (let i = 0; i < land.length; i++) pop[i] += ((urban * RURAL_SHARE) / (1 - RURAL_SHARE)) * (rural[i] / ruralSum);

  // nation of a cell: the nation of the nearest place
  const nation: string[] = new Array(land.length);
  for (let i = 0; i < land.length; i++) {
    if (!land[i]) continue;
    const e = x0 + (i % grid.width) * 1000 + 500;
    const n = y0 + Math.floor(i / grid.width) * 1000 + 500;
    nation[i] = places[index.neighbors(e, n, 1)[0]].admin;
  }
  // cities draw more migrants than towns of the same density (Birmingham 22%, vs 8% in towns)
  const cityPull = new Float64Array(land.length);
  for (const place of places) {
    if (place.population < 150_000 || Math.hypot(place.e - LONDON.e, place.n - LONDON.n) < 30_000) continue;
    const radius = Math.sqrt(place.population / (Math.PI * URBAN_DENSITY)) * 1000;
    const c0 = Math.floor((place.e - x0) / 1000);
    const r0 = Math.floor((place.n - y0) / 1000);
    const reach = Math.ceil((2 * radius) / 1000);
    for (let r = r0 - reach; r <= r0 + reach; r++) {
      for (let c = c0 - reach; c <= c0 + reach; c++) {
        if (c < 0 || r < 0 || c >= grid.width || r >= grid.height) continue;
        const d = Math.hypot(x0 + c * 1000 + 500 - place.e, y0 + r * 1000 + 500 - place.n);
        const i = r * grid.width + c;
        cityPull[i] = Math.max(cityPull[i], Math.exp(-((d / radius) ** 2)));
      }
    }
  }
  return { grid, pop, nation, cityPull };
}

export function ukCountryCells(raster: CountryRaster, box: Box | undefined, seed: number): CountryCells {
  const { grid, pop, nation, cityPull } = buildSurface(seed);
  const sums: Record<string, number> = {};
  for (let i = 0; i < pop.length; i++) if (pop[i] > 0) sums[nation[i]] = (sums[nation[i]] ?? 0) + pop[i];

  // born-abroad share before calibration: rises with density, London's pull on top, regional noise
  const share = new Float64Array(pop.length);
  const expected: Record<string, number> = {};
  const nationPop = (i: number) => (pop[i] * UK_NATIONS[nation[i]]) / sums[nation[i]];
  for (let i = 0; i < pop.length; i++) {
    if (pop[i] <= 0) continue;
    const e = grid.x0 + (i % grid.width) * 1000 + 500;
    const n = grid.y0 + Math.floor(i / grid.width) * 1000 + 500;
    const people = nationPop(i);
    const london = Math.exp(-((Math.hypot(e - LONDON.e, n - LONDON.n) / 20_000) ** 2));
    // about 3% in farmland, 8% in towns, 15% in dense city cells; London draws far more (37% in 2011)
    const density = Math.min(0.6, 0.03 * (Math.max(1, people) / 100) ** 0.25);
    share[i] = density * (1 + 9 * london + 5 * cityPull[i]) * Math.exp(0.3 * field(seed + 303, e, n, 30_000));
    expected[nation[i]] = (expected[nation[i]] ?? 0) + people * share[i];
  }
  // the EU part of the born abroad varies a little by area; scaled to the UK's EU total
  let euExpected = 0;
  const euPart = new Float64Array(pop.length);
  for (let i = 0; i < pop.length; i++) {
    if (pop[i] <= 0) continue;
    const e = grid.x0 + (i % grid.width) * 1000 + 500;
    const n = grid.y0 + Math.floor(i / grid.width) * 1000 + 500;
    euPart[i] = Math.exp(0.35 * field(seed + 305, e, n, 25_000));
    euExpected += nationPop(i) * share[i] * (BORN_ABROAD_BY_NATION[nation[i]] / expected[nation[i]]) * euPart[i];
  }
  const euScale = FACTS.UK.bornAbroad.eu / euExpected;

  const rows: number[][] = [];
  for (let i = 0; i < pop.length; i++) {
    if (pop[i] <= 0) continue;
    const x = grid.x0 / 1000 + (i % grid.width);
    const y = grid.y0 / 1000 + Math.floor(i / grid.width);
    if (box && (x * 1000 < box[0] || x * 1000 >= box[2] || y * 1000 < box[1] || y * 1000 >= box[3])) continue;
    const land = quarterMask(raster, x * 1000, y * 1000);
    if (land === 0) continue;
    const t = stochasticRound(nationPop(i), x, y, seed);
    if (t === 0) continue;
    const bornAbroad = Math.min(0.9, share[i] * (BORN_ABROAD_BY_NATION[nation[i]] / expected[nation[i]]));
    const pEu = Math.min(bornAbroad, bornAbroad * euPart[i] * euScale);
    rows.push([x, y, t, pEu, bornAbroad - pEu, land]);
  }
  return toCountryCells('UK', rows);
}
