import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACK_FORMAT_VERSION } from '../../core/pack/pack.ts';
import { describe, expect, it } from 'vitest';
import { d4i } from '../support/cli-run.ts';
import { cellId, GRID_HEADER, tempDir, writeCsv } from '../support/helpers.ts';

describe('d4i command line', () => {
  const dir = tempDir();

  it('lists its commands, and every command has --help with an example', () => {
    const top = d4i('--help');
    expect(top.status).toBe(0);
    for (const command of ['import', 'inspect', 'bench']) expect(top.stdout).toContain(command);
    for (const command of [['import'], ['inspect'], ['bench'], ['bench', 'import'], ['bench', 'csv']]) {
      const help = d4i(...command, '--help');
      expect(help.status, command.join(' ')).toBe(0);
      expect(help.stdout, command.join(' ')).toMatch(/Examples:\n {2}\$ npm run d4i -- /);
    }
  });

  it('imports, then inspects as text and as JSON', () => {
    const grid = writeCsv(dir, 'g.csv', GRID_HEADER, [
      [cellId(0, 0), 'PT', 12, 10, 1, 1],
      [cellId(1, 0), 'PT', 8, 8, 0, 0],
    ]);
    const pack = join(dir, 'g.d4ipack');
    const imported = d4i('import', '--grid', grid, '--out', pack);
    expect(imported.status).toBe(0);
    expect(imported.stdout).toMatch(/cells\s+2 at 100 m/);
    expect(imported.stdout).toMatch(/total T\s+20/);
    const text = d4i('inspect', pack);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/data version\s+[0-9a-f]{16}/);
    const json = JSON.parse(d4i('inspect', pack, '--json').stdout);
    expect(json.formatVersion).toBe(PACK_FORMAT_VERSION);
    expect(json.countries).toEqual({ PT: 2 });
    expect(json.levels).toHaveLength(10);
    expect(json.levels.every((l: { totals: { T: number } }) => l.totals.T === 20)).toBe(true);
    expect(json.fileBytes).toBeGreaterThan(0);
    expect(json.bounds.laea).toEqual([3900000, 3100000, 3900200, 3100100]);
  });

  it('fails with a message and exit code 1 on bad input', () => {
    const grid = writeCsv(dir, 'bad.csv', GRID_HEADER, [['nonsense', 'PT', 1, 1, 0, 0]]);
    const failed = d4i('import', '--grid', grid, '--out', join(dir, 'bad.d4ipack'));
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/bad\.csv:2: GRD_ID "nonsense" is not an EPSG:3035 grid id/);
    expect(failed.stderr).toMatch(/no pack written/);
    const json = d4i('import', '--grid', grid, '--out', join(dir, 'bad.d4ipack'), '--json');
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout).report.errors).toEqual({ 'bad id': 1 });

    writeFileSync(join(dir, 'junk.d4ipack'), 'not a pack at all, just text');
    const corrupt = d4i('inspect', join(dir, 'junk.d4ipack'));
    expect(corrupt.status).toBe(1);
    expect(corrupt.stderr).toMatch(/junk\.d4ipack is not a usable grid pack: it does not start with the d4i pack signature/);
    expect(corrupt.stderr).not.toMatch(/at .*\.ts:\d+/); // a message, not a stack trace

    const missing = d4i('import', '--out', 'x.d4ipack');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/required option '--grid <files...>' not specified/);
  });
});
