import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ensureDefaultPack, packPathFor } from '../../cli/default-data.ts';
import { loadPack } from '../../core/pack/pack.ts';
import { createProgress } from '../../core/progress.ts';
import { tempDir } from '../support/helpers.ts';

describe('the data npm start serves', () => {
  const dir = tempDir();
  const quiet = createProgress({ quiet: true });

  it('is built once, then reused after a look at the pack header only', async () => {
    const pack = await ensureDefaultPack('tiny', 1, quiet, dir);
    expect(pack).toBe(packPathFor('tiny', dir));
    const version = loadPack(pack).dataVersion;
    expect(JSON.parse(readFileSync(`${pack}.json`, 'utf8'))).toEqual({ preset: 'tiny', seed: 1, dataVersion: version });
    const built = statSync(pack).mtimeMs;

    // reused: the body is not read, so even a damaged body (never served: loading refuses it) is kept
    const bytes = readFileSync(pack);
    bytes[bytes.length - 3] ^= 0xff;
    writeFileSync(pack, bytes);
    const damaged = statSync(pack).mtimeMs;
    expect(await ensureDefaultPack('tiny', 1, quiet, dir)).toBe(pack);
    expect(statSync(pack).mtimeMs).toBe(damaged);
    expect(damaged).toBeGreaterThanOrEqual(built);

    // a file that is not a pack is built again
    writeFileSync(pack, 'not a pack');
    await ensureDefaultPack('tiny', 1, quiet, dir);
    expect(loadPack(pack).dataVersion).toBe(version);
    expect(existsSync(`${pack}.json`)).toBe(true);
  }, 60_000);
});
