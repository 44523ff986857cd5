// The indicators a map can colour by, with formula, unit, palette and labels in the seven D4I languages
// (words per language in labels/). Formulas follow D4I-SCHEMA.md: every indicator is a ratio of sums,
// never an average of shares. How to evaluate one is in readers.ts.
import type { ColumnSpec } from '../grid/columns.ts';
import { BASES, BASIS_TOP_GROUPS, CONTINENTS, type Group, groupColumns, shareId, TOP_LEVEL_GROUPS } from '../grid/groups.ts';
import { type IndicatorWords, WORDS } from './labels/index.ts';
import { type Labels, LANGUAGES } from './languages.ts';

export type IndicatorKind = 'share' | 'count' | 'density' | 'location_quotient' | 'diversity' | 'dissimilarity' | 'isolation' | 'theil';
export type IndicatorBasis = 'birth' | 'citizenship' | 'total';
export type Scope = 'cell' | 'lau';

export interface Indicator {
  id: string;
  kind: IndicatorKind;
  basis: IndicatorBasis;
  /** all (every foreign group together), eu, non_eu, a continent (eur afr asi ame oce), or total */
  group: string;
  /** columns summed above the line and, for shares, the known categories below it */
  numerator: string[];
  denominator: string[];
  formula: string;
  unit: Labels;
  /** d3-scale-chromatic scheme for the default style and widget */
  palette: string;
  /** the range a legend should span before data-driven breaks */
  domain: [number, number];
  /** where it can be evaluated: area indices describe a LAU from its cells */
  scopes: Scope[];
  labels: Labels;
}

/** The same label in every language, from each language's words. */
const labelsOf = (make: (words: IndicatorWords) => string): Labels => Object.fromEntries(LANGUAGES.map((l) => [l, make(WORDS[l])])) as Labels;
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Area indices, computed per LAU from its 100 m cells at import (core/lau/lau-indices.ts). */
const AREA_INDICES = [
  { kind: 'dissimilarity', formula: 'D = 1/2 sum_i |m_i/M - n_i/N| over the LAU’s 100 m cells', domain: 0.6 },
  { kind: 'isolation', formula: 'xPx = sum_i (m_i/M)(m_i/t_i) over the LAU’s 100 m cells', domain: 0.5 },
  { kind: 'theil', formula: 'H = sum_i t_i (E - E_i) / (T E), entropy over the basis groups, over the LAU’s 100 m cells', domain: 0.3 },
] as const;

/** Every indicator a pack with these columns supports. */
export function indicatorsFor(columns: ColumnSpec[]): Indicator[] {
  const names = new Set(columns.map((c) => c.name));
  const out: Indicator[] = [];
  const has = (cols: readonly string[]) => cols.every((c) => names.has(c));
  if (names.has('T')) {
    // indicators of all residents: no basis, no confidential categories
    const total = (id: string, kind: IndicatorKind, formula: string, unit: Labels, domain: [number, number], labels: Labels): Indicator => ({
      id,
      kind,
      basis: 'total',
      group: 'total',
      numerator: ['T'],
      denominator: [],
      formula,
      unit,
      palette: 'viridis',
      domain,
      scopes: ['cell', 'lau'],
      labels,
    });
    out.push(
      total(
        'T',
        'count',
        'T_i',
        labelsOf((w) => w.units.persons),
        [0, 1000],
        labelsOf((w) => w.residents),
      ),
      total(
        'density',
        'density',
        'T_i / area_i (km²; a cell is res², a LAU its polygon area)',
        labelsOf((w) => w.units.perKm2),
        [0, 20000],
        labelsOf((w) => w.density),
      ),
    );
  }
  for (const basis of BASES) {
    const top = [...BASIS_TOP_GROUPS[basis]];
    if (!has(top)) continue;
    const continents = CONTINENTS.map((c) => c.toLowerCase() as Group).filter((g) => has(groupColumns(basis, g)));
    for (const group of [...TOP_LEVEL_GROUPS, ...continents]) {
      const numerator = groupColumns(basis, group);
      out.push({
        id: shareId(basis, group),
        kind: 'share',
        basis,
        group,
        numerator,
        denominator: top,
        formula:
          `m_i / t_i with m = ${numerator.join(' + ')}, t = ${top.join(' + ')} (sums ` +
          `of known values; unknown when more than 5% of T have no known category)`,
        unit: labelsOf((w) => w.units.share),
        palette: 'viridis',
        domain: [0, group === 'all' ? 0.5 : 0.25],
        scopes: ['cell', 'lau'],
        labels: labelsOf((w) => w.shareOf(w.groups[basis][group])),
      });
    }
    const foreign = groupColumns(basis, 'all');
    const what = basis === 'birth' ? 'born_abroad' : 'foreign_citizens';
    const ofAllForeign = (title: (w: IndicatorWords) => string) => labelsOf((w) => `${title(w)}: ${w.groups[basis].all}`);
    out.push({
      id: what,
      kind: 'count',
      basis,
      group: 'all',
      numerator: foreign,
      denominator: [],
      formula: `m_i = ${foreign.join(' + ')}`,
      unit: labelsOf((w) => w.units.persons),
      palette: 'viridis',
      domain: [0, 300],
      scopes: ['cell', 'lau'],
      labels: labelsOf((w) => capitalise(w.groups[basis].all)),
    });
    out.push({
      id: `lq_${what}`,
      kind: 'location_quotient',
      basis,
      group: 'all',
      numerator: foreign,
      denominator: top,
      formula: '(m_i / t_i) / (M / T), M and T over the unit’s country',
      unit: labelsOf((w) => w.units.ratio),
      palette: 'PuOr',
      domain: [0, 2],
      scopes: ['cell', 'lau'],
      labels: ofAllForeign((w) => w.locationQuotient),
    });
    out.push({
      id: `diversity_${basis}`,
      kind: 'diversity',
      basis,
      group: 'all',
      numerator: top,
      denominator: top,
      formula: `E_i = -sum_g p_gi ln p_gi / ln G over g in ${top.join(', ')}`,
      unit: labelsOf((w) => w.units.index),
      palette: 'viridis',
      domain: [0, 1],
      scopes: ['cell', 'lau'],
      labels: labelsOf((w) => `${w.diversity}: ${w.basis[basis]}`),
    });
    for (const { kind, formula, domain } of AREA_INDICES) {
      out.push({
        id: `${kind}_${basis}`,
        kind,
        basis,
        group: 'all',
        numerator: kind === 'theil' ? top : foreign,
        denominator: top,
        formula,
        unit: labelsOf((w) => w.units.index),
        palette: 'viridis',
        domain: [0, domain],
        scopes: ['lau'],
        labels: ofAllForeign((w) => w.areaIndex[kind]),
      });
    }
  }
  return out;
}
