// The MapLibre style of the widget and of /styles/default.json: this server's basemap, the grid coloured
// by an indicator in classes, LAU outlines and the small-town highlight. Everything from the one server.
import { LAU_DETAIL_MINZOOM } from '../grid/levels.ts';
import { NO_DATA_COLOUR } from './palettes.ts';
import { shareOf, shareUnknown } from './expressions.ts';
import { BASIS_TOP_GROUPS, CONFIDENTIAL_FIELD, type GroupBasis } from '../grid/groups.ts';

/** What the widget needs to know of an indicator (a row of /api/indicators). */
export interface IndicatorInfo {
  id: string;
  kind: string;
  basis: 'birth' | 'citizenship' | 'total';
  group: string;
  numerator: string[];
  denominator: string[];
  labels: Record<string, string>;
  unit: Record<string, string>;
  scopes: string[];
}

/** Kinds the grid can be coloured by from tile properties alone. */
export const GRID_KINDS = ['share', 'count', 'density'];

/** The tile fields an indicator's expression reads. */
export function fieldsFor(indicator: IndicatorInfo): string[] {
  const basis = indicator.basis === 'total' ? [] : [...BASIS_TOP_GROUPS[indicator.basis], CONFIDENTIAL_FIELD[indicator.basis]];
  return [...new Set(['res', 'T', ...indicator.numerator, ...indicator.denominator, ...basis])];
}

/** MapLibre expression of the indicator's value for a grid feature. */
export function valueExpression(indicator: IndicatorInfo): unknown[] {
  if (indicator.kind === 'density') return ['/', ['get', 'T'], ['^', ['/', ['get', 'res'], 1000], 2]];
  if (indicator.kind === 'count') return ['+', ...indicator.numerator.map((c) => ['get', c])];
  // a share is always of a basis: the indicators of all residents are a count and a density
  return shareOf(indicator.numerator, indicator.basis as GroupBasis);
}

/** True where the value is unknown (confidential values beneath, under the coverage rule). */
export function unknownExpression(indicator: IndicatorInfo): unknown[] | false {
  if (indicator.basis === 'total') return false;
  return shareUnknown(indicator.basis);
}

export function fillColour(indicator: IndicatorInfo, breaks: number[], colours: string[]): unknown {
  const step: unknown[] = ['step', valueExpression(indicator), colours[0]];
  for (const [k, b] of breaks.entries()) step.push(b, colours[k + 1]);
  const unknown = unknownExpression(indicator);
  return unknown ? ['case', unknown, NO_DATA_COLOUR, step] : step;
}

export interface StyleOptions {
  server: string;
  indicator: IndicatorInfo;
  breaks: number[];
  colours: string[];
  opacity: number;
  showLau: boolean;
  highlightSmallTowns: boolean;
  basemap: boolean;
}

export function buildStyle(o: StyleOptions): object {
  const fields = fieldsFor(o.indicator).join(',');
  const sources: Record<string, object> = {
    grid: { type: 'vector', url: `${o.server}/tiles/grid.json?fields=${fields}` },
    lau: { type: 'vector', url: `${o.server}/tiles/lau.json` },
  };
  const layers: object[] = [];
  if (o.basemap) {
    sources.base = { type: 'vector', url: `${o.server}/tiles/base.json` };
    layers.push(
      { id: 'sea', type: 'background', paint: { 'background-color': '#dce6ec' } },
      { id: 'land', type: 'fill', source: 'base', 'source-layer': 'land', paint: { 'fill-color': '#f4f2ee' } },
      { id: 'coastline', type: 'line', source: 'base', 'source-layer': 'coastline', paint: { 'line-color': '#9db0bc', 'line-width': 0.6 } },
    );
  }
  layers.push({
    id: 'grid',
    type: 'fill',
    source: 'grid',
    'source-layer': 'grid',
    paint: { 'fill-color': fillColour(o.indicator, o.breaks, o.colours), 'fill-opacity': o.opacity },
  });
  layers.push({
    id: 'lau-outline',
    type: 'line',
    source: 'lau',
    'source-layer': 'lau',
    minzoom: LAU_DETAIL_MINZOOM,
    layout: { visibility: o.showLau ? 'visible' : 'none' },
    paint: { 'line-color': '#333', 'line-opacity': 0.45, 'line-width': 0.7 },
  });
  // hit area for tooltips and clicks on LAUs (invisible fill)
  layers.push({
    id: 'lau-hit',
    type: 'fill',
    source: 'lau',
    'source-layer': 'lau',
    minzoom: LAU_DETAIL_MINZOOM,
    layout: { visibility: o.showLau ? 'visible' : 'none' },
    paint: { 'fill-color': '#000', 'fill-opacity': 0 },
  });
  layers.push({
    id: 'small-towns',
    type: 'line',
    source: 'lau',
    'source-layer': 'lau',
    filter: ['==', ['get', 'small_town_high_share'], true],
    layout: { visibility: o.highlightSmallTowns ? 'visible' : 'none', 'line-join': 'round' },
    paint: { 'line-color': '#d6246e', 'line-width': ['interpolate', ['linear'], ['zoom'], 5, 1.2, 10, 3] },
  });
  if (o.basemap) {
    layers.push(
      {
        id: 'boundary',
        type: 'line',
        source: 'base',
        'source-layer': 'boundary',
        paint: { 'line-color': '#6b6b6b', 'line-width': 1, 'line-dasharray': [3, 2] },
      },
      {
        id: 'place-label',
        type: 'symbol',
        source: 'base',
        'source-layer': 'place',
        filter: ['<=', ['get', 'minzoom'], ['zoom']],
        layout: {
          'text-field': ['get', 'name'],
          'text-font': ['Open Sans Regular'],
          'text-size': ['interpolate', ['linear'], ['get', 'population'], 1000, 10, 1000000, 15],
          'symbol-sort-key': ['-', 0, ['get', 'population']],
          'text-padding': 4,
        },
        paint: { 'text-color': '#222', 'text-halo-color': 'rgba(255,255,255,0.85)', 'text-halo-width': 1.4 },
      },
    );
  }
  return { version: 8, glyphs: `${o.server}/fonts/{fontstack}/{range}.pbf`, sources, layers };
}
