// <d4i-map>: one tag embeds a map of residents by country of birth or citizenship from a d4i-map server.
// Lit renders the frame (legend, tooltip, summary, table, states); maplibre-gl draws the map. Attribute
// changes restyle the map in place (MapLibre diffs the style), never reload it.
import { css, html, LitElement, nothing, type PropertyValues, unsafeCSS } from 'lit';
import { Map as MapLibreMap, type MapGeoJSONFeature, type MapMouseEvent } from 'maplibre-gl';
import maplibreCss from 'maplibre-gl/dist/maplibre-gl.css?inline';
import { parseFeatureId } from '../../core/grid/feature-id.ts';
import { formatGridId } from '../../core/grid/grid-id.ts';
import { BASES, BASIS_TOP_GROUPS, CONFIDENTIAL_FIELD, GROUPS, groupColumns } from '../../core/grid/groups.ts';
import { shareReader } from '../../core/indicators/readers.ts';
import { NO_DATA_COLOUR, paletteColours } from '../../core/style/palettes.ts';
import { fill, type Lang, pageLang, STRINGS } from './i18n.ts';
import { buildStyle, GRID_KINDS, type IndicatorInfo } from '../../core/style/map-style.ts';
import * as opt from './options.ts';

/** Where this module was loaded from: the default server (the bundle lives at {server}/widget/). */
const SCRIPT_SERVER = new URL(/* @vite-ignore */ '..', import.meta.url).href.replace(/\/$/, '');
const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

interface TileJsonLevels {
  center: [number, number, number];
  bounds: [number, number, number, number];
  levels: { zoom: number; res: number; label: string }[];
  maxzoom: number;
}

interface Hover {
  x: number;
  y: number;
  title: string;
  rows: [string, string][];
}

export class D4iMap extends LitElement {
  static properties = {
    server: { type: String, reflect: true },
    indicator: { type: String, reflect: true },
    basis: { type: String, reflect: true },
    group: { type: String, reflect: true },
    place: { type: String, reflect: true },
    center: { type: String, reflect: true },
    zoom: { type: String, reflect: true },
    bounds: { type: String, reflect: true },
    palette: { type: String, reflect: true },
    classes: { type: String, reflect: true },
    classification: { type: String, reflect: true },
    opacity: { type: String, reflect: true },
    legend: { type: String, reflect: true },
    showLau: { type: String, reflect: true, attribute: 'show-lau' },
    highlight: { type: String, reflect: true },
    basemap: { type: String, reflect: true },
    lang: { type: String, reflect: true },
    tooltip: { type: String, reflect: true },
    interactive: { type: String, reflect: true },
    label: { type: String, reflect: true },
    state: { state: true },
    hover: { state: true },
    view: { state: true },
  };

  declare server: string | null;
  declare indicator: string | null;
  declare basis: string | null;
  declare group: string | null;
  declare place: string | null;
  declare center: string | null;
  declare zoom: string | null;
  declare bounds: string | null;
  declare palette: string | null;
  declare classes: string | null;
  declare classification: string | null;
  declare opacity: string | null;
  declare legend: string | null;
  declare showLau: string | null;
  declare highlight: string | null;
  declare basemap: string | null;
  declare lang: string;
  declare tooltip: string | null;
  declare interactive: string | null;
  declare label: string | null;
  /** loading, ready, or an error message shown in the box */
  declare state: { kind: 'loading' | 'ready' | 'error'; message?: string };
  declare hover: Hover | undefined;
  /** what the frame shows of the current view */
  declare view: { level: string; breaks: number[]; colours: string[]; summary: string; table?: Record<string, unknown>[]; showTable: boolean };

  private map?: MapLibreMap;
  private indicators: IndicatorInfo[] = [];
  private tilejson?: TileJsonLevels;
  private breaksKey = '';
  private placeFound?: { center: [number, number]; zoom: number };
  private summaryTimer?: ReturnType<typeof setTimeout>;
  private ready = false;

