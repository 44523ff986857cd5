// Processes the benchmarks measure against: started with tsx, ready when they print the URL to open.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Child {
  child: ChildProcess;
  /** base URL without the trailing slash */
  url: string;
}

/** Run a TypeScript entry point (with arguments) in its own node process. */
export function startChild(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (c) => {
      stderr += c;
      const match = /open\s+(http:\/\/\S+)/.exec(stderr);
      if (match) resolve({ child, url: match[1].replace(/\/$/, '') });
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${stderr}`)));
  });
}

/** `d4i serve` on a pack, on any free port, without watching the file. */
export function startServeChild(pack: string, env: NodeJS.ProcessEnv = {}, extraArgs: string[] = []): Promise<Child> {
  const cli = fileURLToPath(new URL('../../cli/main.ts', import.meta.url));
  return startChild([cli, 'serve', '--pack', pack, '--port', '0', '--no-watch', ...extraArgs], { LOG_LEVEL: 'warn', ...env });
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
