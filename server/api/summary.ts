// GET /api/summary?bbox=: totals and shares inside a lon/lat box, exact to the finest cells (a cell
// counts when its centre is inside), for the widget's text summary of the view. Computed in a worker
// thread (a box may hold millions of cells), cached per box.
import type { Request, Response } from 'express';
import type { LauFacts } from '../../core/lau/lau-facts.ts';
import { type CountTable, indicatorReader, publishedCountReader, roundIndicator } from '../../core/indicators/readers.ts';
import { type LonLatBox, summariseBox } from '../../core/indicators/summary.ts';
import type { HeavyJobs } from '../heavy-jobs.ts';
import { HttpError } from '../http-error.ts';
import type { SourcesState } from '../sources-state.ts';
import { bboxParam, onlyParameters } from './params.ts';

/** The /api/summary answer for a box. */
export function summaryAnswer(facts: LauFacts, box: LonLatBox): object {
  const started = performance.now();
  const { pack } = facts;
  const summary = summariseBox(pack, box);
  // the box as one unit: shares are ratios of its sums, with the same coverage rule as cells
  const unit: CountTable = {
    count: 1,
    values: Object.fromEntries(Object.entries(summary.values).map(([c, v]) => [c, [v]])),
    unknown: Object.fromEntries(Object.entries(summary.unknown).map(([c, v]) => [c, [v]])),
  };
  const indicators: Record<string, number | null> = {};
  for (const ind of facts.allIndicators) {
    if (ind.kind !== 'share' && ind.kind !== 'count' && ind.kind !== 'diversity') continue;
    indicators[ind.id] = roundIndicator(ind, indicatorReader(ind, unit, { areaKm2: () => NaN })(0)) ?? null;
  }
  return {
    bbox: box,
    version: pack.dataVersion,
    // a count whose every value in the box is confidential is unknown (null), never 0
    values: Object.fromEntries(Object.keys(summary.values).map((c) => [c, publishedCountReader(unit, c)(0) ?? null])),
    confidential: Object.fromEntries(Object.entries(summary.unknown).filter(([, v]) => v > 0)),
    ...indicators,
    method: {
      level: summary.level,
      whole_cells: summary.wholeCells,
      edge_cells: summary.edgeCells,
      ms: Math.round((performance.now() - started) * 10) / 10,
    },
  };
}

export function summaryHandler(state: SourcesState, jobs: HeavyJobs) {
  return async (req: Request, res: Response) => {
    onlyParameters(req, ['bbox']);
    const box = bboxParam(req);
    if (!box) throw new HttpError(400, 'parameter "bbox" is required: west,south,east,north in degrees');
    const body = await jobs.run<object>(state.current, { kind: 'summary', box }, req, res);
    res.set('Cache-Control', 'public, max-age=60').json(body);
  };
}
