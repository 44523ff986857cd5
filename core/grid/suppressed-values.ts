// What a confidential value can be, per country, as the data set's metadata states it: the UK, IE, IT,
// PT and ES rules of the generated sets hide values of 1 or 2 (primary suppression) and, where that one
// value could be worked out by subtraction, another value of 3 or more (secondary suppression, flagged 2);
// France's hides every value of a cell of at most 10 residents (0-10). A country the metadata does not
// name is unknown: any value from 0 up. Read by the import from `disclosure.json` beside the grid files
// (d4i generate writes it) or from the mapping file's "suppressed" and "secondary", and kept in the pack,
// where shares use it (share-bounds.ts).
import { UserError } from '../errors.ts';
import { type ConfidentialRanges, type SuppressedRange, UNKNOWN_RANGE } from '../indicators/share-bounds.ts';

/** country -> [min, max] persons a suppressed value can be; max null when only the minimum is known */
export type SuppressedRanges = Record<string, [number, number | null]>;

/** What the metadata says, per country, of primary ("suppressed") and secondary suppressed values. */
export interface DisclosureRanges {
  suppressed?: SuppressedRanges;
  secondary?: SuppressedRanges;
}

/** The metadata file beside a data set's grid files: `{ "suppressed": { "UK": [1, 2] }, "secondary": { "UK": [3, null] } }`. */
export const DISCLOSURE_FILE = 'disclosure.json';

export class SuppressedRangeError extends UserError {}

/** Checked ranges from JSON (`where` names the file for the error). */
export function parseSuppressedRanges(raw: unknown, where: string, key = 'suppressed'): SuppressedRanges {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new SuppressedRangeError(`${where}: "${key}" must be an object of country: [min, max]`);
  }
  const ranges: SuppressedRanges = {};
  for (const [country, value] of Object.entries(raw)) {
    const [min, max] = Array.isArray(value) ? value : [];
    const valid = Array.isArray(value) && value.length === 2 && Number.isInteger(min) && min >= 0 && (max === null || (Number.isInteger(max) && max >= min));
    if (!/^[A-Z]{2}$/.test(country) || !valid) {
      throw new SuppressedRangeError(`${where}: ${key}.${country} must be [min, max] whole persons (max null if unbounded), got ${JSON.stringify(value)}`);
    }
    ranges[country] = [min, max];
  }
  return ranges;
}

/** Both parsed lists of a metadata object (`disclosure.json`, or the mapping file). */
export function parseDisclosureRanges(raw: { suppressed?: unknown; secondary?: unknown }, where: string): Required<DisclosureRanges> {
  return { suppressed: parseSuppressedRanges(raw.suppressed, where), secondary: parseSuppressedRanges(raw.secondary, where, 'secondary') };
}

const asRange = (range: [number, number | null] | undefined): SuppressedRange => (range ? [range[0], range[1] ?? Number.POSITIVE_INFINITY] : UNKNOWN_RANGE);

/** What a primary and a secondary suppressed value can be in a country (unknown when the metadata does not say). */
export function confidentialRangesOf(metadata: DisclosureRanges | undefined, country: string | undefined): ConfidentialRanges {
  if (country === undefined) return { primary: UNKNOWN_RANGE, secondary: UNKNOWN_RANGE };
  return { primary: asRange(metadata?.suppressed?.[country]), secondary: asRange(metadata?.secondary?.[country]) };
}

/**
 * The ranges for each cell of a level from its country index (`level.country`, into the pack's `countries`):
 * a coarse cell on a border follows the rule of the country with most residents beneath.
 */
export function cellConfidentialRanges(
  metadata: DisclosureRanges | undefined,
  countries: string[],
  countryIndex: ArrayLike<number>,
): (i: number) => ConfidentialRanges {
  const byIndex = countries.map((code) => confidentialRangesOf(metadata, code));
  return (i) => byIndex[countryIndex[i]];
}
