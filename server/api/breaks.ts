// GET /api/breaks: legend classes for an indicator over the cells of a level (or the LAUs), optionally
// inside a box (widened to a coarse grid of degrees, which bounds the keys); computed in a worker thread
// with simple-statistics over the units whose value is known, cached per key.
import type { Request, Response } from 'express';
import { BREAK_METHODS, type BreakMethod } from '../../core/indicators/break-methods.ts';
import type { Indicator } from '../../core/indicators/catalogue.ts';
import { type LevelBreaks, roundBoxOutward } from '../../core/indicators/level-breaks.ts';
import { GRID_MAX_ZOOM, levelForZoom } from '../../core/grid/levels.ts';
import type { LonLatBox } from '../../core/indicators/summary.ts';
import type { HeavyJobs } from '../heavy-jobs.ts';
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

/** Who asks for breaks: the data, the pool, and the request that waits (counted against its caps). */
export interface BreaksRequest {
  jobs: HeavyJobs;
  data: ServedData;
  req: Request;
  res: Response;
}

/** Class breaks of an indicator over the units of a level whose value is known, from the cache or a worker. */
export function indicatorBreaks(
  { jobs, data, req, res: response }: BreaksRequest,
  indicator: Indicator,
  method: BreakMethod,
  classes: number,
  res: number | 'lau',
  box?: LonLatBox,
): Promise<LevelBreaks> {
  return jobs.run<LevelBreaks>(data, { kind: 'breaks', indicator: indicator.id, method, classes, res, box }, req, response);
}

export function breaksHandler(state: SourcesState, jobs: HeavyJobs) {
  return async (req: Request, response: Response) => {
    onlyParameters(req, ['indicator', 'method', 'classes', 'level', 'zoom', 'bbox']);
    const data = state.current;
    const method = enumParam(req, 'method', BREAK_METHODS, 'nice');
    const classes = intParam(req, 'classes', 3, 9, 5);
    const levelParam = stringParam(req, 'level');
    const zoom = intParam(req, 'zoom', 0, 24);
    if (levelParam !== undefined && zoom !== undefined) throw new HttpError(400, 'give "level" or "zoom", not both');
    const asked = bboxParam(req);
    const box = asked && roundBoxOutward(asked);
    const built = data.pack.levels.map((l) => l.res);
    let res: number | 'lau';
    if (levelParam === 'lau') res = 'lau';
    else if (levelParam !== undefined) {
      res = Number(levelParam);
      if (!built.includes(res)) throw new HttpError(400, `no level of "${levelParam}" m in this pack`, { levels: [...built, 'lau'] });
    } else res = levelForZoom(Math.min(zoom ?? DEFAULT_BREAKS_ZOOM, GRID_MAX_ZOOM), built);
    const indicator = indicatorOf(data, stringParam(req, 'indicator'), res === 'lau' ? 'lau' : 'cell');
    const result = await indicatorBreaks({ jobs, data, req, res: response }, indicator, method, classes, res, box);
    // the box the breaks were computed over: the one asked for, widened to a coarse grid of degrees
    response.set('Cache-Control', 'public, max-age=60').json({ indicator: indicator.id, unit: indicator.unit.en, bbox: box ?? null, ...result });
  };
}
