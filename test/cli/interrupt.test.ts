// Ctrl-C during `d4i generate` and `d4i import` leaves no temp file and the earlier output intact: the
// command removes what it was writing and exits 130.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, watch } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../generate/generate.ts';
import { runImport } from '../../import/import.ts';
import { loadPack } from '../../core/pack/pack.ts';
import { PROJECT, tempDir } from '../support/helpers.ts';

const dir = tempDir();
const temps = () => readdirSync(dir).filter((name) => name.includes('.tmp-'));

/** Runs the CLI, sends SIGINT when `when` resolves, and gives the exit code and stderr. */
function interrupted(args: string[], when: (child: ReturnType<typeof spawn>) => Promise<void>) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT, 'cli/main.ts'), ...args], { cwd: PROJECT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c) => {
    stderr += c;
  });
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
  when(child).then(() => child.kill('SIGINT'));
  return exited;
}

/** Resolves when a temp entry appears in `dir` (fs.watch: within milliseconds of its creation). */
function tempAppears(): Promise<void> {
  return new Promise((resolve) => {
    const watcher = watch(dir, (_event, name) => {
      if (name?.includes('.tmp-')) {
        watcher.close();
        resolve();
      }
    });
  });
}

let ieData: string;
beforeAll(async () => {
  ieData = join(dir, 'ie-data');
  await generate({ preset: 'country:IE', seed: 1, out: ieData });
}, 120_000);

describe('an interrupted command', () => {
  it('generate: removes its temp folder and leaves the earlier output as it was', { timeout: 120_000 }, async () => {
    const out = join(dir, 'gen');
    await generate({ preset: 'tiny', seed: 1, out });
    const before = readFileSync(join(out, 'README.md'), 'utf8');
    // the country takes seconds: interrupt it half a second into writing its temp folder
    const { code, stderr } = await interrupted(['generate', '--preset', 'country:IE', '--out', out], () =>
      tempAppears().then(() => new Promise((r) => setTimeout(r, 500))),
    );
    expect(stderr).toMatch(/interrupted by SIGINT; removed .*\.gen\.tmp-/);
    expect(code).toBe(130);
    expect(temps()).toEqual([]);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toBe(before);
  });

  it('import: a pack half written is never left behind; the pack there is whole', { timeout: 120_000 }, async () => {
    const out = join(dir, 'ie.d4ipack');
    await runImport({ grid: [ieData], lau: join(ieData, 'lau.geojson'), out });
    // SIGINT the moment the temp pack is created, while its bytes are being written
    const { code } = await interrupted(['import', '--grid', ieData, '--lau', join(ieData, 'lau.geojson'), '--out', out], () => tempAppears());
    expect([0, 130]).toContain(code);
    expect(temps()).toEqual([]);
    expect(loadPack(out).levels[0].count).toBeGreaterThan(100_000);
  });
});
