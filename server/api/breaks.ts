// GET /api/breaks: legend classes for an indicator over the cells of a level (or the LAUs), optionally
// inside a box; computed with simple-statistics over the units whose value is known, cached per key.
import type { Request, Response } from 'express';
import { LRUCache } from 'lru-cache';
import { BREAK_METHODS, type BreakMethod } from '../../core/indicators/break-methods.ts';
import { classBreaks, type ClassBreaks } from '../../core/indicators/breaks.ts';
import type { Indicator } from '../../core/indicators/catalogue.ts';
import { cellIndicatorReader } from '../../core/indicators/cell-indicators.ts';
import { resolutionLabel } from '../../core/grid/grid-id.ts';
import { lauCentreInBox } from '../../core/pack/lau-table.ts';
import { GRID_MAX_ZOOM, levelForZoom } from '../../core/grid/levels.ts';
import { levelAt } from '../../core/pack/pack.ts';
import { forEachCellCentreInBox, type LonLatBox } from '../../core/indicators/summary.ts';
import { HttpError } from '../http-error.ts';
import type { ServedData, SourcesState } from '../sources-state.ts';
import { bboxParam, enumParam, intParam, onlyParameters, stringParam } from './params.ts';

/** Level of breaks when neither `level` nor `zoom` is given: the level drawn at this zoom. */
export const DEFAULT_BREAKS_ZOOM = 10;

/** An indicator by id, or a 400 listing the ids there are. */
export function indicatorOf(data: ServedData, id: string | undefined, scope: 'cell' | 'lau') {
  if (!id) throw new HttpError(400, 'parameter "indicator" is required', { available: data.facts.allIndicators.map((i) => i.id) });
  const indicator = data.facts.allIndicators.find((i) => i.id === id);
  if (!indicator) throw new HttpError(400, `unknown indicator "${id}"`, { available: data.facts.allIndicators.map((i) => i.id) });
  if (!indicator.scopes.includes(scope)) throw new HttpError(400, `indicator "${id}" describes ${indicator.scopes.join(' and ')}s, not ${scope}s`);
  return indicator;
}

/** Breaks as /api/breaks answers them: over the cells of level `res` (or the LAUs), optionally inside a box. */
export type LevelBreaks = ClassBreaks & { level: string };

// keyed by data version: a reloaded pack never reuses the old pack's breaks
const cache = new LRUCache<string, LevelBreaks>({ max: 500 });

/** Class breaks of an indicator over the units of a level whose value is known (a cell counts when its centre is in `box`). */
export function indicatorBreaks(
  data: ServedData,
  indicator: Indicator,
  method: BreakMethod,
  classes: number,
  res: number | 'lau',
  box?: LonLatBox,
): LevelBreaks {
  const key = [data.version, indicator.id, method, classes, res, box?.join(',') ?? ''].join('|');
  let result = cache.get(key);
  if (!result) {
    // each value with its residents: nice breaks sit at the quantiles of the people, not of the units
    const values: number[] = [];
    const residents: number[] = [];
    if (res === 'lau') {
      const laus = data.pack.laus;
      const all = data.facts.values.get(indicator.id)!;
      for (let i = 0; i < laus.count; i++) {
        if (Number.isNaN(all[i])) continue;
        if (box && !lauCentreInBox(laus.bbox, i, box)) continue;
        values.push(all[i]);
        residents.push(laus.values.T?.[i] ?? 1);
      }
    } else {
      const level = levelAt(data.pack, res)!;
      const read = cellIndicatorReader(indicator, level, data.pack.countries, data.facts.countries);
      const T = level.values.T;
      const visit = (i: number) => {
        const v = read(i);
        if (v === undefined || !Number.isFinite(v)) return;
        values.push(v);
        residents.push(T ? T[i] : 1);
      };
      if (box) forEachCellCentreInBox(level, box, visit);
      else for (let i = 0; i < level.count; i++) visit(i);
    }
    let sorted: Float64Array;
    let weights: Float64Array | undefined;
    if (method === 'nice') {
      const order = Uint32Array.from(values.keys()).sort((a, b) => values[a] - values[b]);
      sorted = Float64Array.from(order, (k) => values[k]);
      weights = Float64Array.from(order, (k) => residents[k]);
    } else sorted = Float64Array.from(values).sort();
    result = { ...classBreaks(sorted, method, classes, weights), level: res === 'lau' ? 'lau' : resolutionLabel(res) };
    cache.set(key, result);
  }
  return result;
}

export function breaksHandler(state: SourcesState) {
  return (req: Request, response: Response) => {
    onlyParameters(req, ['indicator', 'method', 'classes', 'level', 'zoom', 'bbox']);
    const data = state.current;
    const method = enumParam(req, 'method', BREAK_METHODS, 'nice');
    const classes = intParam(req, 'classes', 3, 9, 5);
    const levelParam = stringParam(req, 'level');
    const zoom = intParam(req, 'zoom', 0, 24);
    if (levelParam !== undefined && zoom !== undefined) throw new HttpError(400, 'give "level" or "zoom", not both');
    const box = bboxParam(req);
    const built = data.pack.levels.map((l) => l.res);
    let res: number | 'lau';
    if (levelParam === 'lau') res = 'lau';
    else if (levelParam !== undefined) {
      res = Number(levelParam);
      if (!built.includes(res)) throw new HttpError(400, `no level of "${levelParam}" m in this pack`, { levels: [...built, 'lau'] });
    } else res = levelForZoom(Math.min(zoom ?? DEFAULT_BREAKS_ZOOM, GRID_MAX_ZOOM), built);
    const indicator = indicatorOf(data, stringParam(req, 'indicator'), res === 'lau' ? 'lau' : 'cell');
    const result = indicatorBreaks(data, indicator, method, classes, res, box);
    response.set('Cache-Control', 'public, max-age=60').json({ indicator: indicator.id, unit: indicator.unit.en, bbox: box ?? null, ...result });
  };
}
