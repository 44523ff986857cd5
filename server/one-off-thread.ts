// A worker thread that runs one TypeScript module once and answers with one message (the pack loader on
// reload, the search index at start): started through ts-worker-entry.mjs, stopped once it has answered.
import { Worker } from 'node:worker_threads';
import { threadLimits } from './node-flags.ts';

/**
 * Run `module` in a new thread given `data` (its `workerData`, with `module` added); resolves with the
 * first message it posts. `what` names it in the error when it exits without one; `unref`: it never keeps
 * a stopping process alive.
 */
export function oneOffThread<T>(module: URL, data: Record<string, unknown>, what: string, { unref = false } = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./ts-worker-entry.mjs', import.meta.url), {
      workerData: { ...data, module: module.href },
      resourceLimits: threadLimits(),
    });
    if (unref) worker.unref();
    worker.once('message', (message: T) => {
      void worker.terminate();
      resolve(message);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the ${what} thread exited with code ${code}`)));
  });
}
