// What a confidential value can be, per country, as the data set's metadata states it: the UK, IE, IT,
// PT and ES rules of the generated sets hide values of 1 or 2; France's hides every value of a cell of
// at most 10 residents (0-10). A country the metadata does not name is unknown: any value from 0 up.
// Read by the import from `disclosure.json` beside the grid files (d4i generate writes it) or from the
// mapping file's "suppressed", and kept in the pack, where shares use it (share-bounds.ts).
import { UserError } from '../errors.ts';
import { type SuppressedRange, UNKNOWN_RANGE } from '../indicators/share-bounds.ts';

/** country -> [min, max] persons a suppressed value can be; max null when only the minimum is known */
export type SuppressedRanges = Record<string, [number, number | null]>;

/** The metadata file beside a data set's grid files: `{ "suppressed": { "UK": [1, 2], ... } }`. */
export const DISCLOSURE_FILE = 'disclosure.json';

export class SuppressedRangeError extends UserError {}

/** Checked ranges from JSON (`where` names the file for the error). */
export function parseSuppressedRanges(raw: unknown, where: string): SuppressedRanges {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new SuppressedRangeError(`${where}: "suppressed" must be an object of country: [min, max]`);
  }
  const ranges: SuppressedRanges = {};
  for (const [country, value] of Object.entries(raw)) {
    const [min, max] = Array.isArray(value) ? value : [];
    const valid = Array.isArray(value) && value.length === 2 && Number.isInteger(min) && min >= 0 && (max === null || (Number.isInteger(max) && max >= min));
    if (!/^[A-Z]{2}$/.test(country) || !valid) {
      throw new SuppressedRangeError(`${where}: suppressed.${country} must be [min, max] whole persons (max null if unbounded), got ${JSON.stringify(value)}`);
    }
    ranges[country] = [min, max];
  }
  return ranges;
}

/** The range of a country's suppressed values (unknown when the metadata does not say). */
export function suppressedRangeOf(ranges: SuppressedRanges | undefined, country: string | undefined): SuppressedRange {
  const range = country === undefined ? undefined : ranges?.[country];
  return range ? [range[0], range[1] ?? Number.POSITIVE_INFINITY] : UNKNOWN_RANGE;
}

/**
 * The range for each cell of a level from its country index (`level.country`, into the pack's `countries`):
 * a coarse cell on a border follows the rule of the country with most residents beneath.
 */
export function cellSuppressedRange(
  ranges: SuppressedRanges | undefined,
  countries: string[],
  countryIndex: ArrayLike<number>,
): (i: number) => SuppressedRange {
  const byIndex = countries.map((code) => suppressedRangeOf(ranges, code));
  return (i) => byIndex[countryIndex[i]];
}
