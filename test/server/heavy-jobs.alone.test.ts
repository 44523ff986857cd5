// Heavy requests run in worker threads with bounded work: one job per key, caps overall and per client
// (503 + Retry-After), a time limit, cancellation when the client leaves, and an event loop left free.
import { copyFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/serve.ts';
import { buildManyUnitsPack, buildTinyPack, tempDir } from '../support/helpers.ts';
import { loadPack } from '../../core/pack/pack.ts';
import { http } from '../support/http-client.ts';
import { startTestServer } from '../support/test-server.ts';

const dir = tempDir();
let pack: string;
const servers: RunningServer[] = [];
beforeAll(async () => {
  pack = await buildManyUnitsPack(dir);
}, 60_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close(100)));
});

async function serve(flags: Parameters<typeof startTestServer>[1] = {}, file = pack) {
  const running = await startTestServer(file, flags);
  servers.push(running);
  return { running, api: running.url.replace(/\/$/, '') };
}

/** A server on a copy of the pack (a reload test replaces or reloads the file). */
async function serveCopy(name: string) {
  const served = join(dir, name);
  copyFileSync(pack, served);
  return { ...(await serve({ watch: false }, served)), served };
}

// a CSV of every LAU (120,000 rows): about half a second of work per sort order
const csv = (sort: string) => `/api/laus?format=csv&sort=${sort}`;
const SORTS = ['name', '-name', 'T', '-T', 'share_born_abroad', '-share_born_abroad'];

