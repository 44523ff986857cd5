// Legend classes of an indicator over the cells of one level (or over the LAUs), optionally inside a
// lon/lat box: a scan of every unit, so the server runs it in a worker thread and caches the answer.
import { resolutionLabel } from '../grid/grid-id.ts';
import type { LauFacts } from '../lau/lau-facts.ts';
import { lauCentreInBox } from '../pack/lau-table.ts';
import { levelAt } from '../pack/pack.ts';
import type { BreakMethod } from './break-methods.ts';
import { type ClassBreaks, classBreaks } from './breaks.ts';
import type { Indicator } from './catalogue.ts';
import { cellIndicatorReader } from './cell-indicators.ts';
import { boxWithinPack, forEachCellCentreInBox, type LonLatBox } from './summary.ts';

/** Breaks over the units of a level (`res` metres, or 'lau'), with the level's label. */
export type LevelBreaks = ClassBreaks & { level: string };

/** Class breaks of an indicator over the units of a level whose value is known (a cell counts when its centre is in `box`). */
export function levelBreaks(facts: LauFacts, indicator: Indicator, method: BreakMethod, classes: number, res: number | 'lau', box?: LonLatBox): LevelBreaks {
  const { pack } = facts;
  // each value with its residents: nice breaks sit at the quantiles of the people, not of the units
  const values: number[] = [];
  const residents: number[] = [];
  if (res === 'lau') {
    const laus = pack.laus;
    const all = facts.values.get(indicator.id)!;
    for (let i = 0; i < laus.count; i++) {
      if (Number.isNaN(all[i])) continue;
      if (box && !lauCentreInBox(laus.bbox, i, box)) continue;
      values.push(all[i]);
      residents.push(laus.values.T?.[i] ?? 1);
    }
  } else {
    const level = levelAt(pack, res)!;
    const read = cellIndicatorReader(indicator, level, pack.countries, facts.countries, pack);
    const T = level.values.T;
    const visit = (i: number) => {
      const v = read(i);
      if (v === undefined || !Number.isFinite(v)) return;
      values.push(v);
      residents.push(T ? T[i] : 1);
    };
    if (box) {
      const within = boxWithinPack(pack, box);
      if (within) forEachCellCentreInBox(level, within, visit);
    } else for (let i = 0; i < level.count; i++) visit(i);
  }
  let sorted: Float64Array;
  let weights: Float64Array | undefined;
  if (method === 'nice') {
    const order = Uint32Array.from(values.keys()).sort((a, b) => values[a] - values[b]);
    sorted = Float64Array.from(order, (k) => values[k]);
    weights = Float64Array.from(order, (k) => residents[k]);
  } else sorted = Float64Array.from(values).sort();
  return { ...classBreaks(sorted, method, classes, weights), level: res === 'lau' ? 'lau' : resolutionLabel(res) };
}

/**
 * A box widened outward to a grid of power-of-two degrees, about 16 steps across its larger side: views
 * that differ by a pan of a few pixels share one key, so a client cannot make a new scan per digit.
 */
export function roundBoxOutward(box: LonLatBox): LonLatBox {
  const [w, s, e, n] = box;
  const step = 2 ** Math.max(-10, Math.floor(Math.log2(Math.max(e - w, n - s, 1e-9) / 16)));
  const down = (v: number) => Math.floor(v / step) * step;
  const up = (v: number) => Math.ceil(v / step) * step;
  return [Math.max(-180, down(w)), Math.max(-90, down(s)), Math.min(180, up(e)), Math.min(90, up(n))];
}
