// The MapLibre style of the widget and of /styles/default.json: this server's basemap, the grid coloured
// by an indicator in classes, LAU outlines and the small-town highlight. Everything from the one server.
import { LAU_DETAIL_MINZOOM } from '../grid/levels.ts';
import { SMALL_TOWN_LAYER } from '../mvt/layers.ts';
import { NO_DATA_COLOUR } from './palettes.ts';
import { shareOf, shareUnknown } from './expressions.ts';
import { BASIS_TOP_GROUPS, CONFIDENTIAL_FIELD, confidentialFieldOf, type GroupBasis } from '../grid/groups.ts';

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
  const top = indicator.basis === 'total' ? [] : BASIS_TOP_GROUPS[indicator.basis];
  // each category's confidential count, so the expression knows on which side hidden residents are
  const basis = indicator.basis === 'total' ? [] : [...top, CONFIDENTIAL_FIELD[indicator.basis], ...top.map(confidentialFieldOf)];
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
  return shareUnknown(indicator.basis as GroupBasis, indicator.kind === 'share' ? indicator.numerator : undefined);
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
  /** this server's offline basemap under the grid */
  basemap: boolean;
  /** an image id (added to the map) that hatches unknown cells, so they differ from every class by more than hue */
  noDataPattern?: string;
}

/** Small towns stand out in black on a white casing: visible on every class colour and to every eye. */
export const HIGHLIGHT_COLOUR = '#000000';
export const HIGHLIGHT_CASING = '#ffffff';
/** Below this zoom a small town is a few pixels wide: it is marked with a dot as well. */
export const SMALL_TOWN_MARKER_MAXZOOM = 9;

/** The layers of the grid and the LAUs, over any basemap (this server's, or a host site's style). */
export function dataLayers(o: StyleOptions): object[] {
  const layers: object[] = [
    {
      id: 'grid',
      type: 'fill',
      source: 'grid',
      'source-layer': 'grid',
      paint: { 'fill-color': fillColour(o.indicator, o.breaks, o.colours), 'fill-opacity': o.opacity },
    },
  ];
  const unknown = unknownExpression(o.indicator);
  if (o.noDataPattern && unknown) {
    layers.push({ id: 'grid-no-data', type: 'fill', source: 'grid', 'source-layer': 'grid', filter: unknown, paint: { 'fill-pattern': o.noDataPattern } });
  }
  const lauVisibility = o.showLau ? 'visible' : 'none';
  const towns = o.highlightSmallTowns ? 'visible' : 'none';
  const isSmallTown = ['==', ['get', 'small_town_high_share'], true];
  // the casing is 2.5 px wider than the line at every zoom
  const townWidth = (extra: number) => ['interpolate', ['linear'], ['zoom'], 5, 1.2 + extra, 10, 2.5 + extra];
  layers.push(
    {
      id: 'lau-outline',
      type: 'line',
      source: 'lau',
      'source-layer': 'lau',
      minzoom: LAU_DETAIL_MINZOOM,
      layout: { visibility: lauVisibility },
      paint: { 'line-color': '#333', 'line-opacity': 0.45, 'line-width': 0.7 },
    },
    // hit areas for tooltips and clicks (invisible fills): every LAU with the outlines, the small towns with the highlight
    {
      id: 'lau-hit',
      type: 'fill',
      source: 'lau',
      'source-layer': 'lau',
      minzoom: LAU_DETAIL_MINZOOM,
      layout: { visibility: lauVisibility },
      paint: HIDDEN_FILL,
    },
    { id: 'small-towns-hit', type: 'fill', source: 'lau', 'source-layer': 'lau', filter: isSmallTown, layout: { visibility: towns }, paint: HIDDEN_FILL },
    {
      id: 'small-towns-casing',
      type: 'line',
      source: 'lau',
      'source-layer': 'lau',
      filter: isSmallTown,
      layout: { visibility: towns, 'line-join': 'round' },
      paint: { 'line-color': HIGHLIGHT_CASING, 'line-width': townWidth(2.5) },
    },
    {
      id: 'small-towns',
      type: 'line',
      source: 'lau',
      'source-layer': 'lau',
      filter: isSmallTown,
      layout: { visibility: towns, 'line-join': 'round' },
      paint: { 'line-color': HIGHLIGHT_COLOUR, 'line-width': townWidth(0) },
    },
    {
      id: 'small-town-markers',
      type: 'circle',
      source: 'lau',
      'source-layer': SMALL_TOWN_LAYER,
      maxzoom: SMALL_TOWN_MARKER_MAXZOOM,
      layout: { visibility: towns },
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 3, 2.5, 8, 4.5],
        'circle-color': HIGHLIGHT_COLOUR,
        'circle-stroke-color': HIGHLIGHT_CASING,
        'circle-stroke-width': 1.5,
      },
    },
  );
  return layers;
}

const HIDDEN_FILL = { 'fill-color': '#000', 'fill-opacity': 0 };

/** The vector sources the data layers read. */
export function dataSources(o: Pick<StyleOptions, 'server' | 'indicator'>): Record<string, object> {
  return {
    grid: { type: 'vector', url: `${o.server}/tiles/grid.json?fields=${fieldsFor(o.indicator).join(',')}` },
    lau: { type: 'vector', url: `${o.server}/tiles/lau.json` },
  };
}

export function buildStyle(o: StyleOptions): object {
  const sources: Record<string, object> = dataSources(o);
  const layers: object[] = [];
  if (o.basemap) {
    sources.base = { type: 'vector', url: `${o.server}/tiles/base.json` };
    layers.push(
      { id: 'sea', type: 'background', paint: { 'background-color': '#dce6ec' } },
      { id: 'land', type: 'fill', source: 'base', 'source-layer': 'land', paint: { 'fill-color': '#f4f2ee' } },
      { id: 'coastline', type: 'line', source: 'base', 'source-layer': 'coastline', paint: { 'line-color': '#9db0bc', 'line-width': 0.6 } },
    );
  }
  layers.push(...dataLayers(o));
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

/**
 * A host site's own MapLibre style as the basemap: its sources and layers, with the data layers inserted
 * above its land and below its labels (before its first symbol layer).
 */
export function styleOverBasemap(
  basemap: { sources?: Record<string, object>; layers?: { type: string }[] } & Record<string, unknown>,
  o: StyleOptions,
): object {
  const own = dataSources(o);
  const layers = basemap.layers ?? [];
  const firstLabel = layers.findIndex((l) => l.type === 'symbol');
  const at = firstLabel < 0 ? layers.length : firstLabel;
  return { ...basemap, sources: { ...basemap.sources, ...own }, layers: [...layers.slice(0, at), ...dataLayers(o), ...layers.slice(at)] };
}
