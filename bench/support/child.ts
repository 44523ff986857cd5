// Processes the benchmarks measure against: started with tsx, ready when they print the URL to open.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pinnedCommand } from './cpus.ts';
import { SERVER_NODE_FLAGS, serverEnv } from '../../server/node-flags.ts';
import { PREBUILT_MAX_ZOOM } from '../../server/prebuilt-tiles.ts';

export interface Child {
  child: ChildProcess;
  /** base URL without the trailing slash */
  url: string;
}

/** Run a TypeScript entry point (with arguments) in its own node process, on `cpus` (a taskset list) if given. */
export function startChild(args: string[], env: NodeJS.ProcessEnv = {}, cpus?: string, nodeFlags: string[] = []): Promise<Child> {
  return new Promise((resolve, reject) => {
    const [command, argv] = pinnedCommand(cpus, process.execPath, [...nodeFlags, '--import', 'tsx', ...args]);
    const child = spawn(command, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (c) => {
      stderr += c;
      const match = /open\s+(http:\/\/\S+)/.exec(stderr);
      if (match) resolve({ child, url: match[1].replace(/\/$/, '') });
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${stderr}`)));
  });
}

/** `d4i serve` on a pack, on any free port, without watching the file, with the Node flags the d4i binary gives it. */
export function startServeChild(pack: string, env: NodeJS.ProcessEnv = {}, extraArgs: string[] = [], cpus?: string): Promise<Child> {
  const cli = fileURLToPath(new URL('../../cli/main.ts', import.meta.url));
  return startChild(
    [cli, 'serve', '--pack', pack, '--port', '0', '--no-watch', ...extraArgs],
    // from this process's environment too: a MALLOC_ARENA_MAX set for an A/B run must reach the server
    serverEnv({ ...process.env, LOG_LEVEL: 'warn', ...env }),
    cpus,
    SERVER_NODE_FLAGS,
  );
}

/** SIGTERM, resolved once the process has exited (its port and cores free for the next measurement). */
export function stopChild({ child }: Child): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** A gauge or counter without labels from the server's /metrics (NaN if absent). */
export async function metricValue(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
}

/**
 * Resolves once a server's start-up threads are done: the low zooms are prebuilt in a thread after start,
 * and while they are, that thread takes CPU from what is measured. `processes`: its cluster workers (a
 * cluster's /metrics sums their gauges). Returns the seconds it waited.
 */
export async function untilStartedUp(url: string, processes = 1): Promise<number> {
  const started = performance.now();
  while ((await metricValue(url, 'd4i_tile_prebuilt_zooms')) < processes * (PREBUILT_MAX_ZOOM + 1)) await new Promise((r) => setTimeout(r, 100));
  return (performance.now() - started) / 1000;
}

/** Resident memory of a process in MB (Linux). */
export function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}
