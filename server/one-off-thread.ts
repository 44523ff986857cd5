// A worker thread that runs one TypeScript module once and answers with one message (the pack loader on
// reload, the search index at start): its bundle (worker-bundles.ts), stopped once it has answered.
import { Worker } from 'node:worker_threads';
import { threadLimits } from './node-flags.ts';
import { workerScript } from './worker-bundles.ts';

/**
 * Run `module` in a new thread given `data` (its `workerData`, with `module` added); resolves with the
 * first message it posts. `what` names it in the error when it exits without one; `unref`: it never keeps
 * a stopping process alive.
 */
export async function oneOffThread<T>(module: URL, data: Record<string, unknown>, what: string, { unref = false } = {}): Promise<T> {
  const { file, execArgv } = await workerScript(module);
  return new Promise((resolve, reject) => {
    const worker = new Worker(file, {
      workerData: { ...data, module: module.href },
      resourceLimits: threadLimits(),
      execArgv,
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
