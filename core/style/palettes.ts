// Colour palettes for classes (d3-scale-chromatic), shared by the default style and the widget.
// Sequential schemes only: classes are ordered from low to high. viridis is the default: perceptually
// uniform and readable with the common colour-vision deficiencies.
import {
  interpolateBlues,
  interpolateCividis,
  interpolateGreens,
  interpolateInferno,
  interpolateMagma,
  interpolateOranges,
  interpolatePlasma,
  interpolatePuBuGn,
  interpolatePurples,
  interpolateReds,
  interpolateViridis,
  interpolateYlGnBu,
  interpolateYlOrRd,
} from 'd3-scale-chromatic';

export const PALETTES: Record<string, (t: number) => string> = {
  viridis: interpolateViridis,
  cividis: interpolateCividis,
  magma: interpolateMagma,
  inferno: interpolateInferno,
  plasma: interpolatePlasma,
  blues: interpolateBlues,
  greens: interpolateGreens,
  oranges: interpolateOranges,
  purples: interpolatePurples,
  reds: interpolateReds,
  ylorrd: interpolateYlOrRd,
  ylgnbu: interpolateYlGnBu,
  pubugn: interpolatePuBuGn,
};

export const DEFAULT_PALETTE = 'viridis';
export const NO_DATA_COLOUR = '#b8b8b8';

/** `classes` colours of a palette, lowest class first (light ends of single-hue schemes skipped). */
export function paletteColours(classes: number, palette = DEFAULT_PALETTE): string[] {
  const interpolate = PALETTES[palette] ?? PALETTES[DEFAULT_PALETTE];
  // single-hue schemes start near white, which would vanish on the light basemap
  const from = ['viridis', 'cividis', 'magma', 'inferno', 'plasma'].includes(palette) ? 0 : 0.2;
  return Array.from({ length: classes }, (_, k) => interpolate(classes === 1 ? 0.5 : from + ((1 - from) * k) / (classes - 1)));
}
