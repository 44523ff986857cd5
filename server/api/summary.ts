// GET /api/summary?bbox=: totals and shares inside a lon/lat box, exact to the finest cells (a cell
// counts when its centre is inside), for the widget's text summary of the view.
import type { Request, Response } from 'express';
import { LRUCache } from 'lru-cache';
import { type CountTable, indicatorReader, roundIndicator } from '../../core/indicators/readers.ts';
import { summariseBox } from '../../core/indicators/summary.ts';
import { HttpError } from '../http-error.ts';
import type { SourcesState } from '../sources-state.ts';
import { bboxParam, onlyParameters } from './params.ts';

export function summaryHandler(state: SourcesState) {
  const cache = new LRUCache<string, object>({ max: 2000 });
  return (req: Request, res: Response) => {
    onlyParameters(req, ['bbox']);
    const box = bboxParam(req);
    if (!box) throw new HttpError(400, 'parameter "bbox" is required: west,south,east,north in degrees');
    const data = state.current;
    const key = `${data.version}|${box.join(',')}`;
    let body = cache.get(key);
    if (!body) {
      const started = performance.now();
      const summary = summariseBox(data.pack, box);
      // the box as one unit: shares are ratios of its sums, with the same coverage rule as cells
      const unit: CountTable = {
        count: 1,
        values: Object.fromEntries(Object.entries(summary.values).map(([c, v]) => [c, [v]])),
        unknown: Object.fromEntries(Object.entries(summary.unknown).map(([c, v]) => [c, [v]])),
      };
      const indicators: Record<string, number | null> = {};
      for (const ind of data.facts.allIndicators) {
        if (ind.kind !== 'share' && ind.kind !== 'count' && ind.kind !== 'diversity') continue;
        indicators[ind.id] = roundIndicator(ind, indicatorReader(ind, unit, { areaKm2: () => NaN })(0)) ?? null;
      }
      body = {
        bbox: box,
        version: data.version,
        values: summary.values,
        confidential: Object.fromEntries(Object.entries(summary.unknown).filter(([, v]) => v > 0)),
        ...indicators,
        method: {
          level: summary.level,
          whole_cells: summary.wholeCells,
          edge_cells: summary.edgeCells,
          ms: Math.round((performance.now() - started) * 10) / 10,
        },
      };
      cache.set(key, body);
    }
    res.set('Cache-Control', 'public, max-age=60').json(body);
  };
}
