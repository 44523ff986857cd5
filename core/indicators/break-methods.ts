// The ways class breaks are computed (/api/breaks?method=, the widget's classification): browser-safe,
// apart from breaks.ts, which computes them.
export const BREAK_METHODS = ['quantile', 'jenks', 'equal'] as const;
export type BreakMethod = (typeof BREAK_METHODS)[number];
