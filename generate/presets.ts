// Presets: which part of the eight countries a generated set covers.
import { UserError } from '../core/errors.ts';
import { lonLatToLaea } from '../core/grid/projection.ts';
import { type CountryCode, D4I_COUNTRIES } from '../core/grid/countries.ts';
import { countryBounds3035 } from '../geodata/land.ts';
import { findPlace } from '../geodata/places.ts';

/** EPSG:3035 metres [minE, minN, maxE, maxN], on whole kilometres. */
export type Box = [number, number, number, number];

export interface Area {
  preset: string;
  /** what the README calls it */
  title: string;
  countries: CountryCode[];
  /** limit to this box (absent: whole countries) */
  box?: Box;
}

export const PRESET_HELP = 'tiny | city:<name> | country:<FR|DE|IE|IT|NL|PT|ES|UK> | europe';

/** Venlo, on the Dutch-German border: small, two countries, a town and its villages. */
const TINY = { lon: 6.172, lat: 51.37, sideKm: 14 };
const CITY_SIDE_KM = 50;

export class PresetError extends UserError {}

function boxAround(lon: number, lat: number, sideKm: number): Box {
  const [e, n] = lonLatToLaea(lon, lat);
  const half = (sideKm * 1000) / 2;
  const km = (v: number) => Math.round(v / 1000) * 1000;
  return [km(e - half), km(n - half), km(e + half), km(n + half)];
}

const intersects = (a: Box, b: Box) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

function countriesIn(box: Box): CountryCode[] {
  return D4I_COUNTRIES.filter((c) => intersects(box, countryBounds3035(c)));
}

export function resolvePreset(preset: string): Area {
  if (preset === 'europe') return { preset, title: 'all eight D4I countries', countries: [...D4I_COUNTRIES] };
  if (preset === 'tiny') {
    const box = boxAround(TINY.lon, TINY.lat, TINY.sideKm);
    return { preset, title: `Venlo and its surroundings (NL-DE border, ${TINY.sideKm} km box)`, countries: countriesIn(box), box };
  }
  const [kind, value] = [preset.slice(0, preset.indexOf(':')), preset.slice(preset.indexOf(':') + 1)];
  if (kind === 'country') {
    const code = value.toUpperCase() as CountryCode;
    if (!D4I_COUNTRIES.includes(code)) throw new PresetError(`unknown country "${value}" in preset ${preset} (one of ${D4I_COUNTRIES.join(' ')})`);
    return { preset, title: `all of ${code}`, countries: [code] };
  }
  if (kind === 'city') {
    const place = findPlace(value);
    if (!place) throw new PresetError(`no place called "${value}" in the eight countries (preset ${preset})`);
    const box = boxAround(place.lon, place.lat, CITY_SIDE_KM);
    return { preset, title: `${place.name} and its surroundings (${CITY_SIDE_KM} km box)`, countries: countriesIn(box), box };
  }
  throw new PresetError(`unknown preset "${preset}" (expected ${PRESET_HELP})`);
}
