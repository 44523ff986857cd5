// The aggregate ladder: Eurostat-style "nice" resolutions, each summed from a finer level that divides it.

export const LADDER = [100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000] as const;

export function isLadderResolution(res: number): boolean {
  return (LADDER as readonly number[]).includes(res);
}

/** The levels built from input at `finest` metres: `finest` and every coarser ladder step. */
export function pyramidResolutions(finest: number): number[] {
  if (!isLadderResolution(finest)) {
    throw new Error(`${finest} m is not a supported grid resolution (supported: ${LADDER.join(', ')} m)`);
  }
  return LADDER.filter((res) => res >= finest);
}

/**
 * The level a coarser one is summed from: the coarsest already-built level whose size divides it
 * (fewest cells to read). 500 m comes from 100 m, not 200 m; 1 km from 500 m; 50 km from 10 km.
 */
export function sourceResolution(res: number, built: readonly number[]): number {
  const candidates = built.filter((fine) => fine < res && res % fine === 0);
  if (candidates.length === 0) throw new Error(`no built level divides ${res} m`);
  return Math.max(...candidates);
}

/**
 * The aggregate level drawn at each zoom: a 512 px tile shows 16-51 cells across (10-32 px per
 * cell), and a full urban tile stays within the byte and time budget (README, "Tiles"). Ground width of
 * a tile at 50 N: z14 1.6 km, z13 3.2, z12 6.4, z11 12.7, z10 25, z9 51, z8 102, z7 204, z6 407,
 * z5 814, z4 1,628, z3 3,256 km.
 */
export const ZOOM_LADDER: readonly number[] = [
  100_000,
  100_000,
  100_000,
  100_000, // z0-3: Europe is a few hundred cells
  50_000, // z4: 33 cells across
  20_000, // z5: 41
  10_000, // z6: 41
  5_000, // z7: 41
  2_000, // z8: 51
  1_000, // z9: 51
  1_000, // z10: 25
  500, // z11: 25
  200, // z12: 32
  100, // z13: 32
  100, // z14: 16 (clients overzoom beyond)
];
export const GRID_MAX_ZOOM = ZOOM_LADDER.length - 1;

/** The resolution to draw at zoom z, given the levels a pack has (never finer than it holds). */
export function levelForZoom(z: number, built: readonly number[]): number {
  const wanted = ZOOM_LADDER[Math.min(z, GRID_MAX_ZOOM)];
  const candidates = built.filter((res) => res >= wanted);
  return candidates.length ? Math.min(...candidates) : Math.max(...built);
}

/**
 * Below this zoom the `lau` layer holds only the small towns of the D4I finding (what the highlight draws):
 * all 36,936 French communes in one z4 tile would be 3.6 MB gzipped and mostly sub-pixel (z7 around
 * Paris: 183 KB; z8: 64 KB).
 */
export const LAU_DETAIL_MINZOOM = 8;
