// Run the d4i CLI as users do (through tsx), for tests of the command-line contract.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT } from './helpers.ts';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function d4i(...args: string[]): CliResult {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT, 'cli/main.ts'), ...args], {
    cwd: PROJECT,
    encoding: 'utf8',
    timeout: 300_000,
    maxBuffer: 64 << 20,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
