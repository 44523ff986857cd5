// The Table view: the most populous LAUs in view with their residents and the indicator the map shows,
// a caption that says how many of how many are listed, and a link to all of them as CSV.
import { html } from 'lit';
import type { Lang } from '../../core/indicators/languages.ts';
import type { IndicatorInfo } from '../../core/style/map-style.ts';
import type { LauRow } from './api-client.ts';
import { formatCount, formatValue } from './format.ts';
import { fill, type Strings } from './i18n.ts';

export interface LauTableView {
  rows: LauRow[];
  /** LAUs in view in all (the table lists the first rows.length) */
  total: number;
  /** the indicator of the map, when LAUs have it; else residents only */
  indicator?: IndicatorInfo;
  csvUrl: string;
}

export function renderLauTable({ rows, total, indicator, csvUrl }: LauTableView, lang: Lang, t: Strings) {
  const value = (r: LauRow) => {
    const v = indicator ? r[indicator.id] : undefined;
    return v === null || v === undefined ? t.noData : formatValue(lang, Number(v), indicator!);
  };
  const limit = total > rows.length ? `. ${fill(t.tableLimit, { n: formatCount(lang, rows.length), total: formatCount(lang, total) })}` : '';
  const valueHeader = indicator ? html`<th scope="col">${indicator.labels[lang] ?? indicator.id}</th>` : '';
  return html`<div class="table" part="table">
    <table>
      <caption>${t.tableCaption}${limit}</caption>
      <thead><tr><th scope="col">${t.name}</th><th scope="col">${t.residents}</th>${valueHeader}</tr></thead>
      <tbody>
        ${rows.map((r) => html`<tr><td>${r.name}</td><td>${formatCount(lang, Number(r.T))}</td>${indicator ? html`<td>${value(r)}</td>` : ''}</tr>`)}
      </tbody>
    </table>
    <a href="${csvUrl}" download>${t.csv}</a>
  </div>`;
}
