// Prometheus metrics (prom-client), one registry per server so tests can run several.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface ServerMetrics {
  registry: Registry;
  tileSeconds: Histogram<'z' | 'cache'>;
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
  return {
    registry,
    tileSeconds: new Histogram({
      name: 'd4i_tile_seconds',
      help: 'time to answer a tile request, by zoom and cache hit or miss',
      labelNames: ['z', 'cache'],
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
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
    tileBytes: new Counter({ name: 'd4i_tile_bytes_total', help: 'tile bytes sent, by content encoding', labelNames: ['encoding'], registers: [registry] }),
    requests: new Counter({ name: 'd4i_http_requests_total', help: 'HTTP responses by status code', labelNames: ['status'], registers: [registry] }),
  };
}
