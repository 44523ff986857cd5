// The hand-written MVT encoder against vt-pbf: the same bytes, and @mapbox/vector-tile decodes the same features.
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { beforeAll, describe, expect, it } from 'vitest';
import { featureId, parseFeatureId } from '../../../core/grid/feature-id.ts';
import { encodeGridLayer, encodeGridLayerVtPbf } from '../../../core/mvt/encode.ts';
import { availableFields, selectFields } from '../../../core/mvt/fields.ts';
import { levelAt, loadPack, type GridPack } from '../../../core/pack/pack.ts';
import { sliceTile } from '../../../core/mvt/slice.ts';
import { GridSource } from '../../../core/mvt/grid-source.ts';
import { TileRequestError } from '../../../core/mvt/tile-source.ts';
import { latToTileY, lonToTileX } from '../../../core/mvt/tile-math.ts';
import { buildTinyPack, tempDir } from '../../support/helpers.ts';

function decode(bytes: Uint8Array) {
  const layer = new VectorTile(new PbfReader(bytes)).layers.grid;
  return Array.from({ length: layer.length }, (_, k) => {
    const f = layer.feature(k);
    return { id: f.id, type: f.type, properties: f.properties, geometry: f.loadGeometry().map((ring) => ring.map((p) => [p.x, p.y])) };
  });
}

describe('MVT encoding', () => {
  let pack: GridPack;
  let source: GridSource;
  beforeAll(async () => {
    pack = loadPack(await buildTinyPack(tempDir()));
    source = new GridSource(pack);
  });

  it('writes the same bytes as vt-pbf, which decode to the same features', () => {
    const available = availableFields(pack.columns);
    let tiles = 0;
    for (const z of [6, 9, 11, 12, 13, 14]) {
      const x = Math.floor(lonToTileX(6.17, z));
      const y = Math.floor(latToTileY(51.37, z));
      const level = levelAt(pack, source.resolutionAt(z))!;
      const sliced = sliceTile(level, z, x, y);
      for (const fields of [undefined, 'all', 'T,share_born_abroad,GRD_ID']) {
        const chosen = selectFields(available, fields);
        const ours = encodeGridLayer(level, sliced, chosen)!;
        const reference = encodeGridLayerVtPbf(level, sliced, chosen)!;
        expect(Buffer.from(ours).equals(Buffer.from(reference)), `z${z} ${fields}`).toBe(true);
        const features = decode(ours);
        expect(features).toEqual(decode(reference));
        expect(features.length).toBe(sliced.count);
        tiles++;
      }
    }
    expect(tiles).toBe(18);
  });

  it('carries the default fields, shares only when known, and GRD_ID on request', () => {
    const z = 13;
    const x = Math.floor(lonToTileX(6.17, z));
    const y = Math.floor(latToTileY(51.37, z));
    const defaults = decode(source.getTile(z, x, y)!);
    expect(Object.keys(defaults[0].properties).sort()).toEqual(expect.arrayContaining(['EU_OTH', 'NAT', 'OTH', 'T', 'res']));
    for (const f of defaults) expect(Object.keys(f.properties).every((k) => ['res', 'T', 'NAT', 'EU_OTH', 'OTH', 'conf'].includes(k))).toBe(true);
    const all = decode(source.getTile(z, x, y, { fields: 'all' })!);
    const withShare = all.find((f) => f.properties.share_born_abroad !== undefined)!;
    const p = withShare.properties as Record<string, number>;
    expect(p.share_born_abroad).toBeCloseTo((p.EU_OTH + p.OTH) / (p.NAT + p.EU_OTH + p.OTH), 4);
    expect(String(withShare.properties.GRD_ID)).toMatch(/^CRS3035RES100mN\d+E\d+$/);
    const { res, x: gx, y: gy } = parseFeatureId(withShare.id!);
    expect(withShare.properties.GRD_ID).toBe(`CRS3035RES${res}mN${gy * res}E${gx * res}`);
    // a share that would rest on a confidential value is absent
    for (const f of all) if (f.properties.conf) expect(f.properties.share_born_abroad).toBeUndefined();
  });

  it('packs level and cell into the feature id and back', () => {
    for (const [res, x, y] of [
      [100, 74_000, 54_000],
      [100_000, 74, 54],
      [1000, 0, 0],
    ]) {
      const id = featureId(res, x, y);
      expect(Number.isSafeInteger(id)).toBe(true);
      expect(parseFeatureId(id)).toEqual({ res, x, y });
    }
  });

  it('refuses unknown fields with the list of known ones', () => {
    const available = availableFields(pack.columns);
    expect(() => selectFields(available, 'T,bogus')).toThrow(TileRequestError);
    expect(() => selectFields(available, 'T,bogus')).toThrow(/unknown field "bogus"; available: res, GRD_ID, T/);
    expect(selectFields(available, 'all').length).toBe(available.size);
  });
});
