// Tiles to measure: tiles under populated cells, drawn by cell so dense areas weigh more, the same for
// every benchmark (and every server) given the seed.
import { laeaToLonLat } from '../../core/grid/projection.ts';
import { latToTileY, lonToTileX } from '../../core/mvt/tile-math.ts';
import type { GridPack } from '../../core/pack/pack.ts';
import { Random } from '../../generate/random.ts';

/** Up to `count` distinct tiles of zoom z under populated cells, drawn by cell (dense areas weigh more). */
export function sampleTiles(pack: GridPack, z: number, count: number, seed = 7): [number, number, number][] {
  const level = pack.levels[0];
  const random = new Random(seed, z);
  const tiles = new Map<string, [number, number, number]>();
  for (let attempt = 0; attempt < count * 20 && tiles.size < count; attempt++) {
    const i = Math.floor(random.next() * level.count);
    const [lon, lat] = laeaToLonLat((level.x[i] + 0.5) * level.res, (level.y[i] + 0.5) * level.res);
    const x = Math.floor(lonToTileX(lon, z));
    const y = Math.floor(latToTileY(lat, z));
    tiles.set(`${z}/${x}/${y}`, [z, x, y]);
  }
  return [...tiles.values()];
}
