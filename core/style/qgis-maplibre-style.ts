// A MapLibre style of the grid that QGIS's converter (QgsMapBoxGlStyleConverter, 3.22 and later) draws:
// one fill layer per class with a constant colour and a filter on the share the tiles carry. QGIS turns
// such filters into its own expressions, but skips the data-driven fill-color of our web style.
import { CONFIDENTIAL_FIELD, type GroupBasis } from '../grid/groups.ts';
import type { IndicatorInfo } from './map-style.ts';
import { NO_DATA_COLOUR } from './palettes.ts';

export interface QgisMapLibreOptions {
  server: string;
  indicator: IndicatorInfo;
  breaks: number[];
  colours: string[];
  opacity: number;
}

/** The style: the grid source with the indicator's share as a field, and a layer per class and for no data. */
export function qgisMapLibreStyle(o: QgisMapLibreOptions): object {
  const id = o.indicator.id;
  const conf = CONFIDENTIAL_FIELD[o.indicator.basis as GroupBasis];
  // a share is absent where it is unknown (confidential values beneath) or where no one lives (drawn as 0, as the web map)
  const unknown = ['all', ['!has', id], ['has', conf]];
  const empty = ['all', ['!has', id], ['!has', conf]];
  const layer = (suffix: string, filter: unknown[], colour: string) => ({
    id: `grid-${suffix}`,
    type: 'fill',
    source: 'grid',
    'source-layer': 'grid',
    filter,
    paint: { 'fill-color': colour, 'fill-opacity': o.opacity },
  });
  const classes = o.colours.map((colour, k) => {
    const range: unknown[] = ['all'];
    if (k > 0) range.push(['>=', id, o.breaks[k - 1]]);
    if (k < o.breaks.length) range.push(['<', id, o.breaks[k]]);
    return layer(`class-${k}`, k === 0 ? ['any', range, empty] : range, colour);
  });
  return {
    version: 8,
    name: `d4i grid for QGIS: ${id}`,
    sources: { grid: { type: 'vector', url: `${o.server}/tiles/grid.json?fields=${id}` } },
    layers: [...classes, layer('no-data', unknown, NO_DATA_COLOUR)],
  };
}
