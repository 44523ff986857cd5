// The LAU (Local Administrative Unit) table: names, country, bbox, summed counts and boundaries.
// Boundaries are stored flat (offsets + one coordinate array), like the cells, so a pack with
// 100,000 LAUs loads as a handful of typed-array views.
import type { HiddenPartArrays } from '../indicators/readers.ts';

/** MultiPolygon geometry of every LAU in CSR form. */
export interface LauGeometry {
  /** polygons of LAU i are [polyStart[i], polyStart[i + 1]) */
  polyStart: Uint32Array;
  /** rings of polygon p are [ringStart[p], ringStart[p + 1]); the first is the exterior */
  ringStart: Uint32Array;
  /** points of ring r are [coordStart[r], coordStart[r + 1]) */
  coordStart: Uint32Array;
  /** lon, lat pairs (WGS84 degrees); float32 is ~0.5 m at European latitudes */
  coords: Float32Array;
}

export interface LauTable {
  count: number;
  /** national LAU code, e.g. GM0599 */
  id: string[];
  /** GISCO id, e.g. NL_GM0599 */
  giscoId: string[];
  name: string[];
  /** CNTR_CODE */
  country: string[];
  /** lon/lat bounding box, 4 numbers per LAU (NaN when the LAU has no geometry) */
  bbox: Float64Array;
  /** populated finest-level cells assigned to the LAU */
  cells: Uint32Array;
  /** summed known values per count column */
  values: Record<string, Float64Array>;
  /** confidential or missing values beneath, per column (only columns with any) */
  unknown: Record<string, Uint32Array>;
  /** of those, the secondary suppressions (absent when none) */
  secondary?: Record<string, Uint32Array>;
  /** per share of the bounds rule, P's part of the suppressed values summed cell by cell (lau-hidden-parts.ts) */
  hiddenParts?: Record<string, HiddenPartArrays>;
  /** km² of the boundary (0 without geometry) */
  areaKm2: Float32Array;
  /** area-level indices from the LAU's cells (lau-indices.ts), NaN where undefined */
  indices: Record<string, Float32Array>;
  geometry: LauGeometry;
}

export type Position = [number, number];
export type MultiPolygonCoordinates = Position[][][];

/** Flatten MultiPolygon coordinates of each LAU into the CSR layout; also returns lon/lat bboxes. */
export function encodeGeometry(multipolygons: MultiPolygonCoordinates[]): { geometry: LauGeometry; bbox: Float64Array } {
  let polygons = 0;
  let rings = 0;
  let points = 0;
  for (const mp of multipolygons) {
    polygons += mp.length;
    for (const poly of mp) {
      rings += poly.length;
      for (const ring of poly) points += ring.length;
    }
  }
  const polyStart = new Uint32Array(multipolygons.length + 1);
  const ringStart = new Uint32Array(polygons + 1);
  const coordStart = new Uint32Array(rings + 1);
  const coords = new Float32Array(points * 2);
  const bbox = new Float64Array(multipolygons.length * 4).fill(NaN);
  let p = 0;
  let r = 0;
  let c = 0;
  multipolygons.forEach((mp, i) => {
    polyStart[i] = p;
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const poly of mp) {
      ringStart[p++] = r;
      for (const ring of poly) {
        coordStart[r++] = c;
        for (const [lon, lat] of ring) {
          coords[c * 2] = lon;
          coords[c * 2 + 1] = lat;
          c++;
          if (lon < minX) minX = lon;
          if (lon > maxX) maxX = lon;
          if (lat < minY) minY = lat;
          if (lat > maxY) maxY = lat;
        }
      }
    }
    if (minX <= maxX) bbox.set([minX, minY, maxX, maxY], i * 4);
  });
  polyStart[multipolygons.length] = p;
  ringStart[polygons] = r;
  coordStart[rings] = c;
  return { geometry: { polyStart, ringStart, coordStart, coords }, bbox };
}

/** Centre of LAU i's lon/lat bbox (NaN without geometry): where lists, search and breaks place it. */
export function lauCentre(bbox: Float64Array, i: number): [number, number] {
  return [(bbox[i * 4] + bbox[i * 4 + 2]) / 2, (bbox[i * 4 + 1] + bbox[i * 4 + 3]) / 2];
}

/** Is LAU i's bbox centre inside the lon/lat box [west, south, east, north]? */
export function lauCentreInBox(bbox: Float64Array, i: number, box: readonly number[]): boolean {
  const [lon, lat] = lauCentre(bbox, i);
  return lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3];
}

/** One LAU's boundary as GeoJSON MultiPolygon coordinates. */
export function lauCoordinates(geometry: LauGeometry, lau: number): MultiPolygonCoordinates {
  const { polyStart, ringStart, coordStart, coords } = geometry;
  const polygons: MultiPolygonCoordinates = [];
  for (let p = polyStart[lau]; p < polyStart[lau + 1]; p++) {
    const rings: Position[][] = [];
    for (let r = ringStart[p]; r < ringStart[p + 1]; r++) {
      const ring: Position[] = [];
      for (let c = coordStart[r]; c < coordStart[r + 1]; c++) ring.push([coords[c * 2], coords[c * 2 + 1]]);
      rings.push(ring);
    }
    polygons.push(rings);
  }
  return polygons;
}

export function emptyLauTable(): LauTable {
  return {
    count: 0,
    id: [],
    giscoId: [],
    name: [],
    country: [],
    bbox: new Float64Array(0),
    cells: new Uint32Array(0),
    values: {},
    unknown: {},
    areaKm2: new Float32Array(0),
    indices: {},
    geometry: encodeGeometry([]).geometry,
  };
}
