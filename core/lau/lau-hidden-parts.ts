// What the suppressed values beneath each LAU hold, worked out cell by cell. A LAU's own sums have lost
// which cell hid what: a UK cell with NAT hidden beside EU_OTH and OTH of 1-2 each hides 2-4 migrants,
// but the LAU only sees "some NAT and some migrant values hidden", which allows anything from 0 to all of
// them. Summing each cell's bounds and estimate (share-bounds.ts, hiddenPart) keeps what the cells said.
// Computed at import, over the finest level.
import { NO_LAU, type GridLevel } from '../grid/grid-level.ts';
import type { Indicator } from '../indicators/catalogue.ts';
import { type HiddenPartArrays, hiddenPartKey, hiddenPartReader, isSplitShare, unknownReader } from '../indicators/readers.ts';
import type { ConfidentialRanges } from '../indicators/share-bounds.ts';
import type { LauTable } from '../pack/lau-table.ts';

/** Per share indicator of the bounds rule: P's hidden persons summed over each LAU's cells (NaN where a cell lacks T). */
export function lauHiddenParts(
  finest: GridLevel,
  laus: LauTable,
  indicators: readonly Indicator[],
  rangesOf: (i: number) => ConfidentialRanges,
): Record<string, HiddenPartArrays> {
  const lauCount = laus.count;
  const lau = finest.lau;
  const out: Record<string, HiddenPartArrays> = {};
  if (!lau) return out;
  for (const indicator of indicators) {
    const { numerator: part, denominator: basis } = indicator;
    const key = hiddenPartKey(part, basis);
    if (indicator.kind !== 'share' || !isSplitShare(part, basis) || out[key]) continue;
    if (![...basis].some((c) => finest.unknown[c])) continue; // nothing hidden anywhere: the sums say it all
    const sums = { x: new Float64Array(lauCount), lo: new Float64Array(lauCount), hi: new Float64Array(lauCount), estimate: new Float64Array(lauCount) };
    // a cell that shows nothing (France publishes only T for 10 residents or fewer) is taken to be like its LAU's known cells
    const rest = basis.filter((c) => !part.includes(c));
    const known = (columns: readonly string[], l: number) => columns.reduce((s, c) => s + (laus.values[c]?.[l] ?? 0), 0);
    const prior = Float64Array.from({ length: lauCount }, (_, l) => {
      const [m, r] = [known(part, l), known(rest, l)];
      return m + r > 0 ? m / (m + r) : Number.NaN;
    });
    const read = hiddenPartReader(finest, part, basis, rangesOf, (i) => (lau[i] === NO_LAU || Number.isNaN(prior[lau[i]]) ? undefined : prior[lau[i]]));
    const hiddenHere = unknownReader(finest, basis);
    for (let i = 0; i < finest.count; i++) {
      const l = lau[i];
      if (l === NO_LAU || hiddenHere(i) === 0) continue; // nothing hidden: adds nothing (most cells)
      const h = read(i);
      if (!h) {
        sums.x[l] = Number.NaN;
        continue;
      }
      sums.x[l] += h.x;
      sums.lo[l] += h.lo;
      sums.hi[l] += h.hi;
      sums.estimate[l] += h.estimate;
    }
    out[key] = sums;
  }
  return out;
}
