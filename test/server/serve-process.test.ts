// `d4i serve` as a process: prints where to go, reloads on SIGHUP, drains and exits 0 on SIGTERM.
import { copyFileSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPack } from '../../core/pack/pack.ts';
import { SERVER_NODE_FLAGS } from '../../server/node-flags.ts';
import { buildTinyPack, tempDir } from '../support/helpers.ts';
import { spawnServe } from '../support/serve-process.ts';
import { http } from '../support/http-client.ts';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('d4i serve process', () => {
  const dir = tempDir();

  it('prints its configuration and URL, reloads on SIGHUP, exits 0 on SIGTERM after in-flight requests', { timeout: 60_000 }, async () => {
    const a = await buildTinyPack(dir, 1);
    const b = await buildTinyPack(dir, 2);
    const pack = join(dir, 'served.d4ipack');
    copyFileSync(a, pack);
    const { child, url, output } = await spawnServe(['--pack', pack, '--port', '0', '--no-watch'], { CACHE_MB: '8' });
    const stderr = output.stderr;
    expect(stderr).toMatch(/caches\s+8 MB in all/);
    expect(stderr).toMatch(/CORS origins\s+\*/);
    expect((await http(`${url}/healthz`)).json().dataVersion).toBe(loadPack(a).dataVersion);

    copyFileSync(b, pack);
    child.kill('SIGHUP');
    const deadline = Date.now() + 30_000; // each worker loads the pack again in a thread, beside the other suites
    let version = '';
    while (Date.now() < deadline) {
      version = (await http(`${url}/healthz`)).json().dataVersion;
      if (version === loadPack(b).dataVersion) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(version).toBe(loadPack(b).dataVersion);

    // a response in flight: a 1 MB file the client stops reading half way, so the server is still sending
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const received = await new Promise<{ expected: number; got: number }>((resolve, reject) => {
      get(`${url}/vendor/maplibre-gl/maplibre-gl.mjs`, (res) => {
        let got = 0;
        let paused = false;
        res.on('data', (chunk: Buffer) => {
          got += chunk.length;
          if (!paused) {
            paused = true;
            res.pause();
            child.kill('SIGTERM');
            setTimeout(() => res.resume(), 500);
          }
        });
        res.on('end', () => resolve({ expected: Number(res.headers['content-length']), got }));
        res.on('error', reject);
      }).on('error', reject);
    });
    expect(received.got).toBe(received.expected);
    expect(received.expected).toBeGreaterThan(500_000);
    expect(await exited).toBe(0);
    // one JSON line per request at info
    const lines = output.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.some((l) => l.msg === 'request completed' && l.req.url === '/healthz' && l.res.statusCode === 200)).toBe(true);
    expect(lines.some((l) => l.msg === 'pack reloaded')).toBe(true);
  });

  it('through the d4i binary: the server runs with the server Node flags and malloc arenas, and SIGTERM to the binary drains it', {
    timeout: 60_000,
  }, async () => {
    const pack = await buildTinyPack(dir, 3);
    const { child, url, exited } = await spawnServe(['--pack', pack, '--port', '0', '--no-watch'], {}, true);
    const server = (await http(`${url}/healthz`)).json().pid as number;
    expect(server).not.toBe(child.pid);
    const cmdline = readFileSync(`/proc/${server}/cmdline`, 'utf8').split('\0');
    for (const flag of SERVER_NODE_FLAGS) expect(cmdline).toContain(flag);
    expect(readFileSync(`/proc/${server}/environ`, 'utf8').split('\0')).toContain('MALLOC_ARENA_MAX=2');
    expect((await http(`${url}/tiles/grid/0/0/0.mvt`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(() => process.kill(server, 0)).toThrow(); // the server went with it
  });

  it('--workers 2: one port, summed metrics, SIGHUP reloads every worker, SIGTERM stops them all', { timeout: 60_000 }, async () => {
    const a = await buildTinyPack(dir, 1);
    const b = await buildTinyPack(dir, 2);
    const pack = join(dir, 'clustered.d4ipack');
    copyFileSync(a, pack);
    const { child, url, output } = await spawnServe(['--pack', pack, '--port', '0', '--no-watch', '--workers', '2'], { CACHE_MB: '8', LOG_LEVEL: 'warn' });
    expect(output.stderr).toMatch(/workers\s+2 processes/);
    // a new connection per request, so the primary hands them round-robin to the workers
    const close = { headers: { connection: 'close' } };
    const pids = new Set<number>();
    for (let i = 0; i < 20 && pids.size < 2; i++) pids.add((await http(`${url}/healthz`, close)).json().pid);
    expect(pids.size).toBe(2);
    expect(pids.has(child.pid!)).toBe(false);

    const tile = `${url}/tiles/grid/0/0/0.mvt`;
    for (let i = 0; i < 6; i++) expect((await http(tile, close)).status).toBe(200);
    const metrics = (await http(`${url}/metrics`)).decoded().toString();
    const counter = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(metrics)?.[1]);
    // answered from the cache, cut, or prebuilt (z0-z9 are once their thread has made them)
    expect(counter('d4i_tile_cache_hits_total') + counter('d4i_tile_cache_misses_total') + counter('d4i_tile_prebuilt_total')).toBe(6);

    copyFileSync(b, pack);
    child.kill('SIGHUP');
    const want = loadPack(b).dataVersion;
    const deadline = Date.now() + 30_000; // each worker loads the pack again in a thread, beside the other suites
    const seen = new Map<number, string>();
    while (Date.now() < deadline) {
      const health = (await http(`${url}/healthz`, close)).json();
      seen.set(health.pid, health.dataVersion);
      if (seen.size === 2 && [...seen.values()].every((v) => v === want)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect([...seen.values()]).toEqual([want, want]);

    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect([...pids].filter(alive)).toEqual([]);
  });
});
