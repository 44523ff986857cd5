// What the tile path counts, without allocating per request: prom-client's labelled children hash their
// labels into a string on every observe and inc (~0.8 us of a cached tile's ~2.2 us of our code, measured
// with --cpu-prof under bench tiles' warm load), so the counts go into typed arrays here and reach the
// registry only when /metrics is read: a histogram of seconds by zoom and cache hit, exposed in
// prom-client's own format (and summed across a cluster like its metrics), and deltas for counters.
import { Counter, type Registry } from 'prom-client';

/** Buckets of d4i_tile_seconds, in seconds. */
export const TILE_SECONDS_BUCKETS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 1];
const ZOOMS = 31;
const ENCODINGS = ['identity', 'gzip', 'br'] as const;

export class TileMetrics {
  /** per zoom and hit (z * 2 + hit): the count in each bucket (not cumulative), then +Inf */
  private readonly buckets = new Float64Array(ZOOMS * 2 * (TILE_SECONDS_BUCKETS.length + 1));
  private readonly sums = new Float64Array(ZOOMS * 2);
  private readonly counts = new Float64Array(ZOOMS * 2);
  /** responses by status code, and compressed bytes by encoding, not yet handed to their counters */
  private readonly statuses = new Float64Array(600);
  private readonly bytes = new Float64Array(ENCODINGS.length);

  observe(z: number, hit: boolean, seconds: number): void {
    const series = z * 2 + (hit ? 1 : 0);
    let bucket = 0;
    while (bucket < TILE_SECONDS_BUCKETS.length && seconds > TILE_SECONDS_BUCKETS[bucket]) bucket++;
    this.buckets[series * (TILE_SECONDS_BUCKETS.length + 1) + bucket]++;
    this.sums[series] += seconds;
    this.counts[series]++;
  }

  status(code: number): void {
    this.statuses[code]++;
  }

  sent(encoding: string, n: number): void {
    this.bytes[encoding === 'gzip' ? 1 : encoding === 'br' ? 2 : 0] += n;
  }

  /** Hand the status and byte counts to prom-client's counters (their `collect`: when /metrics is read). */
  flushInto(requests: Counter<'status'>, tileBytes: Counter<'encoding'>): void {
    for (let code = 0; code < this.statuses.length; code++) {
      if (this.statuses[code] === 0) continue;
      requests.inc({ status: String(code) }, this.statuses[code]);
      this.statuses[code] = 0;
    }
    for (const [k, encoding] of ENCODINGS.entries()) {
      if (this.bytes[k] === 0) continue;
      tileBytes.inc({ encoding }, this.bytes[k]);
      this.bytes[k] = 0;
    }
  }

  /**
   * The two counters the status and byte counts are handed to, registered with `registry`, each flushing
   * both when /metrics is read (either may be collected first). Other paths may count into them directly.
   */
  registerCounters(
    registry: Registry,
    names = { requests: 'd4i_http_requests_total', bytes: 'd4i_tile_bytes_total' },
  ): { requests: Counter<'status'>; tileBytes: Counter<'encoding'> } {
    const collect = (): void => this.flushInto(requests, tileBytes);
    const tileBytes: Counter<'encoding'> = new Counter({
      name: names.bytes,
      help: 'tile bytes sent, by content encoding',
      labelNames: ['encoding'],
      registers: [registry],
      collect,
    });
    const requests: Counter<'status'> = new Counter({
      name: names.requests,
      help: 'HTTP responses by status code',
      labelNames: ['status'],
      registers: [registry],
      collect,
    });
    return { requests, tileBytes };
  }

  /** d4i_tile_seconds, registered as a histogram (what prom-client's Registry and AggregatorRegistry read). */
  registerHistogram(registry: Registry): void {
    const name = 'd4i_tile_seconds';
    const metric = {
      name,
      help: 'time to answer a tile request, by zoom and cache hit or miss',
      type: 'histogram' as const,
      aggregator: 'sum' as const,
      get: async () => ({ name, help: metric.help, type: metric.type, aggregator: metric.aggregator, values: this.values(name) }),
      reset: () => {
        this.buckets.fill(0);
        this.sums.fill(0);
        this.counts.fill(0);
      },
    };
    registry.registerMetric(metric as never);
  }

  private values(name: string) {
    const values: { metricName: string; labels: Record<string, string | number>; value: number }[] = [];
    const width = TILE_SECONDS_BUCKETS.length + 1;
    for (let series = 0; series < ZOOMS * 2; series++) {
      if (this.counts[series] === 0) continue;
      const labels = { z: String(series >> 1), cache: series & 1 ? 'hit' : 'miss' };
      let cumulative = 0;
      for (let bucket = 0; bucket < width; bucket++) {
        cumulative += this.buckets[series * width + bucket];
        const le = bucket < TILE_SECONDS_BUCKETS.length ? TILE_SECONDS_BUCKETS[bucket] : '+Inf';
        values.push({ metricName: `${name}_bucket`, labels: { le, ...labels }, value: cumulative });
      }
      values.push({ metricName: `${name}_sum`, labels, value: this.sums[series] });
      values.push({ metricName: `${name}_count`, labels, value: this.counts[series] });
    }
    return values;
  }
}
