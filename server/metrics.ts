// Prometheus metrics (prom-client), one registry per server so tests can run several.
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { TileMetrics } from './tile-metrics.ts';

export interface ServerMetrics {
  registry: Registry;
  /** the tile path's timings, statuses and bytes, counted without allocating (tile-metrics.ts) */
  tiles: TileMetrics;
  cacheHits: Counter;
  cacheMisses: Counter;
  coalesced: Counter;
  prebuilt: Counter;
  cacheBytes: Gauge;
  tileBytes: Counter<'encoding'>;
  requests: Counter<'status'>;
}

/**
 * `cacheBytes`: bytes held per kind of cache (tile, lau-index, heavy-result); `prebuilt`: the zooms of
 * prebuilt tiles ready and their bytes.
 */
export function createMetrics(cacheBytes?: () => Record<string, number>, prebuilt?: () => { zooms: number; bytes: number }): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'd4i_' });
  if (prebuilt) {
    new Gauge({
      name: 'd4i_tile_prebuilt_zooms',
      help: 'low zooms whose grid tiles are prebuilt so far (they are built in a thread after the pack is loaded)',
      registers: [registry],
      collect() {
        this.set(prebuilt().zooms);
      },
    });
    new Gauge({
      name: 'd4i_tile_prebuilt_bytes',
      help: 'bytes of the prebuilt low-zoom tiles (gzip and brotli)',
      registers: [registry],
      collect() {
        this.set(prebuilt().bytes);
      },
    });
  }
  if (cacheBytes) {
    new Gauge({
      name: 'd4i_cache_bytes',
      help: 'bytes held in the memory budget (CACHE_MB), by kind: tile, lau-index, heavy-result',
      labelNames: ['kind'],
      registers: [registry],
      collect() {
        for (const [kind, bytes] of Object.entries(cacheBytes())) this.set({ kind }, bytes);
      },
    });
  }
  const tiles = new TileMetrics();
  // the tile path's counts reach these when /metrics is read
  const { requests, tileBytes } = tiles.registerCounters(registry);
  tiles.registerHistogram(registry);
  return {
    registry,
    tiles,
    cacheHits: new Counter({ name: 'd4i_tile_cache_hits_total', help: 'tile requests answered from the cache', registers: [registry] }),
    cacheMisses: new Counter({ name: 'd4i_tile_cache_misses_total', help: 'tile requests that built the tile', registers: [registry] }),
    coalesced: new Counter({
      name: 'd4i_tile_coalesced_total',
      help: 'tile requests that waited for the same tile being built for another request',
      registers: [registry],
    }),
    prebuilt: new Counter({
      name: 'd4i_tile_prebuilt_total',
      help: 'tile requests answered from the low zooms prebuilt when the pack was loaded',
      registers: [registry],
    }),
    cacheBytes: new Gauge({ name: 'd4i_tile_cache_bytes', help: 'bytes held by the tile cache', registers: [registry] }),
    tileBytes,
    requests,
  };
}
