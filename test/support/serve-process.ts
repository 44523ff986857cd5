// `d4i serve` as a child process for tests: started with arguments, resolved once it prints its URL,
// killed at the end of the file if a failed assertion left it running.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { PROJECT } from './helpers.ts';

const started: ChildProcess[] = [];
afterAll(() => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
});

export interface ServeProcess {
  child: ChildProcess;
  /** the printed URL without its trailing slash */
  url: string;
  /** everything printed so far (pino's JSON lines go to stdout) */
  output: { stdout: string; stderr: string };
  /** resolves with the exit code */
  exited: Promise<number | null>;
}

/**
 * Start `d4i serve` with these arguments; resolves when it prints the URL to open. `binary`: through the
 * package's d4i binary (which starts the server in a child node with the server's Node flags).
 */
export async function spawnServe(args: string[], env: Record<string, string> = {}, binary = false): Promise<ServeProcess> {
  const command = binary ? [join(PROJECT, 'cli/d4i.js')] : ['--import', 'tsx', join(PROJECT, 'cli/main.ts')];
  const child = spawn(process.execPath, [...command, 'serve', ...args], {
    cwd: PROJECT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
  });
  started.push(child);
  const output = { stdout: '', stderr: '' };
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  child.stdout!.on('data', (c) => (output.stdout += c));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (c) => {
      output.stderr += c;
      const match = /open\s+(http:\/\/\S+)/.exec(output.stderr);
      if (match) resolve(match[1].replace(/\/$/, ''));
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${output.stderr}`)));
  });
  return { child, url, output, exited };
}

export interface LogLine {
  msg: string;
  level: number;
  req?: { method: string; url: string };
  res?: { statusCode: number };
  [key: string]: unknown;
}

/** The JSON log lines a server printed. */
export function logLines(output: { stdout: string }): LogLine[] {
  return output.stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
}
