// MapLibre expressions over grid tile properties, shared by the default style and the widget, so the
// map follows the rules of the widget's tooltip (share-bounds.ts, tileShareBounds): a tile says how many
// values of the basis are confidential (`conf`) and how many of each category (`NAT_conf`, ...), not what
// each can be; so the residents without a known category (T - known) are all in the part, all out of it,
// or, where both sides hide values, split like the known ones and then the share is unknown when they are
// more than 5 points of T.
import { BASIS_TOP_GROUPS, CONFIDENTIAL_FIELD, confidentialFieldOf, type GroupBasis } from '../grid/groups.ts';
import { MIN_KNOWN_COVERAGE } from '../indicators/readers.ts';

type Expression = unknown[];

// a count is absent where every value beneath is confidential: it adds nothing (its `conf` counts it)
const sum = (columns: readonly string[]): Expression => ['+', ...columns.map((c) => ['coalesce', ['get', c], 0])];
const isCategory = (part: readonly string[], basis: GroupBasis) => part.every((c) => (BASIS_TOP_GROUPS[basis] as readonly string[]).includes(c));

/** Confidential values of the part (kP) and of the rest (kR) of the basis. */
function hiddenCounts(part: readonly string[], basis: GroupBasis): { kP: Expression; kR: Expression } {
  const rest = BASIS_TOP_GROUPS[basis].filter((c) => !part.includes(c));
  const kR = sum(rest.map(confidentialFieldOf));
  return { kP: ['-', ['coalesce', ['get', CONFIDENTIAL_FIELD[basis]], 0], kR], kR };
}

/** Residents without a known category: T - known, at least 0. */
const hiddenResidents = (basis: GroupBasis): Expression => ['max', 0, ['-', ['get', 'T'], sum(BASIS_TOP_GROUPS[basis])]];

/**
 * Unknown: hidden values on both sides of the part and more than 5% of T without a known category. A
 * group count (no part), or a part that is not a category of the basis (a continent), keeps the coverage
 * rule: more than 5% of T hidden at all.
 */
export function shareUnknown(basis: GroupBasis, part?: readonly string[]): Expression {
  const tooMany = ['>', hiddenResidents(basis), ['*', 1 - MIN_KNOWN_COVERAGE, ['get', 'T']]];
  if (!part || !isCategory(part, basis)) return ['all', ['has', CONFIDENTIAL_FIELD[basis]], tooMany];
  const { kP, kR } = hiddenCounts(part, basis);
  return ['all', ['has', CONFIDENTIAL_FIELD[basis]], ['>', kP, 0], ['>', kR, 0], tooMany];
}

/**
 * The share's estimate: part / known categories where nothing is confidential; otherwise the hidden
 * residents counted with the part when only the part hides values, not at all when only the rest does,
 * and in the known proportion when both do; over max(T, known). A part that is not a category of the
 * basis (a continent) keeps the ratio over the known categories.
 */
export function shareOf(part: readonly string[], basis: GroupBasis): Expression {
  const known = sum(BASIS_TOP_GROUPS[basis]);
  const ratio = ['/', sum(part), ['max', 1, known]];
  if (!isCategory(part, basis)) return ratio;
  const { kP, kR } = hiddenCounts(part, basis);
  const x = hiddenResidents(basis);
  const conf = ['get', CONFIDENTIAL_FIELD[basis]];
  const inPart = ['case', ['<=', kR, 0], x, ['<=', kP, 0], 0, ['>', known, 0], ['/', ['*', x, sum(part)], known], ['/', ['*', x, kP], conf]];
  return ['case', ['has', CONFIDENTIAL_FIELD[basis]], ['/', ['+', sum(part), inPart], ['max', 1, ['get', 'T'], known]], ratio];
}
