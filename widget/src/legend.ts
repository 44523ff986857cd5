// The legend: the indicator's title and unit, the size of the cells drawn, one row per class, the
// confidential class, a note when the data allow fewer classes than asked, and the small-town highlight
// with a link to the list. Below ~480 px it folds into a "Legend" button.
import { html, nothing } from 'lit';
import type { Lang } from '../../core/indicators/languages.ts';
import type { IndicatorInfo } from '../../core/style/map-style.ts';
import { NO_DATA_COLOUR } from '../../core/style/palettes.ts';
import { classLabel as labelOfClass } from '../../core/style/class-labels.ts';
import { fill, type Strings } from './i18n.ts';

export interface LegendView {
  position: string;
  indicator: IndicatorInfo;
  breaks: number[];
  colours: string[];
  /** the cells drawn ("1 km"), or empty */
  level: string;
  /** classes asked for (a note says so when the breaks allow fewer) */
  classesAsked?: number;
  /** the small-town highlight: its CSV list, and how many are in view (undefined: not known yet) */
  highlight?: { listUrl: string; inView?: number };
  /** folded to a button (narrow maps), and whether it is open */
  compact: boolean;
  open: boolean;
  onToggle: () => void;
}

/** The unit line: shares are labelled in percent, so the unit says percent too. */
export const legendUnit = (indicator: IndicatorInfo, lang: Lang, t: Strings) => (indicator.kind === 'share' ? t.sharePercent : (indicator.unit[lang] ?? ''));

/** "< 5%", "5% – 10%", "≥ 30%" for class k of the breaks. */
export const classLabel = (k: number, breaks: number[], indicator: IndicatorInfo, lang: Lang): string => labelOfClass(k, breaks, indicator.kind, lang);

export function renderLegend(v: LegendView, lang: Lang, t: Strings) {
  if (v.position === 'none' || !v.colours.length) return nothing;
  const { indicator, breaks, colours } = v;
  if (v.compact && !v.open) {
    return html`<button type="button" class="legend-toggle ${v.position}" part="legend" aria-expanded="false" @click=${v.onToggle}>${t.legend}</button>`;
  }
  const fewer = v.classesAsked && colours.length < v.classesAsked ? fill(t.fewerClasses, { n: String(colours.length) }) : '';
  const towns = v.highlight;
  const noData = html`<li class="no-data"><span class="swatch hatch" style=${`background-color:${NO_DATA_COLOUR}`}></span>${t.noData}</li>`;
  const noneInView = towns?.inView === 0 ? html` <em>(${t.smallTownsNone})</em>` : nothing;
  return html`<div class="legend ${v.position} ${v.compact ? 'compact' : ''}" part="legend">
    ${v.compact ? html`<button type="button" class="legend-close" aria-expanded="true" aria-label=${t.legend} @click=${v.onToggle}>×</button>` : nothing}
    <div class="legend-title">${indicator.labels[lang] ?? indicator.id}</div>
    <div class="legend-unit">${legendUnit(indicator, lang, t)}${v.level ? html` · ${fill(t.cellsOf, { res: v.level })}` : nothing}</div>
    <ul>
      ${colours.map((c, k) => html`<li><span class="swatch" style="background:${c}"></span>${classLabel(k, breaks, indicator, lang)}</li>`)}
      ${indicator.basis !== 'total' ? noData : nothing}
      ${
        towns
          ? html`<li class="highlight"><span class="swatch outline"></span><span>${t.smallTowns}${noneInView}
              · <a href=${towns.listUrl} download>${t.smallTownsList}</a></span></li>`
          : nothing
      }
    </ul>
    ${fewer ? html`<div class="legend-note">${fewer}</div>` : nothing}
  </div>`;
}
