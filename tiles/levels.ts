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