  constructor() {
    super();
    this.state = { kind: 'loading' };
    this.view = { level: '', breaks: [], colours: [], summary: '', showTable: false };
  }

  // ---- attribute values, checked -------------------------------------------------------------

  private get serverUrl(): string {
    return (this.server || SCRIPT_SERVER).replace(/\/+$/, '');
  }
  private get language(): Lang {
    return opt.lang(this.lang, pageLang());
  }
  private get t() {
    return STRINGS[this.language];
  }
  private get classCount(): number {
    return Math.round(opt.numberIn('classes', this.classes, 3, 9, 5));
  }
  private get chosen(): IndicatorInfo {
    const fallback = this.indicators.find((i) => i.id === 'share_born_abroad') ?? this.indicators[0];
    let ind = this.indicators.find((i) => i.id === (this.indicator || 'share_born_abroad'));
    if (!ind) {
      opt.warnOnce(`indicator="${this.indicator}" is not an indicator of this server; using share_born_abroad`);
      ind = fallback;
    } else if (!GRID_KINDS.includes(ind.kind) || !ind.scopes.includes('cell')) {
      opt.warnOnce(`indicator="${this.indicator}" cannot colour grid cells; using share_born_abroad`);
      ind = fallback;
    }
    // basis and group pick the matching indicator of the same kind
    const basis = this.basis ? opt.oneOf('basis', this.basis, BASES, 'birth') : undefined;
    const group = this.group ? opt.oneOf('group', this.group, GROUPS, 'all') : undefined;
    if ((basis || group) && ind.basis !== 'total') {
      const match = this.indicators.find((i) => i.kind === ind!.kind && i.basis === (basis ?? ind!.basis) && i.group === (group ?? ind!.group));
      if (match) ind = match;
      else opt.warnOnce(`no ${ind.kind} indicator for basis "${basis ?? ind.basis}" and group "${group ?? ind.group}"; showing ${ind.id}`);
    }
    return ind;
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  protected async firstUpdated(): Promise<void> {
    try {
      // the place is looked up at the same time (it only needs the server)
      const place = this.place && !this.center && !this.bounds ? this.findPlace(this.place) : Promise.resolve(undefined);
      const [indicators, tilejson] = await Promise.all([this.fetchJson('/api/indicators'), this.fetchJson('/tiles/grid.json'), place]);
      this.indicators = (indicators as { indicators: IndicatorInfo[] }).indicators;
      this.tilejson = tilejson as TileJsonLevels;
      this.placeFound = await place;
    } catch (error) {
      this.state = { kind: 'error', message: `${this.t.unreachable} (${this.serverUrl}): ${(error as Error).message}` };
      return;
    }
    const start = this.startView();
    const container = this.renderRoot.querySelector('.map') as HTMLElement;
    const interactive = opt.flag(this.interactive, true);
    const map = new MapLibreMap({
      container,
      style: { version: 8, sources: {}, layers: [] },
      center: start.center,
      zoom: start.zoom,
      interactive,
      cooperativeGestures: interactive,
      attributionControl: { compact: true },
      // short label fades: the first idle (d4i-ready) waits for them
      fadeDuration: reducedMotion() ? 0 : 100,
      canvasContextAttributes: { preserveDrawingBuffer: true },
    });
    this.map = map;
    if (start.bounds) map.fitBounds(start.bounds, { animate: false, padding: 10 });
    map.getCanvas().setAttribute('aria-label', this.label || this.t.description);
    await this.restyle();
    map.on('moveend', () => this.onViewChange());
    map.on('mousemove', (e) => this.onHover(e));
    map.on('mouseout', () => (this.hover = undefined));
    map.on('click', (e) => this.onClick(e));
    map.on('error', (e) => {
      if (!this.ready) this.state = { kind: 'error', message: `${this.t.unreachable}: ${e.error?.message ?? 'error'}` };
    });
    map.once('idle', () => {
      this.renderRoot.querySelector('.maplibregl-ctrl-attrib')?.classList.remove('maplibregl-compact-show');
      this.ready = true;
      if (this.state.kind === 'loading') this.state = { kind: 'ready' };
      this.emit('d4i-ready', this.viewDetail());
    });
    this.onViewChange();
  }

  protected updated(changed: PropertyValues): void {
    if (!this.map || !this.indicators.length) return;
    const restyle = ['indicator', 'basis', 'group', 'palette', 'classes', 'classification', 'opacity', 'showLau', 'highlight', 'basemap', 'server'];
    if (restyle.some((p) => changed.has(p))) void this.restyle();
    if (changed.has('lang') || changed.has('indicator') || changed.has('basis') || changed.has('group')) {
      this.map.getCanvas().setAttribute('aria-label', this.label || this.t.description);
      void this.updateSummary();
    }
    if (changed.has('place') && this.place) void this.goToPlace(this.place);
    if ((changed.has('center') || changed.has('zoom')) && (this.center || this.zoom)) {
      const center = opt.lonLat('center', this.center);
      const zoom = opt.numberIn('zoom', this.zoom, 0, 22, this.map.getZoom());
      this.map.jumpTo({ center: center ?? this.map.getCenter(), zoom });
    }
    if (changed.has('bounds') && this.bounds) {
      const b = opt.bounds(this.bounds);
      if (b) this.map.fitBounds(b, { animate: !reducedMotion() });
    }
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.map?.remove();
    this.map = undefined;
  }

  // ---- data ---------------------------------------------------------------------------------

  private async fetchJson(path: string): Promise<unknown> {
    const res = await fetch(`${this.serverUrl}${path}`);
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error((body as { error?: string }).error ?? `HTTP ${res.status}`);
    return body;
  }

  /** Center and zoom to open at: attributes, else a place, else the data's own centre. */
  private startView(): { center: [number, number]; zoom: number; bounds?: [number, number, number, number] } {
    const tj = this.tilejson!;
    const fallback = { center: [tj.center[0], tj.center[1]] as [number, number], zoom: tj.center[2] };
    const bounds = opt.bounds(this.bounds);
    if (bounds) return { ...fallback, bounds };
    const center = opt.lonLat('center', this.center);
    if (center) return { center, zoom: opt.numberIn('zoom', this.zoom, 0, 22, 10) };
    const found = this.placeFound;
    if (found) return { center: found.center, zoom: this.zoom ? opt.numberIn('zoom', this.zoom, 0, 22, found.zoom) : found.zoom };
    return { ...fallback, zoom: opt.numberIn('zoom', this.zoom, 0, 22, fallback.zoom) };
  }

  /** A place by name (via /api/search) or LAU id; shows "place not found" in the box when unknown. */
  private async findPlace(place: string): Promise<{ center: [number, number]; zoom: number } | undefined> {
    try {
      if (/^[A-Z]{2}_/.test(place)) {
        const lau = (await this.fetchJson(`/api/laus/${encodeURIComponent(place)}`)) as { bbox: number[] };
        const [w, s, e, n] = lau.bbox;
        return { center: [(w + e) / 2, (s + n) / 2], zoom: Math.max(4, Math.min(14, Math.round(Math.log2(360 / Math.max(e - w, 1e-4))))) };
      }
      const found = (await this.fetchJson(`/api/search?q=${encodeURIComponent(place)}&limit=1`)) as { results: { center: [number, number]; zoom: number }[] };
      if (found.results[0]) return found.results[0];
    } catch {
      // reported below like an unknown name
    }
    this.state = { kind: 'error', message: `${this.t.unknownPlace}: ${place}` };
    return undefined;
  }

  private async goToPlace(place: string): Promise<void> {
    const found = await this.findPlace(place);
    if (!found || !this.map) return;
    if (this.state.kind === 'error') this.state = { kind: 'ready' };
    const target = { center: found.center, zoom: found.zoom };
    if (reducedMotion()) this.map.jumpTo(target);
    else this.map.flyTo(target);
  }

  /** Class breaks: explicit, or from /api/breaks for the level drawn at this zoom. */
  private async breaksFor(indicator: IndicatorInfo): Promise<number[]> {
    const classification = opt.classification(this.classification);
    if ('breaks' in classification) return classification.breaks;
    const zoom = Math.min(this.tilejson?.maxzoom ?? 14, Math.floor(this.map?.getZoom() ?? 10));
    let box = '';
    if (this.map) {
      const [w, s, e, n] = this.viewDetail().bounds;
      const [dx, dy] = [(e - w) / 4, (n - s) / 4];
      box = `&bbox=${[Math.max(-180, w - dx), Math.max(-85, s - dy), Math.min(180, e + dx), Math.min(85, n + dy)].map((v) => v.toFixed(5)).join(',')}`;
    }
    const url = `/api/breaks?indicator=${indicator.id}&method=${classification.method}&classes=${this.classCount}&zoom=${zoom}${box}`;
    let body = (await this.fetchJson(url)) as { breaks: number[]; n: number };
    // a view with almost no cells (sea, a border) falls back to classes of the whole level
    if (body.n < 50 && box) body = (await this.fetchJson(url.replace(box, ''))) as { breaks: number[]; n: number };
    return body.breaks;
  }

  private async restyle(): Promise<void> {
    if (!this.map) return;
    const indicator = this.chosen;
    const zoom = Math.floor(this.map.getZoom());
    const level = this.tilejson?.levels[Math.min(zoom, this.tilejson.maxzoom)];
    let breaks: number[];
    try {
      breaks = await this.breaksFor(indicator);
    } catch (error) {
      this.state = { kind: 'error', message: `${this.t.unreachable}: ${(error as Error).message}` };
      return;
    }
    const colours = paletteColours(breaks.length + 1, opt.palette(this.palette));
    this.breaksKey = `${indicator.id}|${level?.res}`;
    this.view = { ...this.view, level: level?.label.replace(/(\d)(k?m)$/, '$1 $2') ?? '', breaks, colours };
    const highlight = opt.oneOf('highlight', this.highlight, ['none', 'small-towns'], 'none');
    this.map.setStyle(
      buildStyle({
        server: this.serverUrl,
        indicator,
        breaks,
        colours,
        opacity: opt.numberIn('opacity', this.opacity, 0, 1, 0.85),
        showLau: opt.flag(this.showLau, false),
        highlightSmallTowns: highlight === 'small-towns',
        basemap: opt.oneOf('basemap', this.basemap, ['default', 'none'], 'default') === 'default',
      }) as never,
    );
  }

  private viewDetail() {
    const map = this.map!;
    const b = map.getBounds();
    return { center: map.getCenter().toArray(), zoom: map.getZoom(), bounds: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()] };
  }

