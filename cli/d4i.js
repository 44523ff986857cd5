#!/usr/bin/env node
// The package's `d4i` binary (and what `npm run d4i` and `npm start` run): the TypeScript CLI through
// tsx's loader. The server commands run in a child node started with the server's Node flags and
// environment (server/node-flags.ts), which V8 and glibc read only at start; SIGTERM and SIGHUP sent
// here are passed on.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const { hasServerNodeFlags, SERVER_NODE_FLAGS, serverEnv } = await import('../server/node-flags.ts');
const serving = ['serve', 'start'].includes(process.argv[2] ?? '');

if (serving && !hasServerNodeFlags(process.execArgv)) {
  const args = [...SERVER_NODE_FLAGS, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)];
  const child = spawn(process.execPath, args, { stdio: 'inherit', env: serverEnv() });
  // Ctrl-C in a terminal reaches the whole process group, the child included: SIGINT is not passed on
  // (a second one would cut the child's drain short)
  process.on('SIGINT', () => {});
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 1)));
} else {
  await import('./main.ts');
}
