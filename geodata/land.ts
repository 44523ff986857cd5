// Each country's land from Natural Earth 1:10 m (npm world-atlas, TopoJSON) as polygons in lon/lat
// and EPSG:3035, and as a raster mask on an EPSG:3035 grid.
//
// Natural Earth's France includes the overseas departments and its Netherlands the Caribbean
// islands: only polygons inside the D4I territory box (places.ts TERRITORY) are kept. The outlines
// are quantised to 0.0036° x 0.0017° (~250 m x 190 m at 50° N), coarser than a 100 m cell, so a
// mask misplaces cells along coasts and borders by a cell or two.
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { lonLatToLaea } from '../core/grid/projection.ts';
import type { CountryCode } from '../core/grid/countries.ts';
import { TERRITORY } from './places.ts';

type Ring = [number, number][];
type MultiPolygonCoords = Ring[][];

export interface RasterGrid {
  x0: number; // EPSG:3035 metres, west edge
  y0: number; // south edge; row 0 is the southern row
  cell: number; // cell side in metres
  width: number;
  height: number;
}

/** ISO 3166 numeric ids, as world-atlas keys its countries. */
const ISO_NUMERIC: Record<CountryCode, string> = {
  FR: '250',
  DE: '276',
  IE: '372',
  IT: '380',
  NL: '528',
  PT: '620',
  ES: '724',
  UK: '826',
};

let topology: Topology<{ countries: GeometryCollection<{ name: string }> }> | undefined;
const lonLatCache = new Map<CountryCode, MultiPolygonCoords>();
const laeaCache = new Map<CountryCode, MultiPolygonCoords>();
const boundsCache = new Map<CountryCode, [number, number, number, number]>();

function countriesTopology(): NonNullable<typeof topology> {
  // read on first use: 3.7 MB of JSON
  topology ??= createRequire(import.meta.url)('world-atlas/countries-10m.json') as NonNullable<typeof topology>;
  return topology;
}

/** Does every vertex of the ring lie inside the country's territory box? */
function ringInTerritory(country: CountryCode, ring: Ring): boolean {
  const [minLon, minLat, maxLon, maxLat] = TERRITORY[country];
  return ring.every(([lon, lat]) => lon >= minLon && lon <= maxLon && lat >= minLat && lat <= maxLat);
}

/** The country's land as MultiPolygon coordinates in lon/lat (world-atlas countries-10m, European territory). */
export function countryLandLonLat(country: CountryCode): [number, number][][][] {
  const cached = lonLatCache.get(country);
  if (cached) return cached;
  const topo = countriesTopology();
  const geometry = topo.objects.countries.geometries.find((g) => String(g.id) === ISO_NUMERIC[country]);
  if (!geometry) throw new Error(`world-atlas countries-10m has no feature with id ${ISO_NUMERIC[country]} (${country})`);
  const decoded = feature(topo, geometry);
  const shape = decoded.type === 'Feature' ? decoded.geometry : undefined;
  let polygons: MultiPolygonCoords;
  if (shape?.type === 'MultiPolygon') polygons = shape.coordinates as MultiPolygonCoords;
  else if (shape?.type === 'Polygon') polygons = [shape.coordinates as Ring[]];
  else throw new Error(`world-atlas feature ${ISO_NUMERIC[country]} (${country}) is not a (Multi)Polygon`);
  const land = polygons.filter((polygon) => ringInTerritory(country, polygon[0]));
  if (land.length === 0) throw new Error(`no polygon of ${country} lies inside its territory box ${TERRITORY[country].join(', ')}`);
  lonLatCache.set(country, land);
  return land;
}

/** The country's land projected to EPSG:3035 metres. */
export function countryLand3035(country: CountryCode): [number, number][][][] {
  const cached = laeaCache.get(country);
  if (cached) return cached;
  const projected = countryLandLonLat(country).map((polygon) =>
    polygon.map((ring) =>
      ring.map(([lon, lat]): [number, number] => {
        const [e, n] = lonLatToLaea(lon, lat);
        return [e, n];
      }),
    ),
  );
  laeaCache.set(country, projected);
  return projected;
}

