// EPSG:3035 grid cell ids in the Eurostat/GISCO spellings.
//   long:  CRS3035RES100mN2684000E4334000   (metres; also RES1km, and E before N)
//   short: 100mN26840E43340, 1kmN2684E4334   (coordinates divided by 10^(trailing zeros of the size in metres))
// A cell is named by its lower-left (south-west) corner.
import { UserError } from '../errors.ts';

export interface GridCell {
  /** cell size in metres */
  res: number;
  /** easting of the lower-left corner, metres */
  e: number;
  /** northing of the lower-left corner, metres */
  n: number;
}

export class GridIdError extends UserError {}

const LONG = /^CRS3035RES(\d+)(m|km)([NE])(\d+)([NE])(\d+)$/;
const SHORT = /^(\d+)(m|km)([NE])(\d+)([NE])(\d+)$/;

/** 10^(number of trailing zeros of the size in metres): the unit of short-form coordinates. */
export function shortUnit(res: number): number {
  let unit = 1;
  while (res % (unit * 10) === 0) unit *= 10;
  return unit;
}

/** "100m", "1km", "250m", "100km": the Eurostat resolution label. */
export function resolutionLabel(res: number): string {
  return res >= 1000 && res % 1000 === 0 ? `${res / 1000}km` : `${res}m`;
}

/** Parse any supported spelling; throws GridIdError with a reason a user can act on. */
export function parseGridId(id: string): GridCell {
  const text = id.trim();
  const long = LONG.exec(text);
  const match = long ?? SHORT.exec(text);
  if (!match) throw new GridIdError(`"${id}" is not an EPSG:3035 grid id (expected e.g. CRS3035RES100mN2684000E4334000 or 1kmN2684E4334)`);
  const [, size, unitText, axisA, valueA, axisB, valueB] = match;
  if (axisA === axisB) throw new GridIdError(`"${id}" names ${axisA} twice`);
  const res = Number(size) * (unitText === 'km' ? 1000 : 1);
  if (!(res > 0)) throw new GridIdError(`"${id}" has a zero cell size`);
  const scale = long ? 1 : shortUnit(res);
  const a = Number(valueA) * scale;
  const b = Number(valueB) * scale;
  const n = axisA === 'N' ? a : b;
  const e = axisA === 'N' ? b : a;
  if (!Number.isSafeInteger(e) || !Number.isSafeInteger(n)) throw new GridIdError(`"${id}" has coordinates out of range`);
  if (e % res !== 0 || n % res !== 0) {
    throw new GridIdError(`"${id}" is not aligned to the ${resolutionLabel(res)} grid (corner ${e}, ${n} is not a multiple of ${res} m)`);
  }
  return { res, e, n };
}

/** Format a cell id; `long` is what Eurostat's current grids use. */
export function formatGridId(cell: GridCell, form: 'long' | 'short' = 'long'): string {
  const { res, e, n } = cell;
  if (form === 'long') return `CRS3035RES${res}mN${n}E${e}`;
  const unit = shortUnit(res);
  return `${resolutionLabel(res)}N${n / unit}E${e / unit}`;
}
