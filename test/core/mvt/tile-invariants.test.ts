// Invariants of the grid tiles at every zoom, on the tiny synthetic pack (and country:NL with D4I_SLOW=1):
// summing each count over all features of all tiles, each cell once, gives the pack's totals; every
// feature lies on its true EPSG:3035 square; rings are exterior rings; ids decode to the cell.
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseFeatureId } from '../../../core/grid/feature-id.ts';
import { findCell } from '../../../core/grid/grid-level.ts';
import { GRID_MAX_ZOOM } from '../../../core/grid/levels.ts';
import { levelAt, loadPack, type GridPack } from '../../../core/pack/pack.ts';
import { GridSource } from '../../../core/mvt/grid-source.ts';
import { latToTileY, lonToTileX, TILE_EXTENT, TileProjector } from '../../../core/mvt/tile-math.ts';
import { lonLatToLaea } from '../../../core/grid/projection.ts';
import { sliceTile } from '../../../core/mvt/slice.ts';
import { buildTinyPack, tempDir } from '../../support/helpers.ts';
import { levelAt3035Points } from '../../support/synthetic-level.ts';

/** Distance in metres from a point to an axis-aligned square (0 inside). */
function distanceToSquare(e: number, n: number, e0: number, n0: number, size: number): number {
  const dx = Math.max(e0 - e, 0, e - (e0 + size));
  const dy = Math.max(n0 - n, 0, n - (n0 + size));
  return Math.hypot(dx, dy);
}

function checkZoom(pack: GridPack, source: GridSource, z: number) {
  const [w, s, e, n] = pack.bounds.lonLat;
  const x0 = Math.floor(lonToTileX(w, z));
  const x1 = Math.floor(lonToTileX(e, z));
  const y0 = Math.floor(latToTileY(n, z));
  const y1 = Math.floor(latToTileY(s, z));
  const level = levelAt(pack, source.resolutionAt(z))!;
  const seen = new Map<number, Record<string, number>>();
  let worstMetres = 0;
  let badRings = 0;
  let badIds = 0;
  for (let x = x0; x <= x1; x++) {
    for (let y = y0; y <= y1; y++) {
      const bytes = source.getTile(z, x, y, { fields: 'all' });
      if (!bytes) continue;
      const layer = new VectorTile(new PbfReader(bytes)).layers.grid;
      const projector = new TileProjector(z, x, y, layer.extent);
      for (let k = 0; k < layer.length; k++) {
        const feature = layer.feature(k);
        const id = feature.id!;
        const { res, x: gx, y: gy } = parseFeatureId(id);
        if (res !== level.res || findCell(level, gx, gy) < 0) badIds++;
        if (!seen.has(id)) seen.set(id, feature.properties as Record<string, number>);
        for (const ring of feature.loadGeometry()) {
          let area = 0;
          for (let p = 0; p < ring.length - 1; p++) area += ring[p].x * ring[p + 1].y - ring[p + 1].x * ring[p].y;
          if (area <= 0) badRings++;
          for (const point of ring) {
            const [pe, pn] = projector.unproject(point.x, point.y);
            // one tile unit here, in metres
            const [qe, qn] = projector.unproject(point.x + 1, point.y + 1);
            const unit = Math.max(Math.abs(qe - pe), Math.abs(qn - pn));
            worstMetres = Math.max(worstMetres, distanceToSquare(pe, pn, gx * res, gy * res, res) - unit);
          }
        }
      }
    }
  }
  const totals: Record<string, number> = {};
  for (const props of seen.values()) for (const c of pack.columns) totals[c.name] = (totals[c.name] ?? 0) + ((props[c.name] as number) ?? 0);
  return { cells: seen.size, level, totals, worstMetres, badRings, badIds };
}

function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

function invariantSuite(name: string, makePack: (dir: string) => Promise<string>, zooms: number[]) {
  describe(name, () => {
    let pack: GridPack;
    let source: GridSource;
    beforeAll(async () => {
      pack = loadPack(await makePack(tempDir()));
      source = new GridSource(pack);
    }, 600_000);

    for (const z of zooms) {
      it(`zoom ${z}: every cell once, totals equal the pack, geometry on its square`, { timeout: 300_000 }, () => {
        const { cells, level, totals, worstMetres, badRings, badIds } = checkZoom(pack, source, z);
        expect(cells).toBe(level.count);
        for (const c of pack.columns) expect(totals[c.name], c.name).toBeCloseTo(sum(level.values[c.name]), 6);
        expect(totals.T).toBe(sum(pack.levels[0].values.T));
        expect(worstMetres).toBeLessThanOrEqual(1);
        expect(badRings).toBe(0);
        expect(badIds).toBe(0);
      });
    }
  });
}

const allZooms = Array.from({ length: GRID_MAX_ZOOM + 1 }, (_, z) => z);
invariantSuite('grid tiles of the tiny preset', (dir) => buildTinyPack(dir), allZooms);

describe.skipIf(!process.env.D4I_SLOW)('grid tiles of country:NL (D4I_SLOW=1)', () => {
  invariantSuite(
    'country:NL',
    async (dir) => {
      const { generate } = await import('../../../generate/generate.ts');
      const { runImport } = await import('../../../import/import.ts');
      const out = `${dir}/nl`;
      await generate({ preset: 'country:NL', seed: 1, out });
      await runImport({ grid: [out], lau: `${out}/lau.geojson`, out: `${dir}/nl.d4ipack` });
      return `${dir}/nl.d4ipack`;
    },
    allZooms,
  );
});

expect(TILE_EXTENT).toBe(4096);

describe('low-zoom tiles hold every cell of Europe, however far west or south', () => {
  // 100 km cells where the EPSG:3035 envelope of a whole-world tile's outline used to end short
  const places: [string, number, number][] = [
    ['Azores', -31.2, 39.45],
    ['Madeira', -17.0, 32.75],
    ['Canaries', -18.0, 27.7],
    ['Lisbon coast', -9.45, 38.75],
    ['Cyprus', 33.5, 35.0],
    ['Lapland', 27.0, 69.5],
    ['Iceland', -21.9, 64.1],
    ['Berlin', 13.4, 52.5],
  ];
  const level = levelAt3035Points(
    places.map(([, lon, lat]) => lonLatToLaea(lon, lat) as [number, number]),
    100_000,
  );
  for (const z of [0, 1, 2, 3, 4]) {
    it(`z${z}: the tiles of the zoom hold every cell, and their residents sum to the total`, () => {
      const found = new Set<number>();
      for (let x = 0; x < 2 ** z; x++) for (let y = 0; y < 2 ** z; y++) for (const i of sliceTile(level, z, x, y).cells) found.add(i);
      const at = new Set([...found].map((i) => `${level.x[i]},${level.y[i]}`));
      const missing = places.filter(([, lon, lat]) => {
        const [e, n] = lonLatToLaea(lon, lat);
        return !at.has(`${Math.floor(e / level.res)},${Math.floor(n / level.res)}`);
      });
      expect(missing.map(([name]) => name)).toEqual([]);
      expect([...found].reduce((sum, i) => sum + level.values.T[i], 0)).toBe(1000 * places.length);
    });
  }
});
