// MapLibre expressions over grid tile properties, shared by the default style and the widget, so the
// map follows the same rules as the API (indicators/readers.ts): shares over the known categories,
// unknown when confidential values beneath leave more than 5% of residents without a known category.
import { BASIS_TOP_GROUPS, CONFIDENTIAL_FIELD, type GroupBasis } from '../grid/groups.ts';
import { MIN_KNOWN_COVERAGE } from '../indicators/readers.ts';

type Expression = unknown[];

const sum = (columns: readonly string[]): Expression => ['+', ...columns.map((c) => ['get', c])];

/** The known categories of a basis sum to less than 95% of T where values are confidential. */
export function shareUnknown(basis: GroupBasis): Expression {
  const known = sum(BASIS_TOP_GROUPS[basis]);
  return ['all', ['has', CONFIDENTIAL_FIELD[basis]], ['>', ['-', ['get', 'T'], known], ['*', 1 - MIN_KNOWN_COVERAGE, ['get', 'T']]]];
}

/** part / known categories of the basis (0 when nobody is known: such cells are caught by shareUnknown first). */
export function shareOf(part: readonly string[], basis: GroupBasis): Expression {
  return ['/', sum(part), ['max', 1, sum(BASIS_TOP_GROUPS[basis])]];
}
