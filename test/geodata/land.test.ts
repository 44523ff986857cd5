import { describe, expect, it } from 'vitest';
import { type CountryCode, D4I_COUNTRIES } from '../../core/grid/countries.ts';
import { countryBounds3035, countryLand3035, countryLandLonLat, rasterizeLand, type RasterGrid } from '../../geodata/land.ts';
import { placesOf } from '../../geodata/places.ts';
import { lonLatToLaea } from '../../core/grid/projection.ts';

type Polygons = [number, number][][][];

/** A grid of `cell` metres over the country's bounds, snapped to whole cells. */
function gridOver(country: CountryCode, cell: number): RasterGrid {
  const [minE, minN, maxE, maxN] = countryBounds3035(country);
  const x0 = Math.floor(minE / cell) * cell;
  const y0 = Math.floor(minN / cell) * cell;
  return { x0, y0, cell, width: Math.ceil((maxE - x0) / cell), height: Math.ceil((maxN - y0) / cell) };
}

function cellAt(grid: RasterGrid, e: number, n: number): number {
  const c = Math.floor((e - grid.x0) / grid.cell);
  const r = Math.floor((n - grid.y0) / grid.cell);
  return c < 0 || r < 0 || c >= grid.width || r >= grid.height ? -1 : r * grid.width + c;
}

const count = (mask: Uint8Array) => mask.reduce((s, v) => s + v, 0);

/** Reference: even-odd point in polygon over all rings (an edge spans [min y, max y), like the scanline). */
function insideEvenOdd(polygons: Polygons, x: number, y: number): boolean {
  let inside = false;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const a = ring[i];
        const b = ring[j];
        if (a[1] > y !== b[1] > y && x < a[0] + ((y - a[1]) * (b[0] - a[0])) / (b[1] - a[1])) inside = !inside;
      }
    }
  }
  return inside;
}

const square = (x0: number, y0: number, side: number): [number, number][] => [
  [x0, y0],
  [x0 + side, y0],
  [x0 + side, y0 + side],
  [x0, y0 + side],
  [x0, y0],
];

// Land area of each country (km²): FR metropolitan incl. Corsica, NL land 33,700 to 41,500 with inland
// water. Measured on the 1 km raster (world-atlas 2.0.2, countries-10m): FR 547,819; DE 357,695;
// IE 69,428; IT 301,203; NL 37,092; PT 91,423; ES 506,885; UK 243,802 - all within 1% except NL (in range).
const LAND_KM2: Record<CountryCode, number> = {
  FR: 549_000,
  DE: 357_000,
  IE: 70_000,
  IT: 301_000,
  NL: 37_500,
  PT: 92_000,
  ES: 506_000,
  UK: 243_000,
};

describe('rasterizeLand on drawn shapes', () => {
  const grid: RasterGrid = { x0: 0, y0: 0, cell: 1000, width: 20, height: 20 };

  it('fills a square with a hole (even-odd), row 0 in the south', () => {
    const mask = rasterizeLand([[square(2000, 3000, 10_000), square(5000, 6000, 4000)]], grid);
    expect(count(mask)).toBe(100 - 16);
    expect(mask[3 * 20 + 2]).toBe(1); // south-west cell of the square: row 3, column 2
    expect(mask[2 * 20 + 2]).toBe(0);
    expect(mask[7 * 20 + 6]).toBe(0); // in the hole
  });

  it('treats an unclosed ring as closed, and clips to the grid', () => {
    const open = square(-5000, -5000, 10_000).slice(0, 4);
    expect(count(rasterizeLand([[open]], grid))).toBe(25);
    expect(count(rasterizeLand([[square(15_000, 15_000, 10_000)]], grid))).toBe(25);
    expect(count(rasterizeLand([[square(50_000, 50_000, 1000)]], grid))).toBe(0);
  });

  it('counts a vertex on a row-centre line once (diamond with vertices on centres)', () => {
    const diamond: [number, number][] = [
      [10_500, 2500],
      [18_500, 10_500],
      [10_500, 18_500],
      [2500, 10_500],
      [10_500, 2500],
    ];
    const mask = rasterizeLand([[diamond]], grid);
    for (let r = 0; r < 20; r++) {
      for (let c = 0; c < 20; c++) {
        expect(mask[r * 20 + c], `row ${r} column ${c}`).toBe(insideEvenOdd([[diamond]], c * 1000 + 500, r * 1000 + 500) ? 1 : 0);
      }
    }
    expect(count(mask)).toBeGreaterThan(100);
  });

  it('returns an empty mask for an empty grid', () => {
    expect(rasterizeLand([[square(0, 0, 5000)]], { ...grid, width: 0 })).toHaveLength(0);
  });
});

