// SIGTERM under traffic: downloads in flight finish byte for byte and the process exits 0; when the grace
// period runs out first, the cut response is logged as aborted and the exit code says so.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildManyUnitsPack, PROJECT, PYTHON, tempDir } from '../support/helpers.ts';
import { http } from '../support/http-client.ts';
import { logLines, spawnServe } from '../support/serve-process.ts';

const SLOW_DOWNLOAD = join(PROJECT, 'test/support/slow-download.py');
const CSV = '/api/laus?format=csv';

interface Download {
  status: number;
  length: number | null;
  received: number;
  sha256: string;
}

function openConnection(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
  });
}

/** The status of one GET sent on an open connection (read to the end: the server closes it). */
function requestOn(socket: Socket, path: string): Promise<number | string> {
  return new Promise((resolve) => {
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(answer)?.[1] ?? 0)));
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
  });
}

/** A download by a client with a small receive buffer reading `rate` bytes a second; resolves at its end. */
function slowDownload(port: string, path: string, rate: number, onFirstByte: () => void, started?: (stop: () => void) => void): Promise<Download> {
  const child = execFile(PYTHON!, [SLOW_DOWNLOAD, port, path, String(rate)], { timeout: 60_000 });
  started?.(() => child.kill());
  let out = '';
  child.stdout!.on('data', (chunk: string) => {
    if (!out.includes('first_byte') && `${out}${chunk}`.includes('first_byte')) onFirstByte();
    out += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('exit', () => {
      const last = out.trim().split('\n').at(-1);
      if (!last?.includes('sha256')) reject(new Error(`slow download printed ${out}`));
      else resolve(JSON.parse(last));
    });
  });
}

describe.skipIf(!PYTHON)('SIGTERM drain', () => {
  const dir = tempDir();
  let pack: string;
  beforeAll(async () => {
    pack = await buildManyUnitsPack(dir);
  }, 60_000);

  it('lets 8 slow downloads and requests arriving with the signal finish byte for byte, then exits 0', { timeout: 60_000 }, async () => {
    const server = await spawnServe(['--pack', pack, '--port', '0', '--no-watch']);
    const port = new URL(server.url).port;
    const whole = (await http(`${server.url}${CSV}`)).body;
    expect(whole.length).toBeGreaterThan(10_000_000);
    const expected = createHash('sha256').update(whole).digest('hex');

    let started = 0;
    let results!: Promise<Download[]>;
    const allStarted = new Promise<void>((resolve) => {
      const downloads = Array.from({ length: 8 }, () =>
        slowDownload(port, CSV, 3_000_000, () => {
          if (++started === 8) resolve();
        }),
      );
      results = Promise.all(downloads);
    });
    await allStarted;
    // connections open before the signal whose requests come after it: Node's own close() dropped these
    const idle = await Promise.all(Array.from({ length: 8 }, () => openConnection(Number(port))));
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 50));
    const late = idle.map((socket, k) => requestOn(socket, `/api/laus/IE_U${k}`));
    const downloads = await results;
    for (const d of downloads) {
      expect(d.status).toBe(200);
      expect(d.received).toBe(whole.length);
      expect(d.sha256).toBe(expected);
    }
    expect(await Promise.all(late)).toEqual(Array(8).fill(200));
    expect(await server.exited).toBe(0);
    const lines = logLines(server.output);
    const signal = lines.findIndex((l) => l.msg.startsWith('SIGTERM'));
    // the downloads were still being sent when the signal came
    expect(lines.slice(signal).filter((l) => l.req?.url === CSV && l.msg === 'request completed').length).toBeGreaterThan(0);
    expect(lines.some((l) => l.msg === 'request aborted')).toBe(false);
  });

  it('with a 1 s grace, cuts a slower download, logs it as aborted and exits 1', { timeout: 60_000 }, async () => {
    const server = await spawnServe(['--pack', pack, '--port', '0', '--no-watch', '--grace', '1']);
    const port = new URL(server.url).port;
    let signalled = 0;
    let stopReading = () => {};
    // 100 KB a second: however late the grace timer fires on a loaded machine, the 11 MB cannot be sent
    const download = slowDownload(
      port,
      CSV,
      100_000,
      () => {
        signalled = performance.now();
        server.child.kill('SIGTERM');
      },
      (stop) => (stopReading = stop),
    ).catch(() => undefined);
    expect(await server.exited).toBe(1);
    // the grace, and the time to log and exit
    expect(performance.now() - signalled).toBeLessThan(5_000);
    stopReading(); // what the kernel still holds for it would take a minute to read
    await download;
    const lines = logLines(server.output);
    expect(lines.map((l) => l.msg)).toContain('request aborted');
    expect(lines.some((l) => l.msg === 'request aborted' && l.req?.url === CSV)).toBe(true);
    expect(lines.some((l) => l.msg === 'request completed' && l.req?.url === CSV)).toBe(false);
    expect(lines.find((l) => typeof l.cut === 'number')?.cut).toBe(1);
  });
});
