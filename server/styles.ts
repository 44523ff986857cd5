// MapLibre styles that use only this server: an offline basemap (land, coastline, borders, place
// labels with glyphs served here), the grid coloured by share born abroad (viridis, colour-blind
// safe) with confidential cells in their own grey, and LAU outlines when zoomed in.
import { NO_DATA_COLOUR, paletteColours } from '../tiles/palettes.ts';
import { SHARE_BORN_ABROAD, shareUnknown } from '../tiles/style-expressions.ts';
import { DEFAULT_FONT } from './glyphs.ts';

/** Class breaks of the default style (share born abroad) and its palette, lowest class first. */
export const DEFAULT_BREAKS = [0.05, 0.1, 0.15, 0.2, 0.3, 0.45];
export { NO_DATA_COLOUR };

/** The default style; `baseUrl` is this server's absolute URL (with its base path). */
export function defaultStyle(baseUrl: string, name = 'd4i default'): object {
  const colours = paletteColours(DEFAULT_BREAKS.length + 1);
  const step: unknown[] = ['step', SHARE_BORN_ABROAD, colours[0]];
  DEFAULT_BREAKS.forEach((b, k) => step.push(b, colours[k + 1]));
  const vector = (id: string) => ({ type: 'vector', url: `${baseUrl}/tiles/${id}.json` });
  return {
    version: 8,
    name,
    metadata: { 'd4i:indicator': 'share_born_abroad', 'd4i:breaks': DEFAULT_BREAKS, 'd4i:colours': colours, 'd4i:no-data': NO_DATA_COLOUR },
    glyphs: `${baseUrl}/fonts/{fontstack}/{range}.pbf`,
    sources: { base: vector('base'), grid: vector('grid'), lau: vector('lau') },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': '#dce6ec' } },
      { id: 'land', type: 'fill', source: 'base', 'source-layer': 'land', paint: { 'fill-color': '#f4f2ee' } },
      { id: 'coastline', type: 'line', source: 'base', 'source-layer': 'coastline', paint: { 'line-color': '#9db0bc', 'line-width': 0.6 } },
      {
        id: 'grid',
        type: 'fill',
        source: 'grid',
        'source-layer': 'grid',
        paint: {
          // a share built on too many confidential values is unknown: its own class, never a colour of the scale
          'fill-color': ['case', shareUnknown(), NO_DATA_COLOUR, step],
          'fill-opacity': 0.88,
        },
      },
      {
        id: 'lau-outline',
        type: 'line',
        source: 'lau',
        'source-layer': 'lau',
        minzoom: 8,
        paint: { 'line-color': '#3d3d3d', 'line-opacity': ['interpolate', ['linear'], ['zoom'], 8, 0.15, 12, 0.5], 'line-width': 0.6 },
      },
      { id: 'boundary', type: 'line', source: 'base', 'source-layer': 'boundary', paint: { 'line-color': '#6b6b6b', 'line-width': 1, 'line-dasharray': [3, 2] } },
      {
        id: 'place-label',
        type: 'symbol',
        source: 'base',
        'source-layer': 'place',
        filter: ['<=', ['get', 'minzoom'], ['zoom']],
        layout: {
          'text-field': ['get', 'name'],
          'text-font': [DEFAULT_FONT],
          'text-size': ['interpolate', ['linear'], ['get', 'population'], 1000, 10, 1000000, 15],
          'symbol-sort-key': ['-', 0, ['get', 'population']],
          'text-padding': 4,
        },
        paint: { 'text-color': '#222', 'text-halo-color': 'rgba(255,255,255,0.85)', 'text-halo-width': 1.4 },
      },
    ],
  };
}
