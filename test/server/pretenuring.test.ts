// V8 decides per allocation site whether to allocate its objects straight into the old generation
// ("pretenuring"), from how many of them survived the last young-generation collections, and it does not
// take a decision back. A server answers its first requests while it is still loading (health checks,
// /metrics scrapes, early browsers): those requests' objects live through many collections, Node's http
// sites are tenured, and from then on every request's garbage goes to the old generation: on the europe
// pack its old space grew 64 MB in 5 s of warm load, with a major collection every ~1.5 s. The server runs
// with --no-allocation-site-pretenuring (server/node-flags.ts). This replays that history in a child: the
// control arm, without the flag, shows that the test can fail.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from '../../server/node-flags.ts';

const script = `
import { createServer, Agent, get } from 'node:http';
import { getHeapSpaceStatistics } from 'node:v8';
import { PerformanceObserver, constants } from 'node:perf_hooks';
const oldSpace = () => getHeapSpaceStatistics().find((s) => s.space_name === 'old_space').space_used_size;
let majors = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (e.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) majors++;
}).observe({ entryTypes: ['gc'] });
const body = Buffer.alloc(2000, 1);
const server = createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length });
  res.end(body);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const agent = new Agent({ keepAlive: true, maxSockets: 16 });
const url = 'http://127.0.0.1:' + server.address().port + '/tile';
const fetchOne = () => new Promise((resolve, reject) => get(url, { agent }, (res) => { res.resume(); res.on('end', resolve); }).on('error', reject));
// start-up: requests in flight while the main thread loads its data, in slices between event-loop turns
const early = Array.from({ length: 64 }, fetchOne);
const data = [];
for (let slice = 0; slice < 40; slice++) {
  for (let i = 0; i < 50000; i++) data.push({ i, name: 'cell-' + i });
  await new Promise((r) => setImmediate(r));
}
await Promise.all(early);
// then a warm server's load: short-lived requests, 16 at a time
for (let i = 0; i < 2000; i++) await fetchOne();
// the old space's growth, summed between samples (a major collection in between shrinks it: not counted)
let grown = 0;
let last = oldSpace();
const sample = () => { const now = oldSpace(); if (now > last) grown += now - last; last = now; };
const sampler = setInterval(sample, 2);
const majorsBefore = majors;
const n = 16 * 2000;
await Promise.all(Array.from({ length: 16 }, async () => { for (let k = 0; k < n / 16; k++) await fetchOne(); }));
clearInterval(sampler);
sample();
console.log(JSON.stringify({ oldBytesPerRequest: grown / n, majors: majors - majorsBefore, kept: data.length }));
process.exit(0);
`;

function afterStartUpRequests(flags: string[]): { oldBytesPerRequest: number; majors: number } {
  const out = execFileSync(process.execPath, [...flags, '--input-type=module', '-e', script], { encoding: 'utf8' });
  return JSON.parse(out);
}

describe('allocation-site pretenuring under the server flags', () => {
  it('keeps a warm load out of the old generation after requests that waited through start-up', { timeout: 60_000 }, () => {
    expect(SERVER_NODE_FLAGS).toContain('--no-allocation-site-pretenuring');
    const { oldBytesPerRequest, majors } = afterStartUpRequests(SERVER_NODE_FLAGS);
    // measured: 43-45 bytes a request (what keep-alive sockets' bookkeeping leaves), no major collection
    expect(oldBytesPerRequest).toBeLessThan(300);
    expect(majors).toBe(0);
  });

  it("promotes every request's garbage without the flag (the V8 behaviour the flag is for)", { timeout: 60_000 }, () => {
    const { oldBytesPerRequest } = afterStartUpRequests(SERVER_NODE_FLAGS.filter((f) => f !== '--no-allocation-site-pretenuring'));
    // measured: 2,890-2,908 bytes a request, and a major collection
    expect(oldBytesPerRequest).toBeGreaterThan(700);
  });
});
