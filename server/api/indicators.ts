// GET /api/indicators: what the map can show, with formula, unit, palette and labels in seven languages.
import type { Request, Response } from 'express';
import { LANGUAGES } from '../../core/indicators/languages.ts';
import type { SourcesState } from '../sources-state.ts';
import { enumParam, onlyParameters } from './params.ts';

export function indicatorsHandler(state: SourcesState) {
  return (req: Request, res: Response) => {
    onlyParameters(req, ['lang']);
    const lang = enumParam(req, 'lang', [...LANGUAGES], 'en');
    const { facts, version } = state.current;
    const all = facts.allIndicators;
    res.set('Cache-Control', 'public, max-age=60').json({
      version,
      languages: LANGUAGES,
      indicators: all.map((ind) => ({
        id: ind.id,
        kind: ind.kind,
        basis: ind.basis,
        group: ind.group,
        label: ind.labels[lang],
        unit_label: ind.unit[lang],
        formula: ind.formula,
        numerator: ind.numerator,
        denominator: ind.denominator,
        palette: ind.palette,
        domain: ind.domain,
        scopes: ind.scopes,
        labels: ind.labels,
        unit: ind.unit,
      })),
    });
  };
}
