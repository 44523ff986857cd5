// One country of a generated set: 1 km base -> LAU regions -> 100 m rows of D4I_{CC}_grid.csv.gz,
// and the country's LAU features (written as one JSON line each to a part file the caller merges).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Flatbush from 'flatbush';
import type { Progress } from '../core/progress.ts';
import { type BaseCells, loadBaseExtract } from './base-extract.ts';
import { baseCountryCells, type CountryCells } from './base-1km.ts';
import { buildCountryRasters, type CountryRaster, rasterIndex } from './country-rasters.ts';
import { DISCLOSURE } from './disclosure.ts';
import { newSubCells, spreadCell } from './downscale.ts';
import type { CountryCode } from '../core/grid/countries.ts';
import { CONTINENTS, FACTS } from './facts-2011.ts';
import { GridFileWriter } from './grid-writer.ts';
import { citizenshipRates, COL, drawGroups, GRID_COUNT_COLUMNS } from './groups.ts';
import { countryBounds3035, countryLand3035, rasterizeLand } from '../geodata/land.ts';
import { chooseSeeds, labelRaster } from './lau-labels.ts';
import { lauFeatures } from './laus.ts';
import { fieldGrid, valueNoise } from './noise.ts';
import { type Place, placesOf } from '../geodata/places.ts';
import type { Area } from './presets.ts';
import { Random } from './random.ts';
import { ukCountryCells } from './uk-base.ts';

/** What one country's part of the set holds (true values, before disclosure control). */
export interface CountrySummary {
  country: CountryCode;
  cells: number;
  population: number;
  bornEu: number;
  bornNonEu: number;
  citizensEu: number;
  citizensNonEu: number;
  laus: number;
  /** LAUs under 10,000 residents with more than 20% born abroad */
  smallTownsHighShare: number;
  /** of those, LAUs of 5,000-9,999 (the rule D4I used for France) */
  smallTownsHighShare5k: number;
  /** cells whose centre fell outside every LAU (must be 0) */
  cellsOutsideLaus: number;
}

export interface PlaceSummary {
  name: string;
  country: CountryCode;
  /** the built-up disc summed, km */
  radiusKm: number;
  population: number;
  bornAbroad: number;
  bornEu: number;
  bornNonEu: number;
  foreignCitizens: number;
}

/** Cities whose figures the README quotes when they are in the set. */
const NAMED_CITIES = [
  'London',
  'Birmingham',
  'Paris',
  'Lyon',
  'Marseille',
  'Berlin',
  'Munich',
  'Frankfurt am Main',
  'Madrid',
  'Barcelona',
  'Rome',
  'Milan',
  'Amsterdam',
  'Rotterdam',
  'Dublin',
  'Lisbon',
  'Porto',
  'Venlo',
];

/** Land area (km2) of a whole country from a 2 km raster: the denominator of the LAU count share. */
function countryLandKm2(country: CountryCode): number {
  const [minE, minN, maxE, maxN] = countryBounds3035(country);
  const cell = 2000;
  const grid = { x0: minE, y0: minN, cell, width: Math.ceil((maxE - minE) / cell), height: Math.ceil((maxN - minN) / cell) };
  return rasterizeLand(countryLand3035(country), grid).reduce((s, v) => s + v, 0) * 4;
}

function ownedKm2(raster: CountryRaster): number {
  return raster.owned.reduce((s, v) => s + v, 0) * (raster.grid.cell / 1000) ** 2;
}

interface LauTotals {
  pop: Float64Array;
  eu: Float64Array;
  nonEu: Float64Array;
  citizensEu: Float64Array;
  citizensNonEu: Float64Array;
}

function addTotals(totals: LauTotals, i: number, row: Int32Array): void {
  totals.pop[i] += row[COL.T];
  totals.eu[i] += row[COL.EU_OTH];
  totals.nonEu[i] += row[COL.OTH];
  totals.citizensEu[i] += row[COL.C_EU_OTH];
  totals.citizensNonEu[i] += row[COL.C_OTH];
}

/** A named city's built-up disc, whose cells the README sums (LAUs split some cities into wards). */
export interface CityDisc {
  name: string;
  e: number;
  n: number;
  radius: number;
}

/** Urban density (persons/km2) that turns a city's population into its built-up radius (as places.ts). */
const URBAN_DENSITY: Partial<Record<CountryCode, number>> = { UK: 5_000, IE: 5_000 };

function cityDiscs(country: CountryCode, places: Place[]): CityDisc[] {
  return places
    .filter((p) => NAMED_CITIES.includes(p.name))
    .map((p) => ({ name: p.name, e: p.e, n: p.n, radius: Math.sqrt(p.population / (Math.PI * (URBAN_DENSITY[country] ?? 8_000))) * 1000 }));
}

