// GET /api/cells/{GRD_ID}: one cell at any level (any Eurostat spelling of the id) with its counts,
// confidential counts, indicators, country and, at the finest level, its LAU.
import type { Request, Response } from 'express';
import { cellIndicatorReader } from '../../core/indicators/cell-indicators.ts';
import { displayCountry } from '../../core/grid/countries.ts';
import { findCell, NO_LAU } from '../../core/grid/grid-level.ts';
import { formatGridId, parseGridId, resolutionLabel } from '../../core/grid/grid-id.ts';
import { publishedCountReader, roundIndicator, shareBoundsAt } from '../../core/indicators/readers.ts';
import { cellConfidentialRanges } from '../../core/grid/suppressed-values.ts';
import { levelAt } from '../../core/pack/pack.ts';
import { cellCentreLonLat, cellRingLonLat } from '../../core/grid/projection.ts';
import { HttpError } from '../http-error.ts';
import type { SourcesState } from '../sources-state.ts';
import { onlyParameters } from './params.ts';

export function cellHandler(state: SourcesState) {
  return (req: Request, res: Response) => {
    onlyParameters(req, []);
    const data = state.current;
    const { pack, facts } = data;
    // a malformed id is a GridIdError: the app answers it with a 400
    const cell = parseGridId(String(req.params.id));
    const level = levelAt(pack, cell.res);
    if (!level)
      throw new HttpError(404, `this pack has no ${resolutionLabel(cell.res)} level`, {
        levels: pack.levels.map((l) => formatGridId({ res: l.res, e: 0, n: 0 }).replace(/N0E0$/, '')),
      });
    const i = findCell(level, cell.e / cell.res, cell.n / cell.res);
    if (i < 0) throw new HttpError(404, `no residents in cell ${formatGridId(cell)} (unpopulated cells are not stored)`);
    // a count whose every value beneath is confidential is unknown (null), never 0
    const values: Record<string, number | null> = {};
    for (const column of Object.keys(level.values)) values[column] = publishedCountReader(level, column)(i) ?? null;
    const confidential: Record<string, number> = {};
    for (const [column, array] of Object.entries(level.unknown)) if (array[i]) confidential[column] = array[i];
    const indicators: Record<string, number | null> = {};
    const cellIndicators = facts.allIndicators.filter((ind) => ind.scopes.includes('cell'));
    for (const indicator of cellIndicators) {
      indicators[indicator.id] = roundIndicator(indicator, cellIndicatorReader(indicator, level, pack.countries, facts.countries, pack)(i)) ?? null;
    }
    const lau = level.lau?.[i];
    const ring = cellRingLonLat(cell.res, cell.e, cell.n);
    res.set('Cache-Control', 'public, max-age=60').json({
      id: formatGridId(cell),
      short_id: formatGridId(cell, 'short'),
      res: cell.res,
      country: displayCountry(pack.countries[level.country[i]]),
      lau: lau === undefined || lau === NO_LAU ? null : { id: pack.laus.giscoId[lau], lau_id: pack.laus.id[lau], name: pack.laus.name[lau] },
      center: cellCentreLonLat(cell.res, cell.e, cell.n).map((v) => Math.round(v * 1e6) / 1e6),
      polygon: ring.map(([lon, lat]) => [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6]),
      values,
      confidential,
      ...indicators,
      // shares estimated where values are confidential: the range the published figures allow
      share_bounds: shareBoundsAt(cellIndicators, level, i, cellConfidentialRanges(pack, pack.countries, level.country)),
      version: data.version,
    });
  };
}