describe('heavy requests', () => {
  it('keeps the event loop free: /healthz answers at once while a CSV of every LAU is built', { timeout: 30_000 }, async () => {
    const { api } = await serve();
    await http(`${api}${csv('country')}`); // the worker is ready
    const download = http(`${api}${csv('-country')}`);
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    expect((await http(`${api}/healthz`)).status).toBe(200);
    const healthMs = performance.now() - started;
    const body = (await download).body;
    const downloadMs = performance.now() - started;
    expect(body.length).toBeGreaterThan(10_000_000);
    expect(healthMs).toBeLessThan(100);
    // the CSV was still being built when /healthz answered
    expect(downloadMs).toBeGreaterThan(healthMs * 2);
  });

  it('builds one answer for identical requests in flight, and widens breaks boxes to a coarse grid', { timeout: 30_000 }, async () => {
    const { api, running } = await serve();
    const before = { ...running.jobs.counts };
    const answers = await Promise.all(Array.from({ length: 10 }, () => http(`${api}${csv('-area_km2')}`)));
    expect(new Set(answers.map((a) => a.body.toString('base64').length)).size).toBe(1);
    expect(answers.every((a) => a.body.equals(answers[0].body))).toBe(true);
    expect(running.jobs.counts.started - before.started).toBe(1);
    expect(running.jobs.counts.joined - before.joined).toBe(9);

    const breaks = (bbox: string) => http(`${api}/api/breaks?indicator=share_born_abroad&level=100&bbox=${bbox}`);
    const a = await breaks('-9.2,52.01,-8.9,52.2001');
    const started = running.jobs.counts.started;
    const b = await breaks('-9.2,52.01,-8.9,52.2002');
    expect(a.json().bbox).toEqual(b.json().bbox);
    expect(a.json().bbox[3]).toBeGreaterThanOrEqual(52.2002);
    expect(running.jobs.counts.started).toBe(started);
  });

  it('refuses jobs beyond the per-client cap with a 503, Retry-After and {error, detail}', { timeout: 30_000 }, async () => {
    const { api } = await serve({ heavyJobsPerClient: 2 });
    const answers = await Promise.all(SORTS.map((s) => http(`${api}${csv(s)}`)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(2);
    const refused = answers.filter((a) => a.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) {
      expect(r.headers['retry-after']).toBe('2');
      expect(r.json().error).toMatch(/busy/);
      expect(r.json().detail).toMatch(/retry/);
    }
    // once they are done, the client is served again
    expect((await http(`${api}${csv('name')}`)).status).toBe(200);
  });

  it('refuses jobs beyond the overall cap too', { timeout: 30_000 }, async () => {
    const { api } = await serve({ heavyJobs: 1, heavyJobsPerClient: 100 });
    const answers = await Promise.all(SORTS.slice(0, 3).map((s) => http(`${api}${csv(s)}`)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 503, 503]);
  });

  it('stops a job that runs past the time limit (503), and serves the next one', { timeout: 30_000 }, async () => {
    const { api, running } = await serve({ heavyTimeoutSeconds: 0.2 });
    // a quick job (tens of ms), once the worker has its data ready (it is replaced, and prepares again, after a
    // stop); the CSV sorted by name takes about 0.45 s here
    const quick = async () => {
      for (let attempt = 0; attempt < 20; attempt++) {
        const answer = await http(`${api}/api/laus?limit=1`);
        if (answer.status === 200) return attempt;
        await new Promise((r) => setTimeout(r, 200));
      }
      return -1;
    };
    expect(await quick()).toBeGreaterThanOrEqual(0);
    const slow = await http(`${api}${csv('name')}`);
    expect(slow.status).toBe(503);
    expect(slow.headers['retry-after']).toBe('2');
    expect(slow.json().error).toMatch(/longer than 0.2 s/);
    expect(running.jobs.counts.timedOut).toBeGreaterThanOrEqual(1);
    expect(await quick()).toBeGreaterThanOrEqual(0);
  });

  it('answers from the new pack after a reload, with a pool of its own', { timeout: 60_000 }, async () => {
    const { running, api, served } = await serveCopy('served.d4ipack');
    const before = (await http(`${api}/api/summary?bbox=-180,-90,180,90`)).json();
    expect(before.version).toBe(loadPack(pack).dataVersion);
    const tiny = await buildTinyPack(dir);
    copyFileSync(tiny, served);
    expect(await running.reload()).toBe(true);
    const after = (await http(`${api}/api/summary?bbox=-180,-90,180,90`)).json();
    expect(after.version).toBe(loadPack(tiny).dataVersion);
    expect(after.values.T).toBe(Array.from(loadPack(tiny).levels[0].values.T).reduce((a, b) => a + b, 0));
  });

  it('reloads the pack in a worker thread: /healthz keeps answering meanwhile', { timeout: 60_000 }, async () => {
    const { running, api } = await serveCopy('reloaded.d4ipack');
    const started = performance.now();
    const reloaded = Promise.resolve(running.reload());
    let done = false;
    void reloaded.then(() => (done = true));
    const health: number[] = [];
    while (!done) {
      const t = performance.now();
      expect((await http(`${api}/healthz`)).status).toBe(200);
      health.push(performance.now() - t);
    }
    expect(await reloaded).toBe(true);
    const reloadMs = performance.now() - started;
    console.log(`reload of the 120,000-unit pack: ${reloadMs.toFixed(0)} ms; /healthz max ${Math.max(...health).toFixed(1)} ms over ${health.length}`);
    expect(health.length).toBeGreaterThan(3);
    // on the main thread the reload held every request for the whole load (1.4 s for this pack, 10 s now);
    // what is left is the swap itself and starting the new pack's threads. The slowest probe was 180-250 ms
    // before the share bounds of issue 16, 450-600 ms since (2026-12-02: 448 and 483 ms on an idle machine,
    // 556 and 601 ms in CI): still well under the load, which is what this test is about; the swap's own
    // cost is issue 15's to bring back down
    expect(Math.max(...health)).toBeLessThan(1000);
  });

  it('cancels a job when its only client goes away', { timeout: 30_000 }, async () => {
    const { api, running } = await serve();
    await new Promise<void>((resolve) => {
      const req = get(`${api}${csv('-name')}`);
      req.on('error', () => {});
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 30);
    });
    const deadline = Date.now() + 5_000;
    while (running.jobs.counts.cancelled === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(running.jobs.counts.cancelled).toBe(1);
    while (running.jobs.active > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(running.jobs.active).toBe(0);
    expect((await http(`${api}/api/laus?limit=1`)).status).toBe(200);
  });
});