  private onViewChange(): void {
    if (!this.map) return;
    const indicator = this.indicators.length ? this.chosen : undefined;
    const level = this.tilejson?.levels[Math.min(Math.floor(this.map.getZoom()), this.tilejson.maxzoom)];
    // another level at this zoom: breaks of that level
    if (indicator && `${indicator.id}|${level?.res}` !== this.breaksKey && !('breaks' in opt.classification(this.classification))) void this.restyle();
    this.emit('d4i-viewchange', this.viewDetail());
    clearTimeout(this.summaryTimer);
    this.summaryTimer = setTimeout(() => this.updateSummary(), 250);
  }

  /** The aria-live text summary of the view, from /api/summary; and the LAU table when open. */
  private async updateSummary(): Promise<void> {
    if (!this.map) return;
    const [w, s, e, n] = this.viewDetail().bounds.map((v, k) => Math.max(k % 2 ? -90 : -180, Math.min(k % 2 ? 90 : 180, v)));
    try {
      const sum = (await this.fetchJson(`/api/summary?bbox=${w},${s},${e},${n}`)) as Record<string, unknown> & { values: { T: number } };
      const residents = this.formatCount(sum.values.T);
      const indicator = this.indicators.length ? this.chosen : undefined;
      const value = indicator ? (sum[indicator.id] as number | null | undefined) : undefined;
      let summary: string;
      if (!indicator || indicator.id === 'share_born_abroad' || value === undefined) {
        const share = sum.share_born_abroad as number | null;
        summary =
          share === null || share === undefined
            ? fill(this.t.summaryUnknown, { residents })
            : fill(this.t.summary, { residents, share: this.formatShare(share) });
      } else {
        const text = value === null ? this.t.noData : indicator.kind === 'share' ? this.formatShare(value) : this.formatCount(value);
        summary = fill(this.t.summaryIndicator, { residents, indicator: indicator.labels[this.language] ?? indicator.id, value: text });
      }
      this.view = { ...this.view, summary };
      if (this.view.showTable) {
        const laus = (await this.fetchJson(`/api/laus?bbox=${w},${s},${e},${n}&limit=50&sort=-T`)) as { items: Record<string, unknown>[] };
        this.view = { ...this.view, table: laus.items };
      }
    } catch {
      // the summary is an extra: the map itself reports errors
    }
  }

