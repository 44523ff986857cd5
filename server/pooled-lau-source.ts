// The LAU source as the server serves it: TileJSON and option checks from a LauSource on the main thread
// (cheap), tiles from the LAU tile thread (lau-tile-worker.ts), which holds the region indexes.
import type { Piscina } from 'piscina';
import type { LauSource } from '../core/mvt/lau-source.ts';
import type { TileJson, TileRequestOptions, TileSource } from '../core/mvt/tile-source.ts';
import type { LauTileJob } from './lau-tile-worker.ts';
import { startPackThreads } from './pack-threads.ts';
import { workerHandler } from './worker-bundles.ts';

/** The LAU tile thread: lau-tile-worker.ts, bundled (worker-bundles.ts). */
const lauTileHandler = () =>
  workerHandler(new URL('./lau-tile-worker.ts', import.meta.url), 'lauTile', new URL('./lau-tile-worker-entry.mjs', import.meta.url));

export class PooledLauSource implements TileSource {
  readonly id: string;
  readonly description: string;
  readonly version: string;
  readonly minzoom: number;
  readonly maxzoom: number;
  readonly parameters: readonly string[];
  private readonly pool: Promise<Piscina>;
  /** bytes the thread's indexes held at its last answer (d4i_cache_bytes{kind="lau-index"}) */
  indexBytes = 0;

  constructor(
    private readonly local: LauSource,
    budgetBytes: number,
    threadsOpen: Promise<void> = Promise.resolve(),
  ) {
    ({ id: this.id, description: this.description, version: this.version, minzoom: this.minzoom, maxzoom: this.maxzoom, parameters: this.parameters } = local);
    // its heap: the LAU facts (~35 MB on europe), the region indexes (the budget) and room for a tile's garbage
    const heapMb = Math.ceil(budgetBytes / 1e6) + 192;
    this.pool = threadsOpen.then(() => startPackThreads(lauTileHandler(), local.facts, 1, 0, { budgetBytes }, heapMb));
  }

  tileJson(tilesUrl: string, options?: TileRequestOptions): TileJson {
    return this.local.tileJson(tilesUrl, options);
  }

  checkOptions(options: TileRequestOptions): void {
    this.local.checkOptions(options);
  }

  async getTile(z: number, x: number, y: number, options: TileRequestOptions = {}): Promise<Uint8Array | undefined> {
    // refused here, before the thread: a bad lau_fields is the client's 400
    this.local.checkOptions(options);
    const job: LauTileJob = { z, x, y, lauFields: options.lauFields };
    const { tile, indexBytes } = (await (await this.pool).run(job)) as { tile: Uint8Array | undefined; indexBytes: number };
    this.indexBytes = indexBytes;
    return tile;
  }

  /** Stop the thread now (the server stops). */
  close(): Promise<void> {
    return this.pool.then((pool) => pool.destroy());
  }

  /** Stop the thread once the tiles asked of it are made (a reload replaced this source). */
  finish(): Promise<void> {
    return this.pool.then((pool) => pool.close());
  }
}
