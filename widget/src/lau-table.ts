// The Table view: the most populous LAUs in view, with their residents and share born abroad, and a
// link to all of them as CSV.
import { html } from 'lit';
import { SHARE_BORN_ABROAD } from '../../core/grid/groups.ts';
import type { Lang } from '../../core/indicators/languages.ts';
import type { LauRow } from './api-client.ts';
import { formatCount, formatShare } from './format.ts';
import type { Strings } from './i18n.ts';

export function renderLauTable(rows: LauRow[], csvUrl: string, lang: Lang, t: Strings) {
  const share = (r: LauRow) => (r[SHARE_BORN_ABROAD] === null ? t.noData : formatShare(lang, Number(r[SHARE_BORN_ABROAD])));
  return html`<div class="table" part="table">
    <table>
      <thead><tr><th>${t.name}</th><th>${t.residents}</th><th>${t.bornAbroad}</th></tr></thead>
      <tbody>
        ${rows.map((r) => html`<tr><td>${r.name}</td><td>${formatCount(lang, Number(r.T))}</td><td>${share(r)}</td></tr>`)}
      </tbody>
    </table>
    <a href="${csvUrl}" download>${t.csv}</a>
  </div>`;
}