  // ---- interaction ---------------------------------------------------------------------------

  private featureAt(point: { x: number; y: number }): MapGeoJSONFeature | undefined {
    const layers = ['grid', ...(opt.flag(this.showLau, false) ? ['lau-hit'] : [])].filter((l) => this.map!.getLayer(l));
    const found = this.map!.queryRenderedFeatures([point.x, point.y], { layers });
    return found.find((f) => f.layer.id === 'grid') ?? found[0];
  }

  private describe(feature: MapGeoJSONFeature): { title: string; rows: [string, string][]; id: string; kind: 'cell' | 'lau' } {
    const p = feature.properties as Record<string, number | string | boolean>;
    const t = this.t;
    if (feature.layer.id !== 'grid') {
      const rows: [string, string][] = [[t.residents, this.formatCount(Number(p.T))]];
      if (p.share_born_abroad !== undefined) rows.push([t.bornAbroad, this.formatShare(Number(p.share_born_abroad))]);
      if (p.small_town_high_share) rows.push([t.smallTown, '✓']);
      return { title: `${p.LAU_NAME} (${t.lau})`, rows, id: String(p.GISCO_ID), kind: 'lau' };
    }
    const { res, x, y } = parseFeatureId(Number(feature.id));
    const id = formatGridId({ res, e: x * res, n: y * res });
    const rows: [string, string][] = [[t.residents, this.formatCount(Number(p.T))]];
    // the cell as a one-unit table, so the API's coverage rule decides whether its share is known
    const num = (c: string) => [Number(p[c] ?? 0)];
    const birth = BASIS_TOP_GROUPS.birth;
    const cell = { count: 1, values: Object.fromEntries(['T', ...birth].map((c) => [c, num(c)])), unknown: { [birth[0]]: num(CONFIDENTIAL_FIELD.birth) } };
    const share = shareReader(cell, groupColumns('birth', 'all'), birth)(0);
    if (p.conf && share === undefined) rows.push([t.bornAbroad, t.noData]);
    else if (share !== undefined) {
      rows.push([t.bornAbroad, `${this.formatCount(Number(p.EU_OTH) + Number(p.OTH))} (${this.formatShare(share)})`]);
      rows.push([t.bornEu, this.formatCount(Number(p.EU_OTH))], [t.bornNonEu, this.formatCount(Number(p.OTH))]);
    }
    if (p.conf) rows.push([t.confidential, this.formatCount(Number(p.conf))]);
    const label = this.view.level || `${res} m`;
    return { title: `${fill(t.cellsOf, { res: label })}: ${id}`, rows, id, kind: 'cell' };
  }

