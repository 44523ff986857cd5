// What the tooltip (and d4i-select) says of a feature under the pointer: a grid cell, named by its grid
// id and decoded from the MVT feature id, or a LAU; and the tooltip's template.
import { html, nothing } from 'lit';
import type { MapGeoJSONFeature } from 'maplibre-gl';
import { parseFeatureId } from '../../core/grid/feature-id.ts';
import { formatGridId } from '../../core/grid/grid-id.ts';
import { CONFIDENTIAL_FIELD, confidentialFieldOf, groupColumns, SHARE_BORN_ABROAD } from '../../core/grid/groups.ts';
import type { Lang } from '../../core/indicators/languages.ts';
import { publishedShare, tileShareBounds } from '../../core/indicators/share-bounds.ts';
import { formatCount, formatShare } from './format.ts';
import { fill, type Strings } from './i18n.ts';

export interface Described {
  title: string;
  rows: [string, string][];
  /** grid id of the cell, or GISCO id of the LAU */
  id: string;
  kind: 'cell' | 'lau';
}

export interface Hover {
  x: number;
  y: number;
  title: string;
  rows: [string, string][];
  /** shown left of / above the pointer (near the right / bottom edge), so it stays inside the map */
  flipX?: boolean;
  flipY?: boolean;
}

/** `level`: the legend's name of the cells drawn ("100 m"), when known. */
export function describeFeature(feature: MapGeoJSONFeature, lang: Lang, t: Strings, level: string): Described {
  const p = feature.properties as Record<string, number | string | boolean>;
  const count = (v: unknown) => formatCount(lang, Number(v));
  if (feature.layer.id !== 'grid') {
    const rows: [string, string][] = [[t.residents, count(p.T)]];
    if (p[SHARE_BORN_ABROAD] !== undefined) rows.push([t.bornAbroad, formatShare(lang, Number(p[SHARE_BORN_ABROAD]))]);
    if (p.small_town_high_share) rows.push([t.smallTown, '✓']);
    return { title: `${p.LAU_NAME} (${t.lau})`, rows, id: String(p.GISCO_ID), kind: 'lau' };
  }
  const { res, x, y } = parseFeatureId(Number(feature.id));
  const id = formatGridId({ res, e: x * res, n: y * res });
  const rows: [string, string][] = [[t.residents, count(p.T)]];
  // tiles say how many birth values are confidential and how many of them are NAT's (share-bounds.ts,
  // tileShareBounds); the map's 5-point rule decides whether the share is shown
  const conf = p[CONFIDENTIAL_FIELD.birth];
  const value = (c: string) => Number(p[c] ?? 0);
  const abroad = groupColumns('birth', 'all').reduce((s, c) => s + value(c), 0);
  const bounds = tileShareBounds(abroad, value('NAT'), Number(conf ?? 0), value(confidentialFieldOf('NAT')), p.T === undefined ? undefined : value('T'));
  const share = publishedShare(bounds);
  if (conf && share === undefined) rows.push([t.bornAbroad, t.noData]);
  else if (share !== undefined) {
    // a count that is absent is confidential: no number for it (the share is still estimated)
    const known = p.EU_OTH !== undefined && p.OTH !== undefined && !conf;
    // an estimate says so, with the range the published figures allow
    const estimated =
      bounds && bounds.hi > bounds.lo
        ? fill(t.estimate, { value: formatShare(lang, share), lo: formatShare(lang, bounds.lo), hi: formatShare(lang, bounds.hi) })
        : formatShare(lang, share);
    rows.push([t.bornAbroad, known ? `${count(Number(p.EU_OTH) + Number(p.OTH))} (${formatShare(lang, share)})` : estimated]);
    if (p.EU_OTH !== undefined) rows.push([t.bornEu, count(p.EU_OTH)]);
    if (p.OTH !== undefined) rows.push([t.bornNonEu, count(p.OTH)]);
  }
  if (conf) rows.push([t.confidential, count(conf)]);
  return { title: `${fill(t.cellsOf, { res: level || `${res} m` })}: ${id}`, rows, id, kind: 'cell' };
}

export function renderTooltip(hover: Hover | undefined) {
  if (!hover) return nothing;
  const shift = `translate(${hover.flipX ? 'calc(-100% - 12px)' : '12px'}, ${hover.flipY ? 'calc(-100% - 12px)' : '12px'})`;
  return html`<div class="tooltip" part="tooltip" style="left:${hover.x}px;top:${hover.y}px;transform:${shift}">
    <strong>${hover.title}</strong>
    <dl>${hover.rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
  </div>`;
}