describe('country land from world-atlas countries-10m', () => {
  it.each(D4I_COUNTRIES)('%s: 1 km raster area close to the land area', (country) => {
    const grid = gridOver(country, 1000);
    const km2 = count(rasterizeLand(countryLand3035(country), grid));
    console.log(
      `${country}: ${countryLandLonLat(country).length} polygons, ${km2.toLocaleString('en')} ` +
        `km² of land at 1 km (reference ${LAND_KM2[country].toLocaleString('en')})`,
    );
    expect(Math.abs(km2 / LAND_KM2[country] - 1)).toBeLessThan(country === 'NL' ? 0.1 : 0.05);
  });

  it('France is metropolitan France and Corsica, the Netherlands European only', () => {
    const fr = countryLandLonLat('FR');
    expect(fr).toHaveLength(10); // of 21 in world-atlas (Guiana, Antilles, Réunion, Mayotte dropped)
    for (const polygon of fr) for (const [lon, lat] of polygon[0]) expect(lon >= -6 && lon <= 10 && lat >= 41 && lat <= 52).toBe(true);
    expect(fr.some((polygon) => polygon[0].every(([lon]) => lon > 8.5))).toBe(true); // Corsica
    for (const polygon of countryLandLonLat('NL')) for (const [lon, lat] of polygon[0]) expect(lon > 3 && lat > 50).toBe(true);
  });

  it('Spain and Portugal keep their islands and enclaves; the UK has Northern Ireland but not Man', () => {
    const bboxHas = (country: CountryCode, lon: number, lat: number) =>
      countryLandLonLat(country).some((polygon) => {
        const lons = polygon[0].map((p) => p[0]);
        const lats = polygon[0].map((p) => p[1]);
        return lon >= Math.min(...lons) && lon <= Math.max(...lons) && lat >= Math.min(...lats) && lat <= Math.max(...lats);
      });
    expect(bboxHas('ES', -15.6, 28.0)).toBe(true); // Gran Canaria
    expect(bboxHas('ES', -5.34, 35.89)).toBe(true); // Ceuta
    expect(bboxHas('ES', -2.94, 35.29)).toBe(true); // Melilla
    expect(bboxHas('ES', 2.9, 39.6)).toBe(true); // Mallorca
    expect(bboxHas('PT', -25.5, 37.8)).toBe(true); // São Miguel, Azores
    expect(bboxHas('PT', -16.9, 32.7)).toBe(true); // Madeira
    expect(bboxHas('UK', -6.5, 54.6)).toBe(true); // Northern Ireland
    const [e, n] = lonLatToLaea(-4.55, 54.23); // Isle of Man: its own feature in world-atlas
    expect(insideEvenOdd(countryLand3035('UK'), e, n)).toBe(false);
  });

  it('bounds enclose the land tightly', () => {
    for (const country of D4I_COUNTRIES) {
      const [minE, minN, maxE, maxN] = countryBounds3035(country);
      let [a, b, c, d] = [Infinity, Infinity, -Infinity, -Infinity];
      for (const polygon of countryLand3035(country)) {
        for (const ring of polygon) {
          for (const [x, y] of ring) [a, b, c, d] = [Math.min(a, x), Math.min(b, y), Math.max(c, x), Math.max(d, y)];
        }
      }
      expect([minE, minN, maxE, maxN]).toEqual([a, b, c, d]);
    }
    const [minE, minN, maxE, maxN] = countryBounds3035('FR');
    expect(minE).toBeGreaterThan(3_150_000); // Ouessant, not Guiana
    expect(maxE).toBeLessThan(4_350_000); // Corsica
    expect(minN).toBeGreaterThan(2_000_000);
    expect(maxN).toBeLessThan(3_200_000);
  });

  it("the biggest places lie on their own country's land and on no other's", () => {
    const rasters = new Map(
      D4I_COUNTRIES.map((country) => {
        const grid = gridOver(country, 1000);
        return [country, { grid, mask: rasterizeLand(countryLand3035(country), grid) }] as const;
      }),
    );
    const landAt = (country: CountryCode, e: number, n: number) => {
      const { grid, mask } = rasters.get(country)!;
      const i = cellAt(grid, e, n);
      return i >= 0 && mask[i] === 1;
    };
    const nearLand = (country: CountryCode, e: number, n: number) =>
      [-1000, 0, 1000].some((de) => [-1000, 0, 1000].some((dn) => landAt(country, e + de, n + dn)));
    let exact = 0;
    let total = 0;
    for (const country of D4I_COUNTRIES) {
      for (const place of placesOf(country).slice(0, 25)) {
        total++;
        if (landAt(country, place.e, place.n)) exact++;
        // coastal cities (Lisbon, Venice, Barcelona) may sit a cell off the ~250 m outline
        expect(nearLand(country, place.e, place.n), `${place.name} (${country})`).toBe(true);
        for (const other of D4I_COUNTRIES) {
          if (other !== country) expect(landAt(other, place.e, place.n), `${place.name} (${country}) on ${other} land`).toBe(false);
        }
      }
    }
    console.log(`${exact} of ${total} biggest places in a land cell of their country at 1 km; all within one cell`);
    expect(exact / total).toBeGreaterThan(0.9);
  });

  it('scanline fill agrees with per-cell point in polygon (FR, IT with holes; whole and coastal windows)', () => {
    const window = (lon: number, lat: number): RasterGrid => {
      const [e, n] = lonLatToLaea(lon, lat);
      return { x0: Math.round(e / 500) * 500 - 20_000, y0: Math.round(n / 500) * 500 - 20_000, cell: 500, width: 80, height: 80 };
    };
    const cases: [CountryCode, RasterGrid][] = [
      ['FR', gridOver('FR', 10_000)],
      ['IT', gridOver('IT', 10_000)],
      ['FR', window(-4.5, 48.4)], // Brest: ragged coast
      ['IT', window(12.45, 43.94)], // San Marino: a hole
    ];
    for (const [country, grid] of cases) {
      const polygons = countryLand3035(country);
      const mask = rasterizeLand(polygons, grid);
      let differ = 0;
      for (let r = 0; r < grid.height; r++) {
        for (let c = 0; c < grid.width; c++) {
          const inside = insideEvenOdd(polygons, grid.x0 + (c + 0.5) * grid.cell, grid.y0 + (r + 0.5) * grid.cell);
          if ((mask[r * grid.width + c] === 1) !== inside) differ++;
        }
      }
      expect(differ, country).toBe(0);
      expect(count(mask)).toBeGreaterThan(0); // each case has land and sea
      expect(count(mask)).toBeLessThan(mask.length);
    }
  });

  it('rasterizes France on a 500 m grid quickly', () => {
    const polygons = countryLand3035('FR');
    const grid = gridOver('FR', 500);
    rasterizeLand(polygons, grid); // warm-up
    const start = performance.now();
    const mask = rasterizeLand(polygons, grid);
    const ms = performance.now() - start;
    console.log(
      `FR at 500 m: ${grid.width} x ${grid.height} = ${((grid.width * grid.height) / 1e6).toFixed(1)} M cells, ` +
        `${count(mask).toLocaleString('en')} on land, ${ms.toFixed(0)} ms`,
    );
    expect(count(mask) * 0.25).toBeGreaterThan(500_000);
  });
});