  private onHover(e: MapMouseEvent): void {
    if (!opt.flag(this.tooltip, true)) return;
    const feature = this.featureAt(e.point);
    if (!feature) {
      this.hover = undefined;
      return;
    }
    const { title, rows } = this.describe(feature);
    this.hover = { x: e.point.x, y: e.point.y, title, rows };
  }

  private async onClick(e: MapMouseEvent): Promise<void> {
    const feature = this.featureAt(e.point);
    if (!feature) return;
    const described = this.describe(feature);
    if (opt.flag(this.tooltip, true)) this.hover = { x: e.point.x, y: e.point.y, title: described.title, rows: described.rows };
    try {
      const path = described.kind === 'cell' ? `/api/cells/${described.id}` : `/api/laus/${encodeURIComponent(described.id)}`;
      const data = (await this.fetchJson(path)) as Record<string, unknown>;
      this.emit('d4i-select', { kind: described.kind, ...data });
    } catch (error) {
      opt.warnOnce(`could not read ${described.id}: ${(error as Error).message}`);
    }
  }

  private emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  private downloadPng(): void {
    if (!this.map) return;
    const a = document.createElement('a');
    a.href = this.map.getCanvas().toDataURL('image/png');
    a.download = `d4i-map-${this.chosen.id}.png`;
    a.click();
  }

