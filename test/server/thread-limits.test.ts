// The server's Node flags give the main thread a young generation of 8-16 MB; V8 applies them to every
// isolate, so each worker thread took 64 MB of young generation (170-240 MB more RSS after bench api's sweep
// of the europe pack) until the flags were unset once the main isolate had them. This runs a process with
// the flags, as d4i serve does.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from '../../server/node-flags.ts';

const script = `
import { Worker } from 'node:worker_threads';
import { getHeapSpaceStatistics } from 'node:v8';
import { keepSemiSpaceFlagToMainThread, threadLimits } from './server/node-flags.ts';
const newSpace = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1e6;
const churn = 'let a = []; for (let i = 0; i < 3e6; i++) { a.push({ i }); if (a.length > 1e5) a = []; }';
const atStart = newSpace();
eval(churn);
const main = newSpace();
keepSemiSpaceFlagToMainThread();
const code = churn + "process.getBuiltinModule('node:worker_threads').parentPort.postMessage(process.getBuiltinModule('node:v8').getHeapSpaceStatistics()" +
  ".find((s) => s.space_name === 'new_space').space_size / 1e6)";
const inThread = (resourceLimits) => new Promise((resolve) => {
  const worker = new Worker(code, { eval: true, resourceLimits });
  worker.once('message', (size) => { resolve(size); worker.terminate(); });
});
const thread = await inThread(threadLimits());
console.log(JSON.stringify({ atStart, main, thread, after: newSpace() }));
`;

describe('worker threads under the server flags', () => {
  it('keep their own young generation while the main thread keeps the flag', () => {
    const out = execFileSync(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    const { atStart, main, thread, after } = JSON.parse(out);
    // the floor (--min-semi-space-size): 8 MB from the start, and what an idle spell shrinks it to at most
    // (without it: 1 MB, which a tile server's load, whose objects hardly survive, does not grow again)
    expect(atStart).toBeGreaterThanOrEqual(8);
    expect(main).toBeGreaterThanOrEqual(16); // 2 x 8 MB semi-spaces once grown
    expect(after).toBe(main);
    expect(thread).toBeLessThanOrEqual(24);
  });
});
