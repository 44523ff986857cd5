// Which 500 m square belongs to which country. world-atlas outlines are coarse (~250 m steps) and
// GEOSTAT marks border cells with two codes ("NL-DE"), so ownership is settled once here and used
// by everything after it: where 100 m cells may go, and which land the LAUs of a country tile.
import type { BaseCells } from './base-extract.ts';
import { type CountryCode, D4I_COUNTRIES } from '../core/grid/countries.ts';
import { countryBounds3035, countryLand3035, rasterizeLand, type RasterGrid } from '../geodata/land.ts';
import type { Box } from './presets.ts';

export const RASTER_CELL = 500;
const QUARTERS = 1000 / RASTER_CELL;

export interface CountryRaster {
  country: CountryCode;
  grid: RasterGrid;
  /** 1 where the square is this country's land */
  owned: Uint8Array;
}

/** The raster cell holding EPSG:3035 point (e, n), or -1 outside the grid. */
export function rasterIndex(grid: RasterGrid, e: number, n: number): number {
  const c = Math.floor((e - grid.x0) / grid.cell);
  const r = Math.floor((n - grid.y0) / grid.cell);
  return c < 0 || r < 0 || c >= grid.width || r >= grid.height ? -1 : r * grid.width + c;
}

/** The codes of a GEOSTAT CNTR_ID that are D4I countries, in the order written ("NL-DE" -> NL, DE). */
export function d4iCodes(cntrId: string): CountryCode[] {
  return cntrId.split('-').filter((c): c is CountryCode => (D4I_COUNTRIES as readonly string[]).includes(c));
}

function gridFor(country: CountryCode, base: BaseCells | undefined, box: Box | undefined): RasterGrid {
  let [minE, minN, maxE, maxN] = countryBounds3035(country);
  if (base) {
    const mine = base.countries.map((id) => d4iCodes(id).includes(country));
    for (let i = 0; i < base.count; i++) {
      if (!mine[base.country[i]]) continue;
      minE = Math.min(minE, base.x[i] * 1000);
      maxE = Math.max(maxE, base.x[i] * 1000 + 1000);
      minN = Math.min(minN, base.y[i] * 1000);
      maxN = Math.max(maxN, base.y[i] * 1000 + 1000);
    }
  }
  if (box) [minE, minN, maxE, maxN] = [Math.max(minE, box[0]), Math.max(minN, box[1]), Math.min(maxE, box[2]), Math.min(maxN, box[3])];
  const x0 = Math.floor(minE / 1000) * 1000;
  const y0 = Math.floor(minN / 1000) * 1000;
  return {
    x0,
    y0,
    cell: RASTER_CELL,
    width: Math.max(0, Math.ceil((Math.ceil(maxE / 1000) * 1000 - x0) / RASTER_CELL)),
    height: Math.max(0, Math.ceil((Math.ceil(maxN / 1000) * 1000 - y0) / RASTER_CELL)),
  };
}

/**
 * Land rasters of `countries` (inside `box` if given) with overlaps settled: the four squares of a
 * populated single-country 1 km cell belong to that country; a border cell whose squares no listed
 * D4I country claims goes to the first listed; other overlaps go to the earlier country in
 * D4I_COUNTRIES order.
 */
export function buildCountryRasters(countries: CountryCode[], base: BaseCells | undefined, box: Box | undefined): Map<CountryCode, CountryRaster> {
  const rasters = new Map<CountryCode, CountryRaster>();
  const forced = new Map<CountryCode, Uint8Array>();
  for (const country of countries) {
    const grid = gridFor(country, base, box);
    rasters.set(country, { country, grid, owned: rasterizeLand(countryLand3035(country), grid) });
    forced.set(country, new Uint8Array(grid.width * grid.height));
  }
  const claim = (country: CountryCode, e: number, n: number) => {
    const raster = rasters.get(country);
    if (!raster) return;
    for (let q = 0; q < QUARTERS * QUARTERS; q++) {
      const i = rasterIndex(raster.grid, e + (q % QUARTERS) * RASTER_CELL, n + Math.floor(q / QUARTERS) * RASTER_CELL);
      if (i < 0) continue;
      raster.owned[i] = 1;
      forced.get(country)![i] = 1;
    }
  };
  if (base) {
    const codesOf = base.countries.map(d4iCodes);
    for (let i = 0; i < base.count; i++) {
      const codes = codesOf[base.country[i]];
      if (codes.length === 0) continue;
      const e = base.x[i] * 1000;
      const n = base.y[i] * 1000;
      if (codes.length === 1 && base.countries[base.country[i]] === codes[0]) claim(codes[0], e, n);
      else if (codes.every((c) => quartersOwned(rasters.get(c), e, n) === 0)) claim(codes[0], e, n);
    }
  }
  // settle what two outlines both claim
  const list = countries.map((c) => rasters.get(c)!);
  for (let a = 0; a < list.length; a++) {
    for (let b = a + 1; b < list.length; b++) settleOverlap(list[a], forced.get(list[a].country)!, list[b], forced.get(list[b].country)!);
  }
  return rasters;
}

function settleOverlap(first: CountryRaster, firstForced: Uint8Array, second: CountryRaster, secondForced: Uint8Array): void {
  const g = first.grid;
  const h = second.grid;
  const x0 = Math.max(g.x0, h.x0);
  const y0 = Math.max(g.y0, h.y0);
  const x1 = Math.min(g.x0 + g.width * g.cell, h.x0 + h.width * h.cell);
  const y1 = Math.min(g.y0 + g.height * g.cell, h.y0 + h.height * h.cell);
  for (let n = y0; n < y1; n += RASTER_CELL) {
    for (let e = x0; e < x1; e += RASTER_CELL) {
      const i = rasterIndex(g, e, n);
      const j = rasterIndex(h, e, n);
      if (!first.owned[i] || !second.owned[j]) continue;
      if (secondForced[j] && !firstForced[i]) first.owned[i] = 0;
      else second.owned[j] = 0;
    }
  }
}

/** How many 500 m squares of the 1 km cell at (e, n) the country owns (0-4). */
export function quartersOwned(raster: CountryRaster | undefined, e: number, n: number): number {
  return bitCount(quarterMask(raster, e, n));
}

/** 4-bit mask of the owned squares of the 1 km cell at (e, n): bit (row * 2 + column). */
export function quarterMask(raster: CountryRaster | undefined, e: number, n: number): number {
  if (!raster) return 0;
  let mask = 0;
  for (let q = 0; q < 4; q++) {
    const i = rasterIndex(raster.grid, e + (q % 2) * RASTER_CELL, n + Math.floor(q / 2) * RASTER_CELL);
    if (i >= 0 && raster.owned[i]) mask |= 1 << q;
  }
  return mask;
}

export function bitCount(mask: number): number {
  let n = 0;
  for (let m = mask; m; m &= m - 1) n++;
  return n;
}
