// The worker threads' code as esbuild bundles (server/worker-bundles.ts): a bundle runs in a thread with no
// loader at all, keeps each file's own import.meta.url, is named by its content, and a module that cannot
// be bundled falls back to its tsx entry instead of failing the pool.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { workerBundle, workerHandler } from '../../server/worker-bundles.ts';

const fixture = new URL('../fixtures/worker-bundle/where.ts', import.meta.url);

/** Run `exportName` of the module at `file` in a fresh thread without any loader, and return its answer. */
function inBareThread(file: URL, exportName: string): Promise<unknown> {
  const code = `import(${JSON.stringify(file.href)}).then((m) => require('node:worker_threads').parentPort.postMessage(m[${JSON.stringify(exportName)}]()))`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, execArgv: [] });
    worker.once('message', (answer) => {
      resolve(answer);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

describe('worker bundles', () => {
  it('run in a thread without tsx, each file keeping its own import.meta.url', async () => {
    const bundle = await workerBundle(fixture);
    expect(fileURLToPath(bundle)).toMatch(/node_modules\/\.cache\/d4i-workers\/where-[0-9a-f]{16}\.mjs$/);
    const answer = (await inBareThread(bundle, 'where')) as { here: string; nested: string; execArgv: string[] };
    expect(answer.here).toBe(fixture.href);
    expect(answer.nested).toBe(new URL('../fixtures/worker-bundle/nested/here.ts', import.meta.url).href);
    expect(answer.execArgv).toEqual([]);
  });

  it('are made once per process and named by their content', async () => {
    const first = await workerBundle(fixture);
    expect(await workerBundle(fixture)).toBe(first);
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(readFileSync(first)).digest('hex').slice(0, 16);
    expect(first.href.endsWith(`where-${hash}.mjs`)).toBe(true);
  });

  it('give piscina the bundle and its named export, with no inherited loader flags', async () => {
    const handler = await workerHandler(fixture, 'where', new URL('./unused.mjs', import.meta.url));
    expect(handler.name).toBe('where');
    expect(handler.execArgv).toEqual([]);
    expect(existsSync(fileURLToPath(handler.filename))).toBe(true);
  });

  it('fall back to the tsx entry (its default export) when the module cannot be bundled', async () => {
    const fallback = new URL('../../server/lau-tile-worker-entry.mjs', import.meta.url);
    const reasons: string[] = [];
    const handler = await workerHandler(new URL('../fixtures/worker-bundle/missing.ts', import.meta.url), 'x', fallback, (e) => reasons.push(e.message));
    expect(handler).toEqual({ filename: fallback.href, name: 'default' });
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/missing\.ts/);
  });
});
