// Cell -> LAU by cell centre: LAU polygons projected once to EPSG:3035, a Flatbush index over their
// parts, and a point-in-polygon test. Cells arrive in spatial order, so the part that held the
// previous cell is tried first and usually holds this one too.
import Flatbush from 'flatbush';
import pointInPolygon from 'point-in-polygon-hao';
import { type GridLevel, NO_LAU } from '../core/grid/grid-level.ts';
import { lonLatToLaea } from '../core/grid/projection.ts';
import type { LauFeature } from './lau-boundaries.ts';

interface Part {
  lau: number;
  rings: number[][][];
  box: [number, number, number, number];
}

function projectParts(features: LauFeature[]): Part[] {
  const parts: Part[] = [];
  features.forEach((feature, lau) => {
    for (const polygon of feature.coordinates) {
      let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
      const rings = polygon.map((ring) =>
        ring.map(([lon, lat]) => {
          const p = lonLatToLaea(lon, lat);
          if (p[0] < minX) minX = p[0];
          if (p[0] > maxX) maxX = p[0];
          if (p[1] < minY) minY = p[1];
          if (p[1] > maxY) maxY = p[1];
          return [p[0], p[1]];
        }),
      );
      if (rings.length && rings[0].length >= 4) parts.push({ lau, rings, box: [minX, minY, maxX, maxY] });
    }
  });
  return parts;
}

/** LAU index for every cell of `level` (NO_LAU where the centre lies outside every polygon). */
export function assignCellsToLaus(level: GridLevel, features: LauFeature[], onProgress?: (done: number) => void): Uint32Array {
  const result = new Uint32Array(level.count).fill(NO_LAU);
  const parts = projectParts(features);
  if (parts.length === 0) return result;
  const index = new Flatbush(parts.length);
  for (const { box } of parts) index.add(box[0], box[1], box[2], box[3]);
  index.finish();

  const half = level.res / 2;
  const point = [0, 0];
  const contains = (part: Part) =>
    point[0] >= part.box[0] && point[0] <= part.box[2] && point[1] >= part.box[1] && point[1] <= part.box[3] && pointInPolygon(point, part.rings) !== false;
  let last: Part | undefined;
  for (let i = 0; i < level.count; i++) {
    point[0] = level.x[i] * level.res + half;
    point[1] = level.y[i] * level.res + half;
    if (!last || !contains(last)) {
      last = undefined;
      for (const candidate of index.search(point[0], point[1], point[0], point[1])) {
        if (contains(parts[candidate])) {
          last = parts[candidate];
          break;
        }
      }
    }
    if (last) result[i] = last.lau;
    if (onProgress && (i & 0xffff) === 0) onProgress(i);
  }
  return result;
}
