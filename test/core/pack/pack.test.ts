import { countryTotals } from '../../../core/grid/country-totals.ts';
import { countryTotalsOf } from '../../../core/lau/lau-facts.ts';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../core/pack/atomic-write.ts';
import { lauAreasKm2 } from '../../../core/lau/lau-indices.ts';
import { encodeGeometry, lauCoordinates } from '../../../core/pack/lau-table.ts';
import { loadPack, PACK_FORMAT_VERSION, type PackContent, PackError, packFromBytes, readPackVersion, writePack } from '../../../core/pack/pack.ts';
import { buildPyramid } from '../../../core/grid/pyramid.ts';
import { tempDir } from '../../support/helpers.ts';
import { randomLevel, TEST_COLUMNS } from '../../support/synthetic-level.ts';

function content(seed = 1): PackContent {
  const finest = randomLevel(5_000, seed);
  finest.lau = new Uint32Array(finest.count).map((_, i) => (i % 3 === 0 ? 0xffffffff : i % 2));
  const shapes = [
    [
      [
        [
          [4.4, 51.9],
          [4.5, 51.9],
          [4.5, 52.0],
          [4.4, 51.9],
        ],
      ],
    ],
    [
      [
        [
          [4.6, 51.9],
          [4.7, 51.9],
          [4.7, 52.0],
          [4.6, 51.9],
        ],
        [
          [4.62, 51.92],
          [4.65, 51.92],
          [4.65, 51.95],
          [4.62, 51.92],
        ],
      ],
      [
        [
          [5, 52],
          [5.1, 52],
          [5.1, 52.1],
          [5, 52],
        ],
      ],
    ],
  ] as [number, number][][][][];
  const { geometry, bbox } = encodeGeometry(shapes);
  return {
    columns: TEST_COLUMNS,
    countries: ['DE', 'NL'],
    levels: buildPyramid(finest, TEST_COLUMNS),
    laus: {
      count: 2,
      id: ['GM0599', 'GM0363'],
      giscoId: ['NL_GM0599', 'NL_GM0363'],
      name: ['Rotterdam', "'s-Gravenhage"],
      country: ['NL', 'NL'],
      bbox,
      cells: Uint32Array.from([10, 20]),
      values: { T: Float64Array.from([100, 200]) },
      unknown: { OTH: Uint32Array.from([1, 0]) },
      areaKm2: lauAreasKm2(geometry, 2),
      indices: { dissimilarity_birth: Float32Array.from([0.25, NaN]) },
      geometry,
    },
    bounds: { laea: [0, 0, 1, 1], lonLat: [4, 51, 5, 52] },
    source: { inputs: ['test'], attribution: 'test data', synthetic: true },
  };
}

