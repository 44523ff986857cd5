// Query parameters of the JSON API, checked: a bad value is a 400 that says what was expected.
import type { Request } from 'express';
import type { LonLatBox } from '../../core/indicators/summary.ts';
import { HttpError } from '../http-error.ts';

/** Refuse query parameters an endpoint does not know (a typo should not pass silently). */
export function onlyParameters(req: Request, allowed: readonly string[] | ((name: string) => boolean)): void {
  const ok = typeof allowed === 'function' ? allowed : (name: string) => allowed.includes(name);
  const unknown = Object.keys(req.query).filter((k) => !ok(k));
  if (unknown.length)
    throw new HttpError(400, `unknown parameter ${unknown.map((p) => `"${p}"`).join(', ')}`, typeof allowed === 'function' ? undefined : { allowed });
}

/** The single string value of a parameter (a repeated parameter is refused). */
export function stringParam(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new HttpError(400, `parameter "${name}" is given more than once`);
  return value;
}

export function numberParam(req: Request, name: string): number | undefined {
  const raw = stringParam(req, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new HttpError(400, `parameter "${name}" must be a number, got "${raw}"`);
  return value;
}

export function intParam(req: Request, name: string, min: number, max: number, fallback: number): number;
export function intParam(req: Request, name: string, min: number, max: number, fallback?: number): number | undefined;
export function intParam(req: Request, name: string, min: number, max: number, fallback?: number): number | undefined {
  const value = numberParam(req, name);
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max)
    throw new HttpError(400, `parameter "${name}" must be a whole number from ${min} to ${max}, got ${value}`);
  return value;
}

export function enumParam<T extends string>(req: Request, name: string, values: readonly T[], fallback: T): T {
  const raw = stringParam(req, name);
  if (raw === undefined) return fallback;
  if (!values.includes(raw as T)) throw new HttpError(400, `parameter "${name}" must be one of ${values.join(', ')}, got "${raw}"`);
  return raw as T;
}

export function booleanParam(req: Request, name: string): boolean | undefined {
  const raw = stringParam(req, name);
  if (raw === undefined) return undefined;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new HttpError(400, `parameter "${name}" must be true or false, got "${raw}"`);
}

/** `bbox=west,south,east,north` in degrees. */
export function bboxParam(req: Request, name = 'bbox'): LonLatBox | undefined {
  const raw = stringParam(req, name);
  if (raw === undefined) return undefined;
  const parts = raw.split(',').map((p) => Number(p));
  const bad = (why: string): never => {
    throw new HttpError(400, `parameter "${name}" must be west,south,east,north in degrees: ${why}`, { got: raw });
  };
  if (parts.length !== 4 || parts.some((p) => !Number.isFinite(p))) bad('four numbers separated by commas');
  const [w, s, e, n] = parts;
  if (w < -180 || e > 180 || s < -90 || n > 90) bad('longitudes within -180..180 and latitudes within -90..90');
  if (w >= e || s >= n) bad('west < east and south < north');
  return [w, s, e, n];
}

/** limit (1..1000) and offset of a paginated list. */
export function pageParams(req: Request, defaultLimit = 100): { limit: number; offset: number } {
  return { limit: intParam(req, 'limit', 1, 1000, defaultLimit), offset: intParam(req, 'offset', 0, 1e9, 0) };
}