  private toggleTable(): void {
    this.view = { ...this.view, showTable: !this.view.showTable };
    if (this.view.showTable) void this.updateSummary();
  }

  // ---- rendering ----------------------------------------------------------------------------

  private formatCount(n: number): string {
    return new Intl.NumberFormat(this.language).format(Math.round(n));
  }
  private formatShare(v: number): string {
    return new Intl.NumberFormat(this.language, { style: 'percent', maximumFractionDigits: 1 }).format(v);
  }
  private formatBreak(v: number, indicator: IndicatorInfo): string {
    return indicator.kind === 'share' ? this.formatShare(v) : this.formatCount(v);
  }

  private renderLegend() {
    const position = opt.oneOf('legend', this.legend, opt.LEGEND_POSITIONS, 'bottom-left');
    if (position === 'none' || !this.indicators.length || !this.view.colours.length) return nothing;
    const indicator = this.chosen;
    const { breaks, colours } = this.view;
    const label = (k: number) =>
      k === 0
        ? `< ${this.formatBreak(breaks[0], indicator)}`
        : k === breaks.length
          ? `≥ ${this.formatBreak(breaks[k - 1], indicator)}`
          : `${this.formatBreak(breaks[k - 1], indicator)} – ${this.formatBreak(breaks[k], indicator)}`;
    return html`<div class="legend ${position}" part="legend">
      <div class="legend-title">${indicator.labels[this.language] ?? indicator.id}</div>
      <div class="legend-unit">${indicator.unit[this.language] ?? ''}${this.view.level ? html` · ${fill(this.t.cellsOf, { res: this.view.level })}` : nothing}</div>
      <ul>
        ${colours.map((c, k) => html`<li><span class="swatch" style="background:${c}"></span>${label(k)}</li>`)}
        ${indicator.basis !== 'total' ? html`<li class="no-data"><span class="swatch" style="background:${NO_DATA_COLOUR}"></span>${this.t.noData}</li>` : nothing}
      </ul>
    </div>`;
  }

  private renderTable() {
    if (!this.view.showTable) return nothing;
    const b = this.map ? this.viewDetail().bounds.join(',') : '';
    return html`<div class="table" part="table">
      <table>
        <thead><tr><th>${this.t.name}</th><th>${this.t.residents}</th><th>${this.t.bornAbroad}</th></tr></thead>
        <tbody>
          ${(this.view.table ?? []).map(
            (r) =>
              html`<tr><td>${r.name}</td><td>${this.formatCount(Number(r.T))}</td><td>${r.share_born_abroad === null ? this.t.noData : this.formatShare(Number(r.share_born_abroad))}</td></tr>`,
          )}
        </tbody>
      </table>
      <a href="${this.serverUrl}/api/laus?format=csv&bbox=${b}" download>${this.t.csv}</a>
    </div>`;
  }

