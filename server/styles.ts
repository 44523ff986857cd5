// MapLibre styles that use only this server: the grid coloured by share born abroad (viridis,
// colour-blind safe), confidential cells in their own grey.
import { interpolateViridis } from 'd3-scale-chromatic';

/** Class breaks of the default style (share born abroad) and its palette, lowest class first. */
export const DEFAULT_BREAKS = [0.05, 0.1, 0.15, 0.2, 0.3, 0.45];
export const NO_DATA_COLOUR = '#b8b8b8';

export function paletteColours(classes: number, interpolate: (t: number) => string = interpolateViridis): string[] {
  return Array.from({ length: classes }, (_, k) => interpolate(classes === 1 ? 0.5 : k / (classes - 1)));
}

/** MapLibre expression: share born abroad over the known birth categories of a cell. */
export const SHARE_BORN_ABROAD = ['/', ['+', ['get', 'EU_OTH'], ['get', 'OTH']], ['max', 1, ['+', ['get', 'NAT'], ['get', 'EU_OTH'], ['get', 'OTH']]]];

export function defaultStyle(tileJsonUrl: string, name = 'd4i default'): object {
  const colours = paletteColours(DEFAULT_BREAKS.length + 1);
  const step: unknown[] = ['step', SHARE_BORN_ABROAD, colours[0]];
  DEFAULT_BREAKS.forEach((b, k) => step.push(b, colours[k + 1]));
  return {
    version: 8,
    name,
    metadata: { 'd4i:indicator': 'share_born_abroad', 'd4i:breaks': DEFAULT_BREAKS, 'd4i:colours': colours, 'd4i:no-data': NO_DATA_COLOUR },
    sources: { grid: { type: 'vector', url: tileJsonUrl } },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#f4f2ee' } },
      {
        id: 'grid',
        type: 'fill',
        source: 'grid',
        'source-layer': 'grid',
        paint: {
          // a share built on a confidential value is unknown: its own class, never a colour of the scale
          'fill-color': ['case', ['has', 'conf'], NO_DATA_COLOUR, step],
          'fill-opacity': 0.88,
        },
      },
    ],
  };
}