function lauTotals(count: number): LauTotals {
  return {
    pop: new Float64Array(count),
    eu: new Float64Array(count),
    nonEu: new Float64Array(count),
    citizensEu: new Float64Array(count),
    citizensNonEu: new Float64Array(count),
  };
}

/** Spread one country's 1 km cells into 100 m rows of its grid file; totals per LAU label. */
async function writeCountryGrid(
  country: CountryCode,
  cells: CountryCells,
  raster: CountryRaster,
  labels: Int32Array,
  lauCount: number,
  cities: CityDisc[],
  path: string,
  truthPath: string | undefined,
  seed: number,
  progress: Progress,
): Promise<{ rows: number; totals: LauTotals; cityTotals: LauTotals; outside: number }> {
  const rule = DISCLOSURE[country];
  const writer = new GridFileWriter(path, country, rule.flaggable);
  // the figures before disclosure control, for checking estimates (never part of the published set)
  const truth = truthPath ? new GridFileWriter(truthPath, country, []) : undefined;
  const rates = citizenshipRates(FACTS[country]);
  const mix = CONTINENTS.map((c) => FACTS[country].nonEuOrigins[c]);
  const totals = lauTotals(lauCount);
  const cityTotals = lauTotals(cities.length);
  const nearCities: number[] = [];
  const sub = newSubCells();
  const nonEuField = new Float64Array(100);
  const euField = new Float64Array(100);
  const weights = new Float64Array(CONTINENTS.length);
  const row = new Int32Array(GRID_COUNT_COLUMNS.length);
  const flags = new Uint8Array(GRID_COUNT_COLUMNS.length);
  const random = new Random(seed);
  let outside = 0;
  progress.start(`generating ${country}`, cells.count, 'km cells');
  for (let k = 0; k < cells.count; k++) {
    const e0 = cells.x[k] * 1000;
    const n0 = cells.y[k] * 1000;
    spreadCell(seed, e0, n0, cells.t[k], cells.land[k], sub);
    // neighbourhoods: migrants cluster in some streets and blocks more than the 1 km share says
    fieldGrid(seed + 201, e0, n0, 100, 10, 900, nonEuField);
    fieldGrid(seed + 203, e0, n0, 100, 10, 1500, euField);
    // which continents dominate varies from one part of a region to another
    let sum = 0;
    for (let g = 0; g < CONTINENTS.length; g++) {
      weights[g] = mix[g] * Math.exp(0.6 * valueNoise(seed + 211 + g, e0 + 500, n0 + 500, 12_000));
      sum += weights[g];
    }
    for (let g = 0; g < CONTINENTS.length; g++) weights[g] /= sum;
    nearCities.length = 0;
    for (const [i, c] of cities.entries()) if (Math.hypot(e0 + 500 - c.e, n0 + 500 - c.n) < c.radius + 800) nearCities.push(i);
    for (let s = 0; s < sub.count; s++) {
      const index = sub.index[s];
      const e = e0 + (index % 10) * 100;
      const n = n0 + Math.floor(index / 10) * 100;
      const pNonEu = Math.min(0.92, cells.pNonEu[k] * Math.exp(0.55 * nonEuField[index] - 0.15));
      const pEu = Math.min(0.95 - pNonEu, cells.pEu[k] * Math.exp(0.4 * (0.5 * nonEuField[index] + 0.87 * euField[index]) - 0.08));
      random.reset(seed, e, n);
      drawGroups(random, sub.pop[s], pEu, pNonEu, weights, rates, row);
      const label = labels[rasterIndex(raster.grid, e + 50, n + 50)] ?? -1;
      if (label < 0) outside++;
      else addTotals(totals, label, row);
      for (const i of nearCities) if (Math.hypot(e + 50 - cities[i].e, n + 50 - cities[i].n) < cities[i].radius) addTotals(cityTotals, i, row);
      flags.fill(0);
      truth?.write(e, n, row, flags);
      rule.apply(random, row, flags);
      writer.write(e, n, row, flags);
    }
    if ((k & 1023) === 0) {
      progress.update(k);
      await writer.drain();
      await truth?.drain();
    }
  }
  await writer.close();
  await truth?.close();
  progress.stop();
  return { rows: writer.rows, totals, cityTotals, outside };
}

