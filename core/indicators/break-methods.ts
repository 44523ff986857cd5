// The ways class breaks are computed (/api/breaks?method=, the widget's classification): browser-safe,
// apart from breaks.ts, which computes them. `nice`: quantiles rounded to round numbers (5%, 10%, 20% ...),
// the default, so a legend reads easily and means the same on every page.
export const BREAK_METHODS = ['nice', 'quantile', 'jenks', 'equal'] as const;
export type BreakMethod = (typeof BREAK_METHODS)[number];
