// The data being served, swappable without downtime: requests read `current` once and keep that
// snapshot to the end, so a reload never mixes two packs in one response. The data version of the
// new pack goes into every URL and ETag from then on.
import { buildLauFacts, type LauFacts } from '../core/lau/lau-facts.ts';
import type { SearchIndex } from '../core/lau/search-index.ts';
import { GridSource } from '../core/mvt/grid-source.ts';
import { LauSource } from '../core/mvt/lau-source.ts';
import type { TileSource } from '../core/mvt/tile-source.ts';
import { type GridPack, loadPack } from '../core/pack/pack.ts';
import { loadInThread } from './pack-loader.ts';
import { PooledBaseSource } from './pooled-base-source.ts';
import { PooledLauSource } from './pooled-lau-source.ts';
import { PrebuiltTiles } from './prebuilt-tiles.ts';
import { searchInThread } from './search-thread.ts';

export interface ServedData {
  pack: GridPack;
  /** version of the whole set (the pack's data version) */
  version: string;
  sources: Map<string, TileSource>;
  /** LAU indicators, flags and lookups (lau tiles and the /api/laus family) */
  facts: LauFacts;
  /** built in a thread after start (search-thread.ts), or with the pack on a reload */
  search: Promise<SearchIndex>;
  /** the low zooms' grid tiles, filled in by a heavy-job thread after loading */
  prebuilt: PrebuiltTiles;
  loadedAt: Date;
}

/** Tile sources of a pack: its grid and LAUs (cut in a thread of their own), and the basemap shared by every pack. */
export function sourcesOf(pack: GridPack, facts: LauFacts, lauIndexBytes: number, base: TileSource, threadsOpen: Promise<void>): Map<string, TileSource> {
  const sources: TileSource[] = [new GridSource(pack), new PooledLauSource(new LauSource(facts), lauIndexBytes, threadsOpen), base];
  return new Map(sources.map((s) => [s.id, s]));
}

async function closeSources(data: ServedData, now: boolean): Promise<void> {
  for (const source of data.sources.values()) if (source instanceof PooledLauSource) await (now ? source.close() : source.finish());
}

export class SourcesState {
  current: ServedData;
  private listeners: ((data: ServedData, previous: ServedData) => void)[] = [];

  /** `lauIndexBytes`: LAU tiles are cut in a thread of their own whose indexes may hold this much. */
  private openThreads!: () => void;
  /**
   * Resolves once the server listens (startThreads): the threads (LAU and basemap tiles, search index,
   * heavy jobs) start then, so that at start-up the cores are the main thread's, reading the pack
   */
  readonly threadsOpen = new Promise<void>((resolve) => {
    this.openThreads = resolve;
  });
  /** the basemap thread, the same whatever pack is served */
  private readonly base = new PooledBaseSource(this.threadsOpen);

  constructor(
    readonly packPath: string,
    private readonly lauIndexBytes: number,
  ) {
    // at start nothing is served yet: loaded here, at once
    const pack = loadPack(packPath);
    const search = this.threadsOpen.then(() => searchInThread(pack));
    search.catch(() => {}); // a failure is the search requests' to report, not an unhandled rejection
    this.current = this.served(pack, buildLauFacts(pack), search);
  }

  private served(pack: GridPack, facts: LauFacts, search: Promise<SearchIndex>): ServedData {
    return {
      pack,
      version: pack.dataVersion,
      sources: sourcesOf(pack, facts, this.lauIndexBytes, this.base, this.threadsOpen),
      facts,
      search,
      prebuilt: new PrebuiltTiles(),
      loadedAt: new Date(),
    };
  }

  /** Let the threads start (the server listens). */
  startThreads(): void {
    this.openThreads();
  }

  /**
   * Load the pack file again, in a worker thread (tiles keep being served meanwhile); the old data stays
   * served if the new file is unusable (the promise rejects).
   */
  async reload(): Promise<ServedData> {
    const { pack, facts, search } = await loadInThread(this.packPath);
    const next = this.served(pack, facts, Promise.resolve(search));
    const previous = this.current;
    this.current = next;
    for (const listener of this.listeners) listener(next, previous);
    // the old LAU tile thread finishes the tiles it was asked for, then stops
    void closeSources(previous, false);
    return next;
  }

  /** Stop the threads of the data being served and the basemap's (the server stops). */
  async close(): Promise<void> {
    await Promise.all([closeSources(this.current, true), this.base.close()]);
  }

  onChange(listener: (data: ServedData, previous: ServedData) => void): void {
    this.listeners.push(listener);
  }
}
