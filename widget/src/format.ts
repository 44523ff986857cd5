// Numbers as the chosen language writes them (Intl): counts, shares, and an indicator's value.
import type { Lang } from '../../core/indicators/languages.ts';
import { formatIndicatorValue } from '../../core/style/class-labels.ts';
import type { IndicatorInfo } from '../../core/style/map-style.ts';

export const formatCount = (lang: Lang, n: number): string => new Intl.NumberFormat(lang).format(Math.round(n));

export const formatShare = (lang: Lang, v: number): string => new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(v);

export const formatValue = (lang: Lang, v: number, indicator: IndicatorInfo): string => formatIndicatorValue(lang, v, indicator.kind);
