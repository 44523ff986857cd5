// The tile path's allocation-free counts read the same, through prom-client's registry, as prom-client's
// own metrics fed the same observations.
import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { TILE_SECONDS_BUCKETS, TileMetrics } from '../../server/tile-metrics.ts';

describe('tile metrics', () => {
  it("expose d4i_tile_seconds exactly as prom-client's Histogram would", async () => {
    const ours = new Registry();
    const tiles = new TileMetrics();
    tiles.registerHistogram(ours);
    const theirs = new Registry();
    const reference = new Histogram({
      name: 'd4i_tile_seconds',
      help: 'time to answer a tile request, by zoom and cache hit or miss',
      labelNames: ['z', 'cache'],
      buckets: TILE_SECONDS_BUCKETS,
      registers: [theirs],
    });
    // bucket edges included, and values past the last bucket
    const samples = [0.0001, 0.0005, 0.0007, 0.002, 0.004, 0.02, 0.3, 1, 2.5, 0.001];
    for (const [k, seconds] of samples.entries()) {
      const z = k % 3 === 0 ? 14 : 3;
      const hit = k % 2 === 0;
      tiles.observe(z, hit, seconds);
      reference.observe({ z: String(z), cache: hit ? 'hit' : 'miss' }, seconds);
    }
    const lines = (text: string) => text.trim().split('\n').sort();
    expect(lines(await ours.metrics())).toEqual(lines(await theirs.metrics()));
  });

  it('hands statuses and bytes to the counters when they are read, once', async () => {
    const registry = new Registry();
    const tiles = new TileMetrics();
    const { requests } = tiles.registerCounters(registry, { requests: 'r', bytes: 'b' });
    for (let i = 0; i < 5; i++) tiles.status(200);
    tiles.status(404);
    tiles.sent('gzip', 100);
    tiles.sent('br', 40);
    tiles.sent('identity', 7);
    requests.inc({ status: '200' }); // another path counting directly
    const text = await registry.metrics();
    expect(text).toContain('r{status="200"} 6');
    expect(text).toContain('r{status="404"} 1');
    expect(text).toContain('b{encoding="gzip"} 100');
    expect(text).toContain('b{encoding="br"} 40');
    expect(text).toContain('b{encoding="identity"} 7');
    expect(await registry.metrics()).toContain('r{status="200"} 6'); // not counted twice
  });
});
