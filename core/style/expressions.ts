// MapLibre expressions over grid tile properties, shared by the default style and the widget, so the
// map follows the same rules as the API (indicators.ts): shares over the known categories, unknown when
// confidential values beneath leave more than 5% of residents without a known category.
import { MIN_KNOWN_COVERAGE } from '../indicators/catalogue.ts';

type Expression = unknown[];

const sum = (columns: readonly string[]): Expression => ['+', ...columns.map((c) => ['get', c])];

/** The known categories of a basis sum to less than 95% of T where values are confidential. */
export function shareUnknown(basis: readonly string[] = ['NAT', 'EU_OTH', 'OTH'], confField = 'conf'): Expression {
  return ['all', ['has', confField], ['>', ['-', ['get', 'T'], sum(basis)], ['*', 1 - MIN_KNOWN_COVERAGE, ['get', 'T']]]];
}

/** part / known categories (0 when nobody is known: such cells are caught by shareUnknown first). */
export function shareOf(part: readonly string[], basis: readonly string[] = ['NAT', 'EU_OTH', 'OTH']): Expression {
  return ['/', sum(part), ['max', 1, sum(basis)]];
}

export const SHARE_BORN_ABROAD = shareOf(['EU_OTH', 'OTH']);