/** The UK nation of each LAU seed (for ward code prefixes): the nation of the nearest place. */
function ukNations(raster: CountryRaster, seedCells: number[]): string[] {
  const places = placesOf('UK');
  const index = new Flatbush(places.length);
  for (const p of places) index.add(p.e, p.n, p.e, p.n);
  index.finish();
  const { grid } = raster;
  return seedCells.map((cell) => {
    const e = grid.x0 + ((cell % grid.width) + 0.5) * grid.cell;
    const n = grid.y0 + (Math.floor(cell / grid.width) + 0.5) * grid.cell;
    return places[index.neighbors(e, n, 1)[0]].admin;
  });
}

/** The part file holding a country's LAU features, one JSON object per line. */
export const lauPartFile = (country: CountryCode) => `.lau-${country}.ndjson`;

export interface CountryResult {
  summary: CountrySummary;
  places: PlaceSummary[];
  file: string;
}

export async function generateCountry(
  area: Area,
  country: CountryCode,
  rasters: Map<CountryCode, CountryRaster>,
  base: BaseCells,
  dir: string,
  seed: number,
  progress: Progress,
  truthDir?: string,
): Promise<CountryResult> {
  const raster = rasters.get(country)!;
  const cells = country === 'UK' ? ukCountryCells(raster, area.box, seed) : baseCountryCells(country, base, rasters, area.box, seed);

  // LAUs: as many per km2 of land as the real set has
  const target = Math.max(1, Math.round((FACTS[country].lauCount * ownedKm2(raster)) / countryLandKm2(country)));
  const { grid } = raster;
  const places = placesOf(country).filter((p) => rasterIndex(grid, p.e, p.n) >= 0);
  const seeds = chooseSeeds(raster, cells, places, target, seed);
  const labels = labelRaster(raster, seeds);

  const file = `D4I_${country}_grid.csv.gz`;
  const cities = cityDiscs(country, places);
  const { rows, totals, cityTotals, outside } = await writeCountryGrid(
    country,
    cells,
    raster,
    labels,
    seeds.length,
    cities,
    join(dir, file),
    truthDir && join(truthDir, file),
    seed,
    progress,
  );
  const nations =
    country === 'UK'
      ? ukNations(
          raster,
          seeds.map((s) => s.cell),
        )
      : undefined;
  const features = lauFeatures(country, raster, labels, seeds, places, totals.pop, nations);
  writeFileSync(join(dir, lauPartFile(country)), features.map((f) => JSON.stringify(f)).join('\n') + (features.length ? '\n' : ''));

  let smallTowns = 0;
  let smallTowns5k = 0;
  for (let l = 0; l < seeds.length; l++) {
    const pop = totals.pop[l];
    if (pop > 0 && pop < 10_000 && (totals.eu[l] + totals.nonEu[l]) / pop > 0.2) {
      smallTowns++;
      if (pop >= 5_000) smallTowns5k++;
    }
  }
  const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
  const placeSummaries: PlaceSummary[] = cities.map((city, i) => ({
    name: city.name,
    country,
    radiusKm: Math.round(city.radius / 100) / 10,
    population: cityTotals.pop[i],
    bornAbroad: (cityTotals.eu[i] + cityTotals.nonEu[i]) / cityTotals.pop[i],
    bornEu: cityTotals.eu[i] / cityTotals.pop[i],
    bornNonEu: cityTotals.nonEu[i] / cityTotals.pop[i],
    foreignCitizens: (cityTotals.citizensEu[i] + cityTotals.citizensNonEu[i]) / cityTotals.pop[i],
  }));
  const summary: CountrySummary = {
    country,
    cells: rows,
    population: sum(totals.pop),
    bornEu: sum(totals.eu),
    bornNonEu: sum(totals.nonEu),
    citizensEu: sum(totals.citizensEu),
    citizensNonEu: sum(totals.citizensNonEu),
    laus: features.length,
    smallTownsHighShare: smallTowns,
    smallTownsHighShare5k: smallTowns5k,
    cellsOutsideLaus: outside,
  };
  progress.log(
    `${country}: ${rows.toLocaleString('en')} cells, ${Math.round(summary.population).toLocaleString('en')} residents, ` +
      `${(((summary.bornEu + summary.bornNonEu) / summary.population) * 100).toFixed(1)}% born abroad, ${features.length.toLocaleString('en')} LAUs`,
  );
  return { summary, places: placeSummaries, file };
}

/** Generate `countries` of the area one after the other (in this thread). */
export async function generateCountries(
  area: Area,
  countries: CountryCode[],
  dir: string,
  seed: number,
  progress: Progress,
  truthDir?: string,
): Promise<CountryResult[]> {
  const base = loadBaseExtract();
  const rasters = buildCountryRasters(area.countries, base, area.box);
  const results: CountryResult[] = [];
  for (const country of countries) results.push(await generateCountry(area, country, rasters, base, dir, seed, progress, truthDir));
  return results;
}
