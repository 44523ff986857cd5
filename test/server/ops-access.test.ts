import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../server/config.ts';
import { isEmbedPage, opsAllowed } from '../../server/ops-access.ts';
import type { RunningServer } from '../../server/serve.ts';
import { buildTinyPack, tempDir } from '../support/helpers.ts';
import { http } from '../support/http-client.ts';
import { startTestServer } from '../support/test-server.ts';

let pack: string;
let running: RunningServer;
let base: string;

beforeAll(async () => {
  pack = await buildTinyPack(tempDir(), 1);
  running = await startTestServer(pack, { basePath: '/maps' });
  base = running.url.replace(/\/$/, '');
}, 60_000);
afterAll(() => running?.close());

const from = (remoteAddress: string) => ({ socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('operator views', () => {
  it('are for loopback clients unless OPS_PUBLIC=1', () => {
    const closed = resolveConfig({ pack }, {});
    const open = resolveConfig({ pack }, { OPS_PUBLIC: '1' });
    for (const address of ['127.0.0.1', '127.8.0.1', '::1', '::ffff:127.0.0.1']) expect(opsAllowed(closed, from(address)), address).toBe(true);
    for (const address of ['203.0.113.9', '::ffff:192.168.1.4', '2001:db8::1', '']) expect(opsAllowed(closed, from(address)), address).toBe(false);
    expect(opsAllowed(open, from('203.0.113.9'))).toBe(true);
  });

  it('serve loopback the details, through the real server', async () => {
    const health = (await http(`${base}/healthz`)).json();
    expect(health).toMatchObject({ status: 'ok', pack, pid: process.pid });
    expect((await http(`${base}/metrics`)).status).toBe(200);
  });
});

describe('framing', () => {
  it('lets other sites frame /embed only', async () => {
    const csp = async (path: string) => String((await http(`${base}${path}`)).headers['content-security-policy']);
    expect(await csp('/embed?place=Venlo')).toMatch(/frame-ancestors \*/);
    for (const path of ['/', '/tiles/grid.json', '/embed.js']) expect(await csp(path), path).toMatch(/frame-ancestors 'self'/);
    const config = resolveConfig({ pack, basePath: '/maps' }, {});
    expect(isEmbedPage(config, '/maps/embed?x=1')).toBe(true);
    expect(isEmbedPage(config, '/maps/embedx')).toBe(false);
  });
});