  render() {
    const t = this.t;
    const hover = this.hover;
    return html`<section role="region" aria-label=${this.label || 'd4i map'} aria-describedby="description">
      <p id="description" class="visually-hidden">${t.description}</p>
      <div class="map"></div>
      ${this.state.kind === 'loading' ? html`<div class="state" role="status">${t.loading}</div>` : nothing}
      ${this.state.kind === 'error' ? html`<div class="state error" role="alert">${this.state.message}</div>` : nothing}
      ${this.renderLegend()}
      ${
        hover
          ? html`<div class="tooltip" part="tooltip" style="left:${hover.x + 12}px;top:${hover.y + 12}px">
            <strong>${hover.title}</strong>
            <dl>${hover.rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
          </div>`
          : nothing
      }
      <div class="controls" part="controls">
        <button type="button" @click=${this.toggleTable} aria-pressed=${this.view.showTable ? 'true' : 'false'}>${this.view.showTable ? t.map : t.table}</button>
        <button type="button" @click=${this.downloadPng}>${t.png}</button>
      </div>
      ${this.renderTable()}
      <div class="summary" aria-live="polite" part="summary">${this.view.summary}</div>
    </section>`;
  }

  static styles = [
    unsafeCSS(maplibreCss),
    css`
      :host {
        display: block;
        position: relative;
        width: 100%;
        height: 100%;
        min-height: 300px;
        font: var(--d4i-font, 13px/1.4 system-ui, sans-serif);
        color: var(--d4i-fg, #1d1d1d);
      }
      section,
      .map {
        position: absolute;
        inset: 0;
      }
      .maplibregl-canvas:focus-visible {
        outline: 3px solid var(--d4i-focus, #1a5fb4);
        outline-offset: -3px;
      }
      .visually-hidden {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip-path: inset(50%);
      }
      .legend,
      .tooltip,
      .controls,
      .summary,
      .table,
      .state {
        position: absolute;
        background: var(--d4i-bg, rgba(255, 255, 255, 0.94));
        border-radius: 4px;
        box-shadow: 0 1px 4px rgba(0, 0, 0, 0.25);
      }
      .legend {
        padding: 6px 8px;
        max-width: 240px;
        z-index: 2;
      }
      .legend.bottom-left { left: 8px; bottom: 30px; }
      .legend.bottom-right { right: 8px; bottom: 30px; }
      .legend.top-left { left: 8px; top: 36px; }
      .legend.top-right { right: 48px; top: 8px; }
      .legend-title { font-weight: 600; }
      .legend-unit { font-size: 11px; opacity: 0.8; margin-bottom: 4px; }
      .legend ul { list-style: none; margin: 0; padding: 0; }
      .legend li { display: flex; align-items: center; gap: 6px; }
      .swatch { width: 14px; height: 12px; border: 1px solid rgba(0, 0, 0, 0.2); flex: none; }
      .tooltip { padding: 6px 8px; pointer-events: none; z-index: 3; max-width: 280px; }
      .tooltip dl { display: grid; grid-template-columns: auto auto; gap: 0 10px; margin: 4px 0 0; }
      .tooltip dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; }
      .controls { right: 8px; bottom: 30px; display: flex; gap: 4px; padding: 4px; z-index: 2; }
      .controls button { font: inherit; cursor: pointer; border: 1px solid #888; background: #fff; border-radius: 3px; padding: 2px 6px; }
      .controls button:focus-visible { outline: 3px solid var(--d4i-focus, #1a5fb4); }
      .summary { left: 8px; top: 8px; max-width: calc(100% - 60px); padding: 2px 6px; font-size: 11px; pointer-events: none; }
      .summary:empty { display: none; }
      .table { right: 8px; top: 8px; bottom: 70px; width: min(360px, 60%); overflow: auto; padding: 6px; z-index: 4; }
      .table table { border-collapse: collapse; width: 100%; }
      .table th, .table td { text-align: left; padding: 2px 4px; border-bottom: 1px solid #ddd; }
      .state { left: 50%; top: 50%; transform: translate(-50%, -50%); padding: 10px 14px; z-index: 5; }
      .state.error { color: #8b0000; }
    `,
  ];
}

if (!customElements.get('d4i-map')) customElements.define('d4i-map', D4iMap);

declare global {
  interface HTMLElementTagNameMap {
    'd4i-map': D4iMap;
  }
}
