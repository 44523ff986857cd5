// The words of a legend's classes ("< 5%", "5% – 10%", "≥ 30%"), as the widget, the report PNG and
// the QGIS style write them: shares in percent, counts as whole numbers, in the chosen language.
import type { Lang } from '../indicators/languages.ts';

/** An indicator's value as a legend writes it. */
export function formatIndicatorValue(lang: Lang, v: number, kind: string): string {
  if (kind === 'share') return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(v);
  return new Intl.NumberFormat(lang).format(Math.round(v));
}

/** The label of class k of `breaks` (k from 0 to breaks.length). */
export function classLabel(k: number, breaks: number[], kind: string, lang: Lang): string {
  const value = (v: number) => formatIndicatorValue(lang, v, kind);
  if (k === 0) return `< ${value(breaks[0])}`;
  if (k === breaks.length) return `≥ ${value(breaks[k - 1])}`;
  return `${value(breaks[k - 1])} – ${value(breaks[k])}`;
}
