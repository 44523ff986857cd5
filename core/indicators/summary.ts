// Totals inside a lon/lat box, exact to the finest cells (a cell counts when its centre is inside):
// coarse cells wholly inside the box are taken whole from their aggregate level, and only the coarse
// cells the box edge crosses are resolved cell by cell at the finest level.
import { forEachCellInBox, type GridLevel } from '../grid/grid-level.ts';
import type { GridPack } from '../pack/pack.ts';
import { outlineEnvelope } from '../grid/box-outline.ts';
import { laeaToLonLat, lonLatToLaea } from '../grid/projection.ts';

export type LonLatBox = [west: number, south: number, east: number, north: number];

export interface BoxSummary {
  /** resolution of the coarse cells taken whole */
  level: number;
  /** coarse cells taken whole / resolved at the finest level */
  wholeCells: number;
  edgeCells: number;
  values: Record<string, number>;
  unknown: Record<string, number>;
}

/**
 * The part of a box where a pack has cells (its lon/lat bounds grown by `margin` degrees: a coarse cell reaches
 * beyond the fine cells' bounds), or undefined when they do not meet. Cells outside it are not in the pack
 * anyway, and a world-wide box would not project to EPSG:3035.
 */
export function boxWithinPack(pack: Pick<GridPack, 'bounds'>, [w, s, e, n]: LonLatBox, margin = 0.1): LonLatBox | undefined {
  const [pw, ps, pe, pn] = pack.bounds.lonLat;
  const clipped: LonLatBox = [Math.max(w, pw - margin), Math.max(s, ps - margin), Math.min(e, pe + margin), Math.min(n, pn + margin)];
  return clipped[0] <= clipped[2] && clipped[1] <= clipped[3] ? clipped : undefined;
}

/** The EPSG:3035 envelope of a lon/lat box (a box is curved in EPSG:3035). */
export function boxEnvelope3035(box: LonLatBox): [number, number, number, number] {
  return outlineEnvelope(box, 32, (lon, lat, out) => lonLatToLaea(lon, lat, out));
}

/** Calls visit(i) for every cell of the level whose centre lies inside the lon/lat box. */
export function forEachCellCentreInBox(level: GridLevel, box: LonLatBox, visit: (i: number) => void, env = boxEnvelope3035(box)): void {
  const [w, s, e, n] = box;
  const ll = [0, 0];
  const g = (v: number) => Math.floor(v / level.res);
  forEachCellInBox(level, g(env[0]), g(env[1]), g(env[2]), g(env[3]), (i) => {
    laeaToLonLat((level.x[i] + 0.5) * level.res, (level.y[i] + 0.5) * level.res, ll);
    if (ll[0] >= w && ll[0] <= e && ll[1] >= s && ll[1] <= n) visit(i);
  });
}

export function summariseBox(pack: GridPack, asked: LonLatBox): BoxSummary {
  const finest = pack.levels[0];
  const box = boxWithinPack(pack, asked);
  if (!box) {
    const zeros = (columns: Record<string, unknown>) => Object.fromEntries(Object.keys(columns).map((c) => [c, 0]));
    return { level: finest.res, wholeCells: 0, edgeCells: 0, values: zeros(finest.values), unknown: zeros(finest.unknown) };
  }
  const [w, s, e, n] = box;
  const env = boxEnvelope3035(box);
  // the coarse level: about 32 cells across the box, so few cells sit on its edge
  const span = Math.max(env[2] - env[0], env[3] - env[1]);
  const coarse = [...pack.levels].reverse().find((l) => l.res <= span / 32) ?? finest;
  const values: Record<string, number> = Object.fromEntries(Object.keys(finest.values).map((c) => [c, 0]));
  const unknown: Record<string, number> = Object.fromEntries(Object.keys(finest.unknown).map((c) => [c, 0]));
  const add = (level: GridLevel, i: number) => {
    for (const c in values) values[c] += level.values[c][i];
    for (const c in unknown) unknown[c] += level.unknown[c]?.[i] ?? 0;
  };
  if (coarse === finest) {
    forEachCellCentreInBox(finest, box, (i) => add(finest, i), env);
    return { level: finest.res, wholeCells: 0, edgeCells: 0, values, unknown };
  }
  const inside = (lon: number, lat: number) => lon >= w && lon <= e && lat >= s && lat <= n;
  const ll = [0, 0];
  const centreInside = (level: GridLevel, i: number) => {
    laeaToLonLat((level.x[i] + 0.5) * level.res, (level.y[i] + 0.5) * level.res, ll);
    return inside(ll[0], ll[1]);
  };
  // a coarse cell is whole when its outline lies inside the box. The box edges are curved in EPSG:3035
  // and the cell edges straight, so an edge can bulge past the box between corners by up to ~2 m on a
  // 10 km cell: corners clearly inside (by 0.001°, ~100 m) settle it, else the outline is sampled
  // every 500 m (bulge < 2 cm)
  const MARGIN = 1e-3;
  const clearlyInside = (lon: number, lat: number) => lon >= w + MARGIN && lon <= e - MARGIN && lat >= s + MARGIN && lat <= n - MARGIN;
  const wholeInside = (i: number) => {
    const x0 = coarse.x[i] * coarse.res;
    const y0 = coarse.y[i] * coarse.res;
    let clear = true;
    for (const [px, py] of [
      [x0, y0],
      [x0 + coarse.res, y0],
      [x0, y0 + coarse.res],
      [x0 + coarse.res, y0 + coarse.res],
    ]) {
      laeaToLonLat(px, py, ll);
      if (!inside(ll[0], ll[1])) return false;
      clear &&= clearlyInside(ll[0], ll[1]);
    }
    if (clear) return true;
    const samples = Math.ceil(coarse.res / 500);
    for (let k = 1; k < samples; k++) {
      const t = (k / samples) * coarse.res;
      for (const [px, py] of [
        [x0 + t, y0],
        [x0 + t, y0 + coarse.res],
        [x0, y0 + t],
        [x0 + coarse.res, y0 + t],
      ]) {
        laeaToLonLat(px, py, ll);
        if (!inside(ll[0], ll[1])) return false;
      }
    }
    return true;
  };
  let wholeCells = 0;
  let edgeCells = 0;
  const g = (v: number, res: number) => Math.floor(v / res);
  forEachCellInBox(coarse, g(env[0], coarse.res), g(env[1], coarse.res), g(env[2], coarse.res), g(env[3], coarse.res), (i) => {
    if (wholeInside(i)) {
      wholeCells++;
      add(coarse, i);
      return;
    }
    edgeCells++;
    const k = coarse.res / finest.res;
    const fx = coarse.x[i] * k;
    const fy = coarse.y[i] * k;
    forEachCellInBox(finest, fx, fy, fx + k - 1, fy + k - 1, (j) => {
      if (centreInside(finest, j)) add(finest, j);
    });
  });
  return { level: coarse.res, wholeCells, edgeCells, values, unknown };
}
