// The default MapLibre style, using only this server: the same style the widget builds (core/style/map-style.ts)
// with share born abroad in fixed classes (viridis, colour-blind safe) and LAU outlines.
import { buildStyle, type IndicatorInfo } from '../core/style/map-style.ts';
import { paletteColours } from '../core/style/palettes.ts';

/** Class breaks of the default style (share born abroad), lowest class first. */
export const DEFAULT_BREAKS = [0.05, 0.1, 0.15, 0.2, 0.3, 0.45];

/** The default style; `baseUrl` is this server's absolute URL (with its base path). */
export function defaultStyle(baseUrl: string, indicators: IndicatorInfo[]): object {
  const indicator = indicators.find((i) => i.id === 'share_born_abroad') ?? indicators.find((i) => i.id === 'T')!;
  const breaks = indicator.id === 'T' ? [10, 50, 100, 250, 500, 1000] : DEFAULT_BREAKS;
  const colours = paletteColours(breaks.length + 1);
  const style = buildStyle({ server: baseUrl, indicator, breaks, colours, opacity: 0.88, showLau: true, highlightSmallTowns: false, basemap: true });
  return { ...style, name: 'd4i default', metadata: { 'd4i:indicator': indicator.id, 'd4i:breaks': breaks, 'd4i:colours': colours } };
}
