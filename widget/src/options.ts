// Attribute values checked once: an invalid value falls back to its default with one console warning,
// never a broken map.
import { PALETTES } from '../../core/style/palettes.ts';
import { BREAK_METHODS, type BreakMethod } from '../../core/indicators/break-methods.ts';
import { type Lang, LANGUAGES } from '../../core/indicators/languages.ts';

export const LEGEND_POSITIONS = ['bottom-left', 'bottom-right', 'top-left', 'top-right', 'none'] as const;

const warned = new Set<string>();
export function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(`<d4i-map>: ${message}`);
}

export function oneOf<T extends string>(name: string, value: string | null | undefined, allowed: readonly T[], fallback: T): T {
  if (value === null || value === undefined || value === '') return fallback;
  const v = value.trim().toLowerCase();
  if ((allowed as readonly string[]).includes(v)) return v as T;
  warnOnce(`${name}="${value}" is not one of ${allowed.join(', ')}; using "${fallback}"`);
  return fallback;
}

export function numberIn(name: string, value: string | null | undefined, min: number, max: number, fallback: number): number {
  if (value === null || value === undefined || value === '') return fallback;
  const n = Number(value);
  if (Number.isFinite(n) && n >= min && n <= max) return n;
  warnOnce(`${name}="${value}" is not a number from ${min} to ${max}; using ${fallback}`);
  return fallback;
}

export function palette(value: string | null | undefined): string {
  return oneOf('palette', value, Object.keys(PALETTES), 'viridis');
}

export function lang(value: string | null | undefined, fallback: Lang): Lang {
  return oneOf('lang', value, LANGUAGES, fallback);
}

/** "lon,lat" */
export function lonLat(name: string, value: string | null | undefined): [number, number] | undefined {
  if (!value) return undefined;
  const parts = value.split(',').map(Number);
  if (parts.length === 2 && parts.every(Number.isFinite) && Math.abs(parts[0]) <= 180 && Math.abs(parts[1]) <= 90) return [parts[0], parts[1]];
  warnOnce(`${name}="${value}" is not "longitude,latitude"; ignored`);
  return undefined;
}

/** "west,south,east,north" */
export function bounds(value: string | null | undefined): [number, number, number, number] | undefined {
  if (!value) return undefined;
  const p = value.split(',').map(Number);
  if (p.length === 4 && p.every(Number.isFinite) && p[0] < p[2] && p[1] < p[3]) return [p[0], p[1], p[2], p[3]];
  warnOnce(`bounds="${value}" is not "west,south,east,north"; ignored`);
  return undefined;
}

/** Classes over the whole data set (the same on every page and screen), or over the area in view. */
export type Classification = { method: BreakMethod; inView: boolean } | { breaks: number[] };

const VIEW_PREFIX = 'view-';

/**
 * classification: a method over the whole data set (nice, the default: round numbers; quantile, jenks,
 * equal), the same method over the area in view (view-quantile ...), or explicit ascending breaks "0.05,0.1,0.2".
 */
export function classification(value: string | null | undefined): Classification {
  if (value && /[\d.]/.test(value[0] ?? '')) {
    const breaks = value.split(',').map(Number);
    if (breaks.length >= 1 && breaks.length <= 10 && breaks.every(Number.isFinite) && breaks.every((b, k) => k === 0 || b > breaks[k - 1])) return { breaks };
    warnOnce(`classification="${value}" is not a list of ascending numbers; using nice`);
    return { method: 'nice', inView: false };
  }
  const inView = Boolean(value?.trim().toLowerCase().startsWith(VIEW_PREFIX));
  const name = inView ? value!.trim().slice(VIEW_PREFIX.length) : value;
  const allowed = [...BREAK_METHODS, ...BREAK_METHODS.map((m) => `${VIEW_PREFIX}${m}`)];
  if (name && !(BREAK_METHODS as readonly string[]).includes(name.trim().toLowerCase())) {
    warnOnce(`classification="${value}" is not one of ${allowed.join(', ')} or a list of breaks; using nice`);
    return { method: 'nice', inView: false };
  }
  return { method: (name?.trim().toLowerCase() || 'nice') as BreakMethod, inView };
}

/** aspect-ratio="3:2" (or 16/9, 1.5) as a CSS aspect-ratio; undefined when absent or invalid. */
export function aspectRatio(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:[:/]\s*(\d+(?:\.\d+)?))?\s*$/.exec(value);
  const ratio = m ? Number(m[1]) / Number(m[2] ?? 1) : NaN;
  if (Number.isFinite(ratio) && ratio >= 0.25 && ratio <= 5) return m![2] ? `${m![1]} / ${m![2]}` : m![1];
  warnOnce(`aspect-ratio="${value}" is not a ratio such as 3:2 or 16:9; using 3:2`);
  return undefined;
}

/** Boolean attribute: present (or "true") is on; "false" is off. */
export function flag(value: string | null | undefined, fallback: boolean): boolean {
  if (value === null || value === undefined) return fallback;
  return value !== 'false' && value !== '0' && value !== 'no';
}
