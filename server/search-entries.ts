// The entries of /api/search for a pack: its LAUs, its countries by name in the seven languages, and the
// populated places of the basemap within its countries.
import { displayCountry } from '../core/grid/countries.ts';
import { countryExtents } from '../core/grid/country-extent.ts';
import { LOCAL_NAMES, type SearchEntry, SearchIndex } from '../core/lau/search-index.ts';
import { lauCentre } from '../core/pack/lau-table.ts';
import type { GridPack } from '../core/pack/pack.ts';
import { loadBasemapData } from '../geodata/basemap.ts';
import { countryNames } from '../geodata/country-names.ts';

/** LAU names and the populated places of the pack's countries, for /api/search. */
export function searchIndexOf(pack: GridPack): SearchIndex {
  const laus = pack.laus;
  const entries: SearchEntry[] = [];
  for (let i = 0; i < laus.count; i++) {
    const bbox = Array.from(laus.bbox.subarray(i * 4, i * 4 + 4)) as [number, number, number, number];
    if (Number.isNaN(bbox[0])) continue;
    const aliases = LOCAL_NAMES[`${laus.country[i]}:${laus.name[i]}`];
    const [lon, lat] = lauCentre(laus.bbox, i);
    entries.push({
      kind: 'lau',
      name: laus.name[i],
      country: laus.country[i],
      population: laus.values.T?.[i] ?? 0,
      id: laus.giscoId[i],
      lon,
      lat,
      bbox,
      aliases,
    });
  }
  // whole countries, by their name in any of the seven languages
  const tenKm = pack.levels.find((l) => l.res >= 10_000) ?? pack.levels.at(-1)!;
  for (const [code, extent] of countryExtents(tenKm, pack.countries)) {
    const [name, ...aliases] = countryNames(code);
    if (!name) continue;
    const [w, s, e, n] = extent.bbox;
    entries.push({ kind: 'country', name, country: code, population: extent.residents, lon: (w + e) / 2, lat: (s + n) / 2, bbox: extent.bbox, aliases });
  }
  const countries = new Set(pack.countries.map(displayCountry));
  for (const place of loadBasemapData().places) {
    if (countries.has(place.country)) entries.push({ kind: 'place', ...place, aliases: LOCAL_NAMES[`${place.country}:${place.name}`] });
  }
  return new SearchIndex(entries);
}
