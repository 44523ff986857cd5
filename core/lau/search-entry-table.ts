// The search index's entries as columns (typed arrays, and one string per text column with offsets)
// rather than ~200,000 objects: on the europe pack the objects and their strings held ~45 MB of the
// main thread's heap, which every garbage collection walks; as columns they are a few large objects.
// An entry becomes an object again only when a search returns it.

/** One place, LAU or country that /api/search can return. */
export interface SearchEntry {
  kind: 'lau' | 'place' | 'country';
  name: string;
  country: string;
  population: number;
  /** GISCO_ID for a LAU */
  id?: string;
  lon: number;
  lat: number;
  /** lon/lat box of a LAU or a country */
  bbox?: [number, number, number, number];
  /** other names it is found by (local names where GeoNames uses an English one) */
  aliases?: string[];
}

const KINDS: SearchEntry['kind'][] = ['lau', 'place', 'country'];

/** Strings kept as one text and n + 1 offsets: string k is text.slice(start[k], start[k + 1]). */
export interface PackedStrings {
  text: string;
  start: Uint32Array;
}

export function packStrings(values: readonly string[]): PackedStrings {
  const start = new Uint32Array(values.length + 1);
  for (let k = 0; k < values.length; k++) start[k + 1] = start[k] + values[k].length;
  return { text: values.join(''), start };
}

export function stringAt({ text, start }: PackedStrings, k: number): string {
  return text.slice(start[k], start[k + 1]);
}

/** The table as plain data (structured-cloneable: it crosses from the thread that builds it). */
export interface SearchEntryTableParts {
  kind: Uint8Array;
  /** index into `countries` */
  country: Uint8Array;
  countries: string[];
  population: Float64Array;
  lon: Float64Array;
  lat: Float64Array;
  /** 4 per entry, NaN where it has none */
  bbox: Float64Array;
  names: PackedStrings;
  /** '' where the entry has no id */
  ids: PackedStrings;
  /** the few entries with aliases: [entry, aliases] */
  aliases: [number, string[]][];
}

export class SearchEntryTable {
  private readonly aliases: Map<number, string[]>;

  private constructor(private readonly parts: SearchEntryTableParts) {
    this.aliases = new Map(parts.aliases);
  }

  static of(entries: readonly SearchEntry[]): SearchEntryTable {
    const n = entries.length;
    const countries = [...new Set(entries.map((e) => e.country))];
    if (countries.length > 255) throw new Error(`search entries of ${countries.length} countries: at most 255`);
    const countryIndex = new Map(countries.map((c, k) => [c, k]));
    const bbox = new Float64Array(n * 4).fill(Number.NaN);
    const parts: SearchEntryTableParts = {
      kind: Uint8Array.from(entries, (e) => KINDS.indexOf(e.kind)),
      country: Uint8Array.from(entries, (e) => countryIndex.get(e.country)!),
      countries,
      population: Float64Array.from(entries, (e) => e.population),
      lon: Float64Array.from(entries, (e) => e.lon),
      lat: Float64Array.from(entries, (e) => e.lat),
      bbox,
      names: packStrings(entries.map((e) => e.name)),
      ids: packStrings(entries.map((e) => e.id ?? '')),
      aliases: [],
    };
    entries.forEach((e, i) => {
      if (e.bbox) bbox.set(e.bbox, i * 4);
      if (e.aliases?.length) parts.aliases.push([i, e.aliases]);
    });
    return new SearchEntryTable(parts);
  }

  static restore(parts: SearchEntryTableParts): SearchEntryTable {
    return new SearchEntryTable(parts);
  }

  toParts(): SearchEntryTableParts {
    return this.parts;
  }

  get length(): number {
    return this.parts.kind.length;
  }

  population(i: number): number {
    return this.parts.population[i];
  }

  country(i: number): string {
    return this.parts.countries[this.parts.country[i]];
  }

  nameOf(i: number): string {
    return stringAt(this.parts.names, i);
  }

  /** Entry i as an object. */
  get(i: number): SearchEntry {
    const p = this.parts;
    const entry: SearchEntry = {
      kind: KINDS[p.kind[i]],
      name: this.nameOf(i),
      country: this.country(i),
      population: p.population[i],
      lon: p.lon[i],
      lat: p.lat[i],
    };
    const id = stringAt(p.ids, i);
    if (id) entry.id = id;
    if (!Number.isNaN(p.bbox[i * 4])) entry.bbox = Array.from(p.bbox.subarray(i * 4, i * 4 + 4)) as [number, number, number, number];
    const aliases = this.aliases.get(i);
    if (aliases) entry.aliases = aliases;
    return entry;
  }
}
