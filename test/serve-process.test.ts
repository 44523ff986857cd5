// `d4i serve` as a process: prints where to go, reloads on SIGHUP, drains and exits 0 on SIGTERM.
import { spawn } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPack } from '../tiles/pack.ts';
import { buildTinyPack, PROJECT, tempDir } from './helpers.ts';
import { http } from './http-client.ts';

describe('d4i serve process', () => {
  const dir = tempDir();

  it('prints its configuration and URL, reloads on SIGHUP, exits 0 on SIGTERM after in-flight requests', { timeout: 60_000 }, async () => {
    const a = await buildTinyPack(dir, 1);
    const b = await buildTinyPack(dir, 2);
    const pack = join(dir, 'served.d4ipack');
    copyFileSync(a, pack);
    const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT, 'server/cli.ts'), 'serve', '--pack', pack, '--port', '0', '--no-watch'], {
      cwd: PROJECT,
      env: { ...process.env, CACHE_MB: '8', LOG_LEVEL: 'info' },
    });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (c) => (stdout += c));
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (c) => {
        stderr += c;
        const match = /open\s+(http:\/\/\S+)/.exec(stderr);
        if (match) resolve(match[1].replace(/\/$/, ''));
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    expect(stderr).toMatch(/tile cache\s+8 MB/);
    expect(stderr).toMatch(/CORS origins\s+\*/);
    expect((await http(`${url}/healthz`)).json().dataVersion).toBe(loadPack(a).dataVersion);

    copyFileSync(b, pack);
    child.kill('SIGHUP');
    const deadline = Date.now() + 10_000;
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
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.some((l) => l.msg === 'request completed' && l.req.url === '/healthz' && l.res.statusCode === 200)).toBe(true);
    expect(lines.some((l) => l.msg === 'pack reloaded')).toBe(true);
  });
});
