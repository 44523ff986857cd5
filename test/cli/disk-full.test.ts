// A full disk while writing a pack: one line naming the path and the reason, exit 1, nothing left behind.
// Needs a small tmpfs (mount, as root); skipped with a message where mounting is not allowed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { d4i } from '../support/cli-run.ts';
import { buildTinyPack, tempDir } from '../support/helpers.ts';

const mountPoint = mkdtempSync(join(tmpdir(), 'd4i-full-'));
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint]).status === 0;
if (!mounted) console.log(`cannot mount a 64 KB tmpfs at ${mountPoint} (needs root): disk-full test skipped`);
afterAll(() => {
  if (mounted) spawnSync('umount', [mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

let data: string;
beforeAll(async () => {
  if (!mounted) return;
  const dir = tempDir();
  await buildTinyPack(dir, 1);
  data = join(dir, 'tiny-1');
}, 60_000);

describe.skipIf(!mounted)('a full disk', () => {
  it('d4i import says so in one line with the path, exits 1 and leaves no temp file', () => {
    const out = join(mountPoint, 'tiny.d4ipack');
    const result = d4i('import', '--grid', data, '--lau', join(data, 'lau.geojson'), '--out', out);
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines.at(-1)).toBe(`cannot write ${out}: no space left on the device (ENOSPC)`);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(readdirSync(mountPoint)).toEqual([]);
  });
});
