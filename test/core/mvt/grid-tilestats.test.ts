// The grid's tilestats: each numeric field's range over the finest and coarsest level, scanned once per
// field (never once per field list a client asks for), and the ranges a worker computed are used as given.
import { beforeAll, describe, expect, it } from 'vitest';
import { availableFields } from '../../../core/mvt/fields.ts';
import { GridSource } from '../../../core/mvt/grid-source.ts';
import { type GridPack, loadPack } from '../../../core/pack/pack.ts';
import { buildTinyPack, tempDir } from '../../support/helpers.ts';

let pack: GridPack;
beforeAll(async () => {
  pack = loadPack(await buildTinyPack(tempDir()));
}, 60_000);

const rangeOf = (source: GridSource, fields: string, name: string) =>
  (
    source.tileJson('http://x/tiles/grid', { fields }).tilestats as { layers: { attributes: { attribute: string; min?: number; max?: number }[] }[] }
  ).layers[0].attributes.find((a) => a.attribute === name);

describe('grid tilestats', () => {
  it('gives each field the same range in any field list, equal to a scan of the two levels', () => {
    const source = new GridSource(pack);
    const T = [pack.levels[0], pack.levels.at(-1)!].flatMap((l) => Array.from(l.values.T));
    expect(rangeOf(source, 'T', 'T')).toMatchObject({ min: Math.min(...T), max: Math.max(...T) });
    expect(rangeOf(source, 'T,NAT', 'T')).toEqual(rangeOf(source, 'all', 'T'));
    expect(source.attributeRanges().T).toEqual([Math.min(...T), Math.max(...T)]);
  });

  it('scans a share with its bounds in one pass, to the same ranges as a scan of each field alone', () => {
    const source = new GridSource(pack);
    const ranges = source.attributeRanges();
    const fields = availableFields(pack.columns, pack);
    const together = [...fields.values()].filter((f) => f.together);
    expect(together.map((f) => f.name)).toEqual(expect.arrayContaining(['share_born_abroad', 'share_born_abroad_lo', 'share_born_abroad_hi']));
    for (const field of together) {
      let [min, max] = [Infinity, -Infinity];
      for (const level of [pack.levels[0], pack.levels.at(-1)!]) {
        const read = field.reader(level);
        for (let i = 0; i < level.count; i++) {
          const v = read(i);
          if (typeof v === 'number') [min, max] = [Math.min(min, v), Math.max(max, v)];
        }
      }
      expect(ranges[field.name], field.name).toEqual(Number.isFinite(min) ? [min, max] : null);
    }
  });

  it('uses the ranges it is given instead of scanning', () => {
    const source = new GridSource(pack);
    const given = Object.fromEntries(Object.keys(new GridSource(pack).attributeRanges()).map((name) => [name, [-1, 1] as [number, number]]));
    source.useAttributeRanges(given);
    expect(rangeOf(source, 'all', 'NAT')).toMatchObject({ min: -1, max: 1 });
    expect(rangeOf(source, 'T,NAT', 'T')).toMatchObject({ min: -1, max: 1 });
  });
});
