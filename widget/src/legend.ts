// The legend: the indicator's title and unit, the size of the cells drawn, one row per class, and the
// confidential class for indicators of a basis.
import { html, nothing } from 'lit';
import type { Lang } from '../../core/indicators/languages.ts';
import type { IndicatorInfo } from '../../core/style/map-style.ts';
import { NO_DATA_COLOUR } from '../../core/style/palettes.ts';
import { formatValue } from './format.ts';
import { fill, type Strings } from './i18n.ts';

export interface LegendView {
  position: string;
  indicator: IndicatorInfo;
  breaks: number[];
  colours: string[];
  /** the cells drawn ("1 km"), or empty */
  level: string;
}

export function renderLegend({ position, indicator, breaks, colours, level }: LegendView, lang: Lang, t: Strings) {
  if (position === 'none' || !colours.length) return nothing;
  const value = (v: number) => formatValue(lang, v, indicator);
  const label = (k: number) =>
    k === 0 ? `< ${value(breaks[0])}` : k === breaks.length ? `≥ ${value(breaks[k - 1])}` : `${value(breaks[k - 1])} – ${value(breaks[k])}`;
  return html`<div class="legend ${position}" part="legend">
    <div class="legend-title">${indicator.labels[lang] ?? indicator.id}</div>
    <div class="legend-unit">${indicator.unit[lang] ?? ''}${level ? html` · ${fill(t.cellsOf, { res: level })}` : nothing}</div>
    <ul>
      ${colours.map((c, k) => html`<li><span class="swatch" style="background:${c}"></span>${label(k)}</li>`)}
      ${indicator.basis !== 'total' ? html`<li class="no-data"><span class="swatch" style="background:${NO_DATA_COLOUR}"></span>${t.noData}</li>` : nothing}
    </ul>
  </div>`;
}