/** EPSG:3035 bounding box [minE, minN, maxE, maxN] of the country's land. */
export function countryBounds3035(country: CountryCode): [number, number, number, number] {
  const cached = boundsCache.get(country);
  if (cached) return cached;
  let [minE, minN, maxE, maxN] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const polygon of countryLand3035(country)) {
    for (const [e, n] of polygon[0]) {
      if (e < minE) minE = e;
      if (e > maxE) maxE = e;
      if (n < minN) minN = n;
      if (n > maxN) maxN = n;
    }
  }
  const bounds: [number, number, number, number] = [minE, minN, maxE, maxN];
  boundsCache.set(country, bounds);
  return bounds;
}

/** Calls `edge` for every edge of every ring (closing the ring if its last point is not its first). */
function forEachEdge(polygons: [number, number][][][], edge: (x1: number, y1: number, x2: number, y2: number) => void): void {
  for (const polygon of polygons) {
    for (const ring of polygon) {
      const last = ring.length - 1;
      if (last < 1) continue;
      const closed = ring[0][0] === ring[last][0] && ring[0][1] === ring[last][1];
      const end = closed ? last : last + 1;
      for (let i = 0; i < end; i++) {
        const a = ring[i];
        const b = ring[(i + 1) % ring.length];
        edge(a[0], a[1], b[0], b[1]);
      }
    }
  }
}

/**
 * 1 where the cell centre lies on the polygons' land (even-odd over all rings), by scanline fill:
 * every edge adds its crossings with the row-centre lines it spans to those rows (two passes: count,
 * then fill a row-indexed array), each row sorts its crossings and fills between pairs. An edge spans
 * the rows whose centre y is in [min y, max y), so a vertex on a row line counts once.
 */
export function rasterizeLand(polygons3035: [number, number][][][], grid: RasterGrid): Uint8Array {
  const { x0, y0, cell, width, height } = grid;
  const mask = new Uint8Array(width * height);
  if (width <= 0 || height <= 0) return mask;
  // rows whose centre y0 + (r + 0.5) * cell lies in [lo, hi)
  const firstRow = (y: number) => Math.max(0, Math.ceil((y - y0) / cell - 0.5));
  const endRow = (y: number) => Math.min(height, Math.ceil((y - y0) / cell - 0.5));

  const rowStart = new Uint32Array(height + 1);
  forEachEdge(polygons3035, (_x1, y1, _x2, y2) => {
    if (y1 === y2) return;
    const r1 = endRow(Math.max(y1, y2));
    for (let r = firstRow(Math.min(y1, y2)); r < r1; r++) rowStart[r + 1]++;
  });
  for (let r = 0; r < height; r++) rowStart[r + 1] += rowStart[r];

  const crossings = new Float64Array(rowStart[height]);
  const filled = rowStart.slice(0, height);
  forEachEdge(polygons3035, (x1, y1, x2, y2) => {
    if (y1 === y2) return;
    const slope = (x2 - x1) / (y2 - y1);
    const r1 = endRow(Math.max(y1, y2));
    for (let r = firstRow(Math.min(y1, y2)); r < r1; r++) {
      const y = y0 + (r + 0.5) * cell;
      crossings[filled[r]++] = x1 + (y - y1) * slope;
    }
  });

  for (let r = 0; r < height; r++) {
    const row = crossings.subarray(rowStart[r], rowStart[r + 1]).sort();
    const offset = r * width;
    for (let k = 0; k + 1 < row.length; k += 2) {
      // columns whose centre x0 + (c + 0.5) * cell lies in [row[k], row[k + 1])
      const c0 = Math.max(0, Math.ceil((row[k] - x0) / cell - 0.5));
      const c1 = Math.min(width, Math.ceil((row[k + 1] - x0) / cell - 0.5));
      if (c1 > c0) mask.fill(1, offset + c0, offset + c1);
    }
  }
  return mask;
}
