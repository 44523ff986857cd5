import { describe, expect, it } from 'vitest';
import { cellRingLonLat, laeaToLonLat, lonLatToLaea, lonLatToWebMercator, proj4LaeaToLonLat, proj4LonLatToLaea } from '../../../core/grid/projection.ts';
import { MAX_INTERPOLATION_ERROR } from '../../../core/mvt/slice.ts';
import { latToTileY, lonToTileX, NodeGridProjector, tileBox3035, TileProjector } from '../../../core/mvt/tile-math.ts';
import { seeded } from '../../support/synthetic-level.ts';

/** Distance in metres between two lon/lat points (small distances; spherical is plenty). */
function metresBetween(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const [lon1, lat1, lon2, lat2] = [a[0], a[1], b[0], b[1]];
  const r = 6371008.8;
  const rad = Math.PI / 180;
  const dx = (lon2 - lon1) * rad * Math.cos(((lat1 + lat2) / 2) * rad) * r;
  const dy = (lat2 - lat1) * rad * r;
  return Math.hypot(dx, dy);
}

describe('EPSG:3035 closed form against proj4', () => {
  // the EPSG:3035 area of use, from the Canaries to the North Cape and the Urals
  const samples: [number, number][] = [];
  for (let e = 1_000_000; e <= 7_400_000; e += 160_000) for (let n = 800_000; n <= 5_600_000; n += 160_000) samples.push([e, n]);

  it('inverse agrees to < 1 cm everywhere in the area of use', () => {
    let worst = 0;
    for (const [e, n] of samples) worst = Math.max(worst, metresBetween(laeaToLonLat(e, n), proj4LaeaToLonLat(e, n)));
    expect(worst).toBeLessThan(0.01);
  });

  it('forward agrees to < 1 cm and round-trips', () => {
    let worst = 0;
    let roundTrip = 0;
    for (const [e, n] of samples) {
      const [lon, lat] = proj4LaeaToLonLat(e, n);
      const ours = lonLatToLaea(lon, lat);
      const ref = proj4LonLatToLaea(lon, lat);
      worst = Math.max(worst, Math.hypot(ours[0] - ref[0], ours[1] - ref[1]));
      const back = lonLatToLaea(...(laeaToLonLat(e, n) as [number, number]));
      roundTrip = Math.max(roundTrip, Math.hypot(back[0] - e, back[1] - n));
    }
    expect(worst).toBeLessThan(0.01);
    expect(roundTrip).toBeLessThan(0.005);
  });

  it('knows the projection centre and a landmark', () => {
    const centre = laeaToLonLat(4321000, 3210000);
    expect(centre[0]).toBeCloseTo(10, 9);
    expect(centre[1]).toBeCloseTo(52, 9);
    // the worked example of EPSG Guidance Note 7-2 for EPSG:3035: 50 N, 5 E
    const [e, n] = lonLatToLaea(5, 50);
    expect(e).toBeCloseTo(3962799.45, 2);
    expect(n).toBeCloseTo(2999718.85, 2);
  });

  it('makes closed cell rings whose corners are the projected square', () => {
    const ring = cellRingLonLat(100, 4334000, 2684000);
    expect(ring).toHaveLength(5);
    expect(ring[0]).toEqual(ring[4]);
    expect(metresBetween(ring[2], proj4LaeaToLonLat(4334100, 2684100))).toBeLessThan(0.01);
    const dense = cellRingLonLat(100_000, 4300000, 2600000, 8);
    expect(dense).toHaveLength(33);
  });

  it('projects to Web Mercator', () => {
    const [x, y] = lonLatToWebMercator(0, 0);
    expect(x).toBeCloseTo(0, 6);
    expect(y).toBeCloseTo(0, 6);
    expect(lonLatToWebMercator(180, 0)[0]).toBeCloseTo(20037508.34, 1);
  });
});

describe('node-grid projector (interpolated cell corners)', () => {
  it('stays within MAX_INTERPOLATION_ERROR of the exact projection wherever slicing uses it', () => {
    const random = seeded(5);
    for (const [z, lon, lat] of [
      [7, -8, 40],
      [9, 2.3, 48.9],
      [11, 12.5, 41.9],
      [13, 4.48, 51.92],
      [14, -6.26, 53.35],
    ]) {
      const x = Math.floor(lonToTileX(lon, z));
      const y = Math.floor(latToTileY(lat, z));
      const [minE, minN, maxE, maxN] = tileBox3035(z, x, y);
      const exact = new TileProjector(z, x, y);
      const grid = new NodeGridProjector(exact, minE, minN, Math.max(maxE - minE, maxN - minN), 16);
      if (grid.maxError > MAX_INTERPOLATION_ERROR) continue; // slicing would project exactly
      const a = [0, 0];
      const b = [0, 0];
      let worst = 0;
      for (let k = 0; k < 2000; k++) {
        const e = minE + random() * (maxE - minE);
        const n = minN + random() * (maxN - minN);
        exact.project(e, n, a);
        grid.project(e, n, b);
        worst = Math.max(worst, Math.hypot(a[0] - b[0], a[1] - b[1]));
      }
      expect(worst, `z${z}`).toBeLessThanOrEqual(MAX_INTERPOLATION_ERROR);
      expect(worst, `z${z}`).toBeLessThanOrEqual(grid.maxError * 1.5 + 1e-9);
    }
  });
});
