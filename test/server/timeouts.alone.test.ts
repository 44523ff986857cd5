// Clients that trickle, stall or leave give their socket and our CPU back: a header timeout, a send
// timeout for readers that stopped reading, and compression stopped for an aborted download.
import { execFile } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/serve.ts';
import { buildManyUnitsPack, PROJECT, PYTHON, tempDir } from '../support/helpers.ts';
import { http } from '../support/http-client.ts';
import { startTestServer } from '../support/test-server.ts';

let running: RunningServer;
let port: number;
const CSV = '/api/laus?format=csv';

beforeAll(async () => {
  const pack = await buildManyUnitsPack(tempDir());
  running = await startTestServer(pack, {}, { HEADERS_TIMEOUT_S: '0.5', SEND_TIMEOUT_S: '1' });
  port = Number(new URL(running.url).port);
  expect((await http(`${running.url}${CSV.slice(1)}`)).status).toBe(200); // the CSV is built and kept
}, 60_000);
afterAll(() => running.close(100));

/** Milliseconds until the server closes this socket. */
function closedAfter(socket: Socket): Promise<number> {
  const started = performance.now();
  return new Promise((resolve) => {
    socket.on('error', () => {});
    socket.on('close', () => resolve(performance.now() - started));
  });
}

describe('timeouts and aborted clients', () => {
  it('closes a connection whose headers do not arrive in HEADERS_TIMEOUT_S', async () => {
    const socket = connect(port, '127.0.0.1');
    socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n'); // and never the blank line
    let answer = '';
    socket.on('data', (c) => (answer += c));
    expect(await closedAfter(socket)).toBeLessThan(3000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it.skipIf(!PYTHON)('closes the socket of a reader that stopped reading, SEND_TIMEOUT_S after the last byte moved', async () => {
    // reads its first 4 KB, then 100 bytes a second: the 11 MB answer fills the socket buffers and stops
    const others = running.connections.open; // keep-alive sockets of the earlier requests
    const reader = execFile(PYTHON!, [join(PROJECT, 'test/support/slow-download.py'), String(port), CSV, '100']);
    await new Promise((resolve) => reader.stdout!.once('data', resolve));
    expect(running.connections.open).toBe(others + 1);
    const started = performance.now();
    while (running.connections.open > others && performance.now() - started < 8000) await new Promise((r) => setTimeout(r, 50));
    reader.kill();
    expect(running.connections.open).toBe(others);
    expect(performance.now() - started).toBeLessThan(6000);
  });

  it('stops compressing a download the client gave up', async () => {
    const gzip = { 'accept-encoding': 'gzip' };
    const cpu = () => process.cpuUsage().user + process.cpuUsage().system;
    const before = cpu();
    expect((await http(`${running.url}${CSV.slice(1)}`, { headers: gzip })).headers['content-encoding']).toBe('gzip');
    const whole = cpu() - before;
    // process-wide CPU also counts whatever else the process did meanwhile (a collection, another thread's
    // work: once 58 ms on CI against 10-17 ms usually), so the least of three aborted downloads
    const abortedOnce = async () => {
      const start = cpu();
      await new Promise<void>((resolve) => {
        const req = get(`${running.url}${CSV.slice(1)}`, { headers: gzip }, (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', () => {});
      });
      await new Promise((r) => setTimeout(r, 500));
      return cpu() - start;
    };
    let aborted = Number.POSITIVE_INFINITY;
    for (let k = 0; k < 3; k++) aborted = Math.min(aborted, await abortedOnce());
    console.log(`gzip of the LAU CSV: ${(whole / 1000).toFixed(0)} ms CPU whole, ${(aborted / 1000).toFixed(0)} ms when the client left at the first bytes`);
    expect(aborted).toBeLessThan(whole / 3);
  });
});
