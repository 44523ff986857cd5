// The aria-live text summary of the view, from an /api/summary answer: residents in view and the chosen
// indicator's value there (the share born abroad when that is the indicator or its value is missing).
import { SHARE_BORN_ABROAD } from '../../core/grid/groups.ts';
import type { Lang } from '../../core/indicators/languages.ts';
import type { IndicatorInfo } from '../../core/style/map-style.ts';
import type { SummaryAnswer } from './api-client.ts';
import { formatCount, formatShare, formatValue } from './format.ts';
import { fill, type Strings } from './i18n.ts';

export function summaryText(sum: SummaryAnswer, indicator: IndicatorInfo | undefined, lang: Lang, t: Strings): string {
  const residents = formatCount(lang, sum.values.T);
  const value = indicator ? (sum[indicator.id] as number | null | undefined) : undefined;
  if (!indicator || indicator.id === SHARE_BORN_ABROAD || value === undefined) {
    const share = sum[SHARE_BORN_ABROAD] as number | null | undefined;
    return share === null || share === undefined ? fill(t.summaryUnknown, { residents }) : fill(t.summary, { residents, share: formatShare(lang, share) });
  }
  const text = value === null ? t.noData : formatValue(lang, value, indicator);
  return fill(t.summaryIndicator, { residents, indicator: indicator.labels[lang] ?? indicator.id, value: text });
}
