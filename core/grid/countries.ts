import type { GridLevel } from './grid-level.ts';

// Country codes as Eurostat writes them (UK, EL). D4I covers eight; the Census 2021 grid covers EU + EFTA.

export const D4I_COUNTRIES = ['FR', 'DE', 'IE', 'IT', 'NL', 'PT', 'ES', 'UK'] as const;
export type CountryCode = (typeof D4I_COUNTRIES)[number];

const EU = [
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'EL',
  'ES',
  'FI',
  'FR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
];
const EFTA = ['CH', 'IS', 'LI', 'NO'];
// neighbours that appear in border cells of European grids (e.g. "ES-AD", "IT-SM")
const OTHER = ['UK', 'AD', 'MC', 'SM', 'VA', 'AL', 'BA', 'ME', 'MK', 'RS', 'XK', 'TR', 'UA', 'MD', 'BY', 'RU', 'GI', 'IM', 'JE', 'GG', 'FO'];
// ISO spellings some files use for the two codes Eurostat writes differently
const ALIASES: Record<string, string> = { GB: 'UK', GR: 'EL' };

const KNOWN = new Set([...EU, ...EFTA, ...OTHER, ...Object.keys(ALIASES)]);

/**
 * Validate a CNTR_ID value: one code, or several joined by '-' for border cells ("NL-BE").
 * Returns the reason it is not acceptable, or undefined when it is.
 */
export function countryProblem(value: string): string | undefined {
  if (value === '') return 'is empty';
  const unknown = value.split('-').filter((code) => !KNOWN.has(code));
  if (unknown.length === 0) return undefined;
  return `has unknown country code ${unknown.map((c) => `"${c}"`).join(', ')} (expected Eurostat codes such as ${D4I_COUNTRIES.join(' ')})`;
}

/** The country a cell is shown under: the first code of a border cell, with ISO aliases resolved. */
export function displayCountry(value: string): string {
  const first = value.split('-')[0];
  return ALIASES[first] ?? first;
}

/** Finest-level cells per display country (border cells "NL-BE" count for NL). */
export function cellsPerCountry(level: GridLevel, countries: string[]): Record<string, number> {
  const perIndex = new Float64Array(countries.length);
  for (let i = 0; i < level.count; i++) perIndex[level.country[i]]++;
  const out: Record<string, number> = {};
  countries.forEach((code, i) => {
    const name = displayCountry(code) || '(unknown)';
    if (perIndex[i]) out[name] = (out[name] ?? 0) + perIndex[i];
  });
  return out;
}
