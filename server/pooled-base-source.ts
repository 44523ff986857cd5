// The basemap as the server serves it: tiles from the basemap thread (base-tile-worker.ts), TileJSON from
// what that thread reports of the content once it has loaded it. One per server, whatever pack is served.
import { Piscina } from 'piscina';
import { BASE_DESCRIPTION, BASE_MAX_ZOOM, type BaseSummary, baseTileJson } from '../core/mvt/base-source.ts';
import type { TileJson, TileSource } from '../core/mvt/tile-source.ts';
import { basemapVersion } from '../geodata/basemap.ts';
import type { BaseTileJob } from './base-tile-worker.ts';
import { threadLimits } from './node-flags.ts';
import { workerHandler } from './worker-bundles.ts';

/** Old-generation limit of the basemap thread. */
const BASE_HEAP_MB = 160;

export class PooledBaseSource implements TileSource {
  readonly id = 'base';
  readonly description = BASE_DESCRIPTION;
  readonly version = basemapVersion();
  readonly minzoom = 0;
  readonly maxzoom = BASE_MAX_ZOOM;
  readonly parameters: readonly string[] = [];
  private readonly pool: Promise<Piscina>;
  private known?: BaseSummary;
  /** the thread has loaded the basemap and said what it holds */
  readonly ready: Promise<void>;

  /** `threadsOpen`: the thread starts once it resolves (the server listens) */
  constructor(threadsOpen: Promise<void> = Promise.resolve()) {
    this.pool = threadsOpen.then(
      async () =>
        new Piscina({
          ...(await workerHandler(new URL('./base-tile-worker.ts', import.meta.url), 'baseTileJob', new URL('./base-tile-worker-entry.mjs', import.meta.url))),
          minThreads: 1,
          maxThreads: 1,
          idleTimeout: Number.POSITIVE_INFINITY,
          // the basemap and its indexes hold ~60 MB; without a limit V8 kept twice that after loading it
          resourceLimits: threadLimits(BASE_HEAP_MB),
        }),
    );
    this.ready = this.pool
      .then((pool) => pool.run({ kind: 'summary' } satisfies BaseTileJob))
      .then((summary: BaseSummary) => {
        this.known = summary;
      });
    this.ready.catch(() => {}); // reported by the requests that wait for it
  }

  tileJson(tilesUrl: string): TileJson {
    if (!this.known) throw new Error('the basemap thread has not reported yet: await ready first');
    return baseTileJson(this, this.known, tilesUrl);
  }

  checkOptions(): void {
    // no options
  }

  async getTile(z: number, x: number, y: number): Promise<Uint8Array | undefined> {
    return (await (await this.pool).run({ kind: 'tile', z, x, y } satisfies BaseTileJob)) as Uint8Array | undefined;
  }

  close(): Promise<void> {
    return this.pool.then((pool) => pool.destroy());
  }
}
