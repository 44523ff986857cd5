// GET /api/search?q=: LAUs and places by name (accent-insensitive, prefix of the name or of a word),
// most populous first; what the widget's `place` attribute resolves through.
import type { Request, Response } from 'express';
import { HttpError } from '../http-error.ts';
import type { SourcesState } from '../sources-state.ts';
import { intParam, onlyParameters, stringParam } from './params.ts';

/** A zoom that frames an entry: from the LAU's box, or from a place's population. */
function zoomFor(entry: { bbox?: [number, number, number, number]; population: number }): number {
  if (entry.bbox) {
    const span = Math.max(entry.bbox[2] - entry.bbox[0], (entry.bbox[3] - entry.bbox[1]) * 1.5, 1e-4);
    return Math.max(4, Math.min(14, Math.round(Math.log2(360 / span)) - 1));
  }
  return entry.population > 1e6 ? 10 : entry.population > 1e5 ? 11 : 12;
}

export function searchHandler(state: SourcesState) {
  return async (req: Request, res: Response) => {
    onlyParameters(req, ['q', 'limit', 'country']);
    const q = stringParam(req, 'q') ?? '';
    if (!q.trim()) throw new HttpError(400, 'parameter "q" is required: the start of a place or LAU name');
    if (q.length > 100) throw new HttpError(400, 'parameter "q" is longer than 100 characters');
    const limit = intParam(req, 'limit', 1, 100, 10);
    const country = stringParam(req, 'country')?.toUpperCase();
    // built in a thread after start: the first searches may wait for it
    const results = (await state.current.search).search(q, limit, country);
    res.set('Cache-Control', 'public, max-age=60').json({
      query: q,
      results: results.map((r) => ({
        kind: r.kind,
        id: r.id ?? null,
        name: r.name,
        country: r.country,
        population: r.population,
        center: [Math.round(r.lon * 1e5) / 1e5, Math.round(r.lat * 1e5) / 1e5],
        bbox: r.bbox ? r.bbox.map((v) => Math.round(v * 1e5) / 1e5) : null,
        zoom: zoomFor(r),
      })),
    });
  };
}