describe('grid pack', () => {
  const dir = tempDir();

  it('round-trips every array, the LAU table and its geometry', () => {
    const path = join(dir, 'a.d4ipack');
    const original = content();
    const { dataVersion, bytes } = writePack(path, original);
    const pack = loadPack(path);
    expect(pack.dataVersion).toBe(dataVersion);
    expect(pack.fileBytes).toBe(bytes);
    expect(pack.levels.map((l) => l.res)).toEqual(original.levels.map((l) => l.res));
    for (const [k, level] of pack.levels.entries()) {
      const source = original.levels[k];
      expect(level.count).toBe(source.count);
      expect(level.x).toEqual(source.x);
      expect(level.y).toEqual(source.y);
      expect(level.country).toEqual(source.country);
      expect(level.blocks).toEqual(source.blocks);
      expect(Object.keys(level.values)).toEqual(Object.keys(source.values));
      for (const name of Object.keys(source.values)) {
        expect(level.values[name]).toEqual(source.values[name]);
        expect(level.values[name].constructor).toBe(source.values[name].constructor);
      }
      expect(level.unknown).toEqual(source.unknown);
    }
    expect(pack.levels[0].lau).toEqual(original.levels[0].lau);
    expect(pack.levels[1].lau).toBeUndefined();
    expect(pack.laus.name).toEqual(['Rotterdam', "'s-Gravenhage"]);
    expect(pack.laus.values.T).toEqual(Float64Array.from([100, 200]));
    expect(pack.laus.unknown.OTH).toEqual(Uint32Array.from([1, 0]));
    expect(pack.laus.areaKm2).toEqual(original.laus.areaKm2);
    expect(pack.laus.areaKm2[0]).toBeGreaterThan(10);
    expect(pack.laus.indices.dissimilarity_birth).toEqual(Float32Array.from([0.25, NaN]));
    expect(Array.from(pack.laus.bbox.subarray(4, 8)).map((v) => +v.toFixed(4))).toEqual([4.6, 51.9, 5.1, 52.1]);
    const rotterdam = lauCoordinates(pack.laus.geometry, 1);
    expect(rotterdam).toHaveLength(2);
    expect(rotterdam[0]).toHaveLength(2); // exterior + hole
    expect(rotterdam[1][0][2][0]).toBeCloseTo(5.1, 5);
  });

  it('keeps the per-country totals of the finest level in its header, as the cells sum them', () => {
    const path = join(dir, 'totals.d4ipack');
    const original = content();
    writePack(path, original);
    const pack = loadPack(path);
    const summed = Object.fromEntries(countryTotals(original.levels[0], original.countries));
    expect(pack.countryTotals).toEqual(summed);
    expect(Object.values(summed).some((t) => Object.values(t.values).some((v) => v > 0))).toBe(true);
    // facts of a pack written before the totals were kept sum the cells instead, to the same figures
    expect(countryTotalsOf({ ...pack, countryTotals: undefined })).toEqual(countryTotalsOf(pack));
  });

  it('loads as views on one buffer: no copies of the columns', () => {
    const path = join(dir, 'views.d4ipack');
    writePack(path, content());
    const pack = loadPack(path);
    const buffer = pack.levels[0].x.buffer;
    for (const level of pack.levels) {
      expect(level.x.buffer).toBe(buffer);
      for (const values of Object.values(level.values)) expect(values.buffer).toBe(buffer);
    }
    expect(pack.laus.geometry.coords.buffer).toBe(buffer);
  });

  it('has a data version that depends on the content only', () => {
    const a = writePack(join(dir, 'v1.d4ipack'), content(1)).dataVersion;
    const b = writePack(join(dir, 'v2.d4ipack'), content(1)).dataVersion;
    const c = writePack(join(dir, 'v3.d4ipack'), content(2)).dataVersion;
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(readFileSync(join(dir, 'v1.d4ipack')).equals(readFileSync(join(dir, 'v2.d4ipack')))).toBe(true);
  });

  it('refuses truncated, corrupt, foreign and future files with a clear message', () => {
    const path = join(dir, 'good.d4ipack');
    writePack(path, content());
    const good = readFileSync(path);
    const load = (bytes: Uint8Array) => () => packFromBytes(new Uint8Array(bytes), 'x.d4ipack');
    expect(load(good.subarray(0, good.length - 100))).toThrow(/x.d4ipack is not a usable grid pack: file is truncated: \d+ bytes of \d+ expected/);
    expect(load(good.subarray(0, 10))).toThrow(/too short for a pack header/);
    const flipped = Buffer.from(good);
    flipped[flipped.length - 5] ^= 0xff;
    expect(load(flipped)).toThrow(/body checksum mismatch/);
    const header = Buffer.from(good);
    header[40] ^= 0x01;
    expect(load(header)).toThrow(/header checksum mismatch/);
    const foreign = Buffer.from(good);
    foreign.write('PK\x03\x04', 0, 'latin1');
    expect(load(foreign)).toThrow(/does not start with the d4i pack signature/);
    const future = Buffer.from(good);
    future.writeUInt32LE(99, 8);
    expect(load(future)).toThrow(/format version 99/);
    expect(load(Buffer.concat([good, Buffer.from('xx')]))).toThrow(/trailing bytes/);
    // a body length that is no length at all (NaN compares false with every size) is refused, not read
    for (const bodyBytes of [Number.NaN, -8, 1.5, Number.POSITIVE_INFINITY]) {
      const odd = Buffer.from(good);
      odd.writeDoubleLE(bodyBytes, 16);
      expect(load(odd), String(bodyBytes)).toThrow(/preamble is corrupt/);
    }
    expect(() => loadPack(join(dir, 'missing.d4ipack'))).toThrow(PackError);
  });

  it('reads the data version from the header alone, with the same checks on what it reads', () => {
    const path = join(dir, 'header.d4ipack');
    const { dataVersion } = writePack(path, content());
    expect(readPackVersion(path)).toEqual({ formatVersion: PACK_FORMAT_VERSION, dataVersion });
    // a corrupt body does not matter to it (it never reads the body; loading does, and refuses it)
    const good = readFileSync(path);
    const body = Buffer.from(good);
    body[body.length - 5] ^= 0xff;
    writeFileSync(path, body);
    expect(readPackVersion(path).dataVersion).toBe(dataVersion);
    expect(() => loadPack(path)).toThrow(/body checksum mismatch/);
    const header = Buffer.from(good);
    header[40] ^= 0x01;
    writeFileSync(path, header);
    expect(() => readPackVersion(path)).toThrow(/header checksum mismatch/);
    writeFileSync(path, good.subarray(0, good.length - 100));
    expect(() => readPackVersion(path)).toThrow(/file is truncated/);
    writeFileSync(path, good.subarray(0, 5));
    expect(() => readPackVersion(path)).toThrow(/too short for a pack header/);
    expect(() => readPackVersion(join(dir, 'missing.d4ipack'))).toThrow(PackError);
  });

  it('never replaces a good file with a half-written one', () => {
    const path = join(dir, 'atomic.bin');
    writeFileSync(path, 'good');
    expect(() =>
      writeFileAtomic(path, function* () {
        yield Buffer.from('partial');
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    expect(readFileSync(path, 'utf8')).toBe('good');
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(existsSync(path)).toBe(true);
  });
});
