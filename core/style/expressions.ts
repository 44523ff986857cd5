// MapLibre expressions over grid tile properties, shared by the default style and the widget, so the
// map follows the rules of the widget's tooltip (share-bounds.ts, unsplitShareBounds): a tile says how many
// values are confidential, not in which category, so the hidden residents may be on either side; the
// share is the middle of its bounds and unknown when they are more than 5 points apart.
import { BASIS_TOP_GROUPS, CONFIDENTIAL_FIELD, type GroupBasis } from '../grid/groups.ts';
import { MIN_KNOWN_COVERAGE } from '../indicators/readers.ts';

type Expression = unknown[];

// a count is absent where every value beneath is confidential: it adds nothing (its `conf` counts it)
const sum = (columns: readonly string[]): Expression => ['+', ...columns.map((c) => ['coalesce', ['get', c], 0])];

/** The known categories of a basis sum to less than 95% of T where values are confidential. */
export function shareUnknown(basis: GroupBasis): Expression {
  const known = sum(BASIS_TOP_GROUPS[basis]);
  return ['all', ['has', CONFIDENTIAL_FIELD[basis]], ['>', ['-', ['get', 'T'], known], ['*', 1 - MIN_KNOWN_COVERAGE, ['get', 'T']]]];
}

/**
 * The share's estimate: part / known categories where nothing is confidential; otherwise half of the
 * residents without a known category (T - known, at least 0) counted with the part, over max(T, known).
 * A part that is not a category of the basis (a continent) keeps the ratio over the known categories.
 */
export function shareOf(part: readonly string[], basis: GroupBasis): Expression {
  const categories = BASIS_TOP_GROUPS[basis];
  const known = sum(categories);
  const ratio = ['/', sum(part), ['max', 1, known]];
  if (!part.every((c) => (categories as readonly string[]).includes(c))) return ratio;
  const hidden = ['max', 0, ['-', ['get', 'T'], known]];
  return ['case', ['has', CONFIDENTIAL_FIELD[basis]], ['/', ['+', sum(part), ['/', hidden, 2]], ['max', 1, ['get', 'T'], known]], ratio];
}
