// LAU boundaries from GeoJSON in the GISCO LAU layout (GISCO_ID, CNTR_CODE, LAU_ID, LAU_NAME),
// the LAU_CODE / CNTR_ID spellings, or any layout through the mapping file. WGS84 lon/lat unless
// the file declares EPSG:3035.
import { UserError } from '../core/errors.ts';
import { readFileSync } from 'node:fs';
import type { MultiPolygonCoordinates, Position } from '../core/pack/lau-table.ts';
import { laeaToLonLat } from '../core/grid/projection.ts';

export interface LauFeature {
  id: string;
  giscoId: string;
  name: string;
  country: string;
  /** WGS84 lon/lat */
  coordinates: MultiPolygonCoordinates;
}

export class BoundaryError extends UserError {}

const SPELLINGS: Record<string, string[]> = {
  LAU_ID: ['LAU_ID', 'LAU_CODE', 'LAU1_ID', 'LAU2_ID'],
  LAU_NAME: ['LAU_NAME', 'LAU_LATN', 'NAME_LATN', 'LAU_NAME_LATN'],
  CNTR_CODE: ['CNTR_CODE', 'CNTR_ID'],
  GISCO_ID: ['GISCO_ID'],
};

interface GeoJsonFeature {
  type?: string;
  properties?: Record<string, unknown> | null;
  geometry?: { type: string; coordinates: unknown } | null;
}

/** The CRS a FeatureCollection declares, as 'lonlat' or 'laea'. */
function declaredCrs(collection: { crs?: { properties?: { name?: string } } }, file: string): 'lonlat' | 'laea' {
  const name = collection.crs?.properties?.name ?? '';
  if (name === '' || /CRS84|EPSG:{1,2}(4326|4258|4289)$/.test(name)) return 'lonlat';
  if (/EPSG:{1,2}3035$/.test(name)) return 'laea';
  throw new BoundaryError(`${file}: unsupported CRS "${name}" (use WGS84 lon/lat or EPSG:3035)`);
}

export function readLauBoundaries(file: string, mapping: Record<string, string>): LauFeature[] {
  let collection: { type?: string; features?: GeoJsonFeature[]; crs?: { properties?: { name?: string } } };
  try {
    collection = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new BoundaryError(`${file}: not readable GeoJSON: ${(error as Error).message}`);
  }
  if (collection.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    throw new BoundaryError(`${file}: expected a GeoJSON FeatureCollection`);
  }
  const crs = declaredCrs(collection, file);
  const property = (props: Record<string, unknown>, ours: string): string => {
    const mapped = mapping[ours];
    if (mapped?.startsWith('=')) return mapped.slice(1);
    for (const name of mapped ? [mapped] : (SPELLINGS[ours] ?? [ours])) {
      const value = props[name];
      if (value !== undefined && value !== null && value !== '') return String(value);
    }
    return '';
  };

  return collection.features.map((feature, i) => {
    const props = feature.properties ?? {};
    const where = `${file}: feature ${i + 1}`;
    const id = property(props, 'LAU_ID');
    const country = property(props, 'CNTR_CODE');
    if (!id)
      throw new BoundaryError(`${where} has no LAU_ID (properties: ${Object.keys(props).join(', ')}); map one with "lau": {"LAU_ID": "..."} in --mapping`);
    if (!country) throw new BoundaryError(`${where} (${id}) has no CNTR_CODE; map one, or set a constant such as "CNTR_CODE": "=NL"`);
    return {
      id,
      country,
      giscoId: property(props, 'GISCO_ID') || `${country}_${id}`,
      name: property(props, 'LAU_NAME') || id,
      coordinates: multiPolygonOf(feature.geometry, where, crs),
    };
  });
}

function multiPolygonOf(geometry: GeoJsonFeature['geometry'], where: string, crs: 'lonlat' | 'laea'): MultiPolygonCoordinates {
  if (!geometry) return [];
  let polygons: Position[][][];
  if (geometry.type === 'Polygon') polygons = [geometry.coordinates as Position[][]];
  else if (geometry.type === 'MultiPolygon') polygons = geometry.coordinates as Position[][][];
  else throw new BoundaryError(`${where}: geometry is ${geometry.type}, expected Polygon or MultiPolygon`);
  const toLonLat = (p: Position): Position => {
    if (!Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) throw new BoundaryError(`${where}: bad coordinate ${JSON.stringify(p)}`);
    if (crs === 'laea') {
      const q = laeaToLonLat(p[0], p[1]);
      return [q[0], q[1]];
    }
    return [p[0], p[1]];
  };
  return polygons.map((polygon) => polygon.map((ring) => ring.map(toLonLat)));
}
