// <d4i-map>: one tag embeds a map of residents by country of birth or citizenship from a d4i-map server.
// Lit renders the frame (legend, tooltip, summary, table, states: each in its own file); maplibre-gl
// draws the map. Attribute changes restyle the map in place (MapLibre diffs the style), never reload it.
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { Map as MapLibreMap, type MapGeoJSONFeature, type MapMouseEvent } from 'maplibre-gl';
import { BASES, GROUPS, SHARE_BORN_ABROAD } from '../../core/grid/groups.ts';
import type { Lang } from '../../core/indicators/languages.ts';
import { buildStyle, GRID_KINDS, type IndicatorInfo } from '../../core/style/map-style.ts';
import { paletteColours } from '../../core/style/palettes.ts';
import { ApiClient, type Bounds, type GridTileJson, Latest, type LauRow, type View } from './api-client.ts';
import { pageLang, STRINGS } from './i18n.ts';
import { renderLauTable } from './lau-table.ts';
import { renderLegend } from './legend.ts';
import * as opt from './options.ts';
import { widgetStyles } from './styles.ts';
import { summaryText } from './summary.ts';
import { describeFeature, type Hover, renderTooltip } from './tooltip.ts';

/** Where this module was loaded from: the default server (the bundle lives at {server}/widget/). */
const SCRIPT_SERVER = new URL(/* @vite-ignore */ '..', import.meta.url).href.replace(/\/$/, '');
const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
/** A view with fewer cells than this gets classes of its whole level instead (sea, a border). */
const MIN_CELLS_FOR_LOCAL_CLASSES = 50;

/**
 * The d4i-map web component. Attributes (reflected as properties): server, indicator, basis, group,
 * place, center, zoom, bounds, palette, classes, classification, opacity, legend, show-lau, highlight,
 * basemap, lang, tooltip, interactive, label (README, "The <d4i-map> widget").
 *
 * @event d4i-ready - the map and its first tiles are drawn; detail: center, zoom, bounds
 * @event d4i-select - a cell or LAU was clicked; detail: kind and its /api/cells or /api/laus answer
 * @event d4i-viewchange - the view moved; detail: center, zoom, bounds
 * @csspart legend - the legend box
 * @csspart tooltip - the hover box
 * @csspart controls - the Table and PNG buttons
 * @csspart summary - the aria-live summary of the view
 * @csspart table - the LAU table
 * @cssproperty --d4i-font - font of the frame (13px/1.4 system-ui)
 * @cssproperty --d4i-fg - text colour
 * @cssproperty --d4i-bg - background of the boxes
 * @cssproperty --d4i-focus - focus ring colour
 */
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

  static styles = widgetStyles;

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
  declare view: { level: string; breaks: number[]; colours: string[]; summary: string; table?: LauRow[]; showTable: boolean };

  private map?: MapLibreMap;
  private indicators: IndicatorInfo[] = [];
  private tilejson?: GridTileJson;
  private breaksKey = '';
  private placeFound?: View;
  private summaryTimer?: ReturnType<typeof setTimeout>;
  private ready = false;
  // each kind of request: only the newest answer is applied
  private readonly styleRequests = new Latest();
  private readonly summaryRequests = new Latest();
  private readonly placeRequests = new Latest();

  constructor() {
    super();
    this.state = { kind: 'loading' };
    this.view = { level: '', breaks: [], colours: [], summary: '', showTable: false };
  }

  // ---- attribute values, checked -------------------------------------------------------------

  private get serverUrl(): string {
    return (this.server || SCRIPT_SERVER).replace(/\/+$/, '');
  }
  private get api(): ApiClient {
    return new ApiClient(this.serverUrl);
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
    const fallback = this.indicators.find((i) => i.id === SHARE_BORN_ABROAD) ?? this.indicators[0];
    let ind = this.indicators.find((i) => i.id === (this.indicator || SHARE_BORN_ABROAD));
    if (!ind) {
      opt.warnOnce(`indicator="${this.indicator}" is not an indicator of this server; using ${SHARE_BORN_ABROAD}`);
      ind = fallback;
    } else if (!GRID_KINDS.includes(ind.kind) || !ind.scopes.includes('cell')) {
      opt.warnOnce(`indicator="${this.indicator}" cannot colour grid cells; using ${SHARE_BORN_ABROAD}`);
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
    const api = this.api;
    try {
      // the place is looked up at the same time (it only needs the server)
      const place = this.place && !this.center && !this.bounds ? this.findPlace(this.place) : Promise.resolve(undefined);
      const [indicators, tilejson] = await Promise.all([api.indicators(), api.gridTileJson(), place]);
      this.indicators = indicators;
      this.tilejson = tilejson;
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
    map.on('mouseout', () => {
      this.hover = undefined;
    });
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
    for (const requests of [this.styleRequests, this.summaryRequests, this.placeRequests]) requests.abort();
    clearTimeout(this.summaryTimer);
    this.map?.remove();
    this.map = undefined;
  }

  // ---- data ---------------------------------------------------------------------------------

  /** Center and zoom to open at: attributes, else a place, else the data's own centre. */
  private startView(): View & { bounds?: Bounds } {
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

  /** A place by name or LAU id; shows "place not found" in the box when unknown. Undefined when overtaken. */
  private async findPlace(place: string): Promise<View | undefined> {
    let found: View | undefined;
    let overtaken = false;
    try {
      const answer = await this.placeRequests.run(async (signal) => ({ view: await this.api.place(place, signal) }));
      overtaken = answer === undefined;
      found = answer?.view;
    } catch {
      // reported below like an unknown name
    }
    if (!found && !overtaken) this.state = { kind: 'error', message: `${this.t.unknownPlace}: ${place}` };
    return found;
  }

  private async goToPlace(place: string): Promise<void> {
    const found = await this.findPlace(place);
    if (!found || !this.map) return;
    if (this.state.kind === 'error') this.state = { kind: 'ready' };
    const target = { center: found.center, zoom: found.zoom };
    if (reducedMotion()) this.map.jumpTo(target);
    else this.map.flyTo(target);
  }

  /** Class breaks: explicit, or from /api/breaks for the level drawn at this zoom over the view (grown by half). */
  private async breaksFor(indicator: IndicatorInfo, signal: AbortSignal): Promise<number[]> {
    const classification = opt.classification(this.classification);
    if ('breaks' in classification) return classification.breaks;
    const query = {
      indicator: indicator.id,
      method: classification.method,
      classes: this.classCount,
      zoom: Math.min(this.tilejson?.maxzoom ?? 14, Math.floor(this.map?.getZoom() ?? 10)),
    };
    if (!this.map) return (await this.api.breaks(query, signal)).breaks;
    const [w, s, e, n] = this.viewDetail().bounds;
    const [dx, dy] = [(e - w) / 4, (n - s) / 4];
    const bbox: Bounds = [Math.max(-180, w - dx), Math.max(-85, s - dy), Math.min(180, e + dx), Math.min(85, n + dy)];
    const local = await this.api.breaks({ ...query, bbox }, signal);
    if (local.n >= MIN_CELLS_FOR_LOCAL_CLASSES) return local.breaks;
    return (await this.api.breaks(query, signal)).breaks;
  }

  private async restyle(): Promise<void> {
    if (!this.map) return;
    const indicator = this.chosen;
    const zoom = Math.floor(this.map.getZoom());
    const level = this.tilejson?.levels[Math.min(zoom, this.tilejson.maxzoom)];
    let breaks: number[] | undefined;
    try {
      breaks = await this.styleRequests.run((signal) => this.breaksFor(indicator, signal));
    } catch (error) {
      this.state = { kind: 'error', message: `${this.t.unreachable}: ${(error as Error).message}` };
      return;
    }
    // overtaken by a newer restyle while the breaks were on their way: that one applies its own
    if (!breaks || !this.map) return;
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

  private viewDetail(): { center: number[]; zoom: number; bounds: Bounds } {
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

  /** The view inside the valid lon/lat range, for the API. */
  private clampedView(): Bounds {
    return this.viewDetail().bounds.map((v, k) => Math.max(k % 2 ? -90 : -180, Math.min(k % 2 ? 90 : 180, v))) as Bounds;
  }

  /** The aria-live text summary of the view, from /api/summary; and the LAU table when open. */
  private async updateSummary(): Promise<void> {
    if (!this.map) return;
    const bbox = this.clampedView();
    const showTable = this.view.showTable;
    try {
      const answer = await this.summaryRequests.run(async (signal) => ({
        sum: await this.api.summary(bbox, signal),
        table: showTable ? await this.api.lausIn(bbox, signal) : undefined,
      }));
      if (!answer) return; // a newer view's summary is on its way
      const indicator = this.indicators.length ? this.chosen : undefined;
      this.view = { ...this.view, summary: summaryText(answer.sum, indicator, this.language, this.t), ...(answer.table ? { table: answer.table } : {}) };
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

  private onHover(e: MapMouseEvent): void {
    if (!opt.flag(this.tooltip, true)) return;
    const feature = this.featureAt(e.point);
    if (!feature) {
      this.hover = undefined;
      return;
    }
    const { title, rows } = describeFeature(feature, this.language, this.t, this.view.level);
    this.hover = { x: e.point.x, y: e.point.y, title, rows };
  }

  private async onClick(e: MapMouseEvent): Promise<void> {
    const feature = this.featureAt(e.point);
    if (!feature) return;
    const described = describeFeature(feature, this.language, this.t, this.view.level);
    if (opt.flag(this.tooltip, true)) this.hover = { x: e.point.x, y: e.point.y, title: described.title, rows: described.rows };
    try {
      this.emit('d4i-select', { kind: described.kind, ...(await this.api.feature(described.kind, described.id)) });
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

  render() {
    const t = this.t;
    const lang = this.language;
    const position = opt.oneOf('legend', this.legend, opt.LEGEND_POSITIONS, 'bottom-left');
    const legend = this.indicators.length ? renderLegend({ position, indicator: this.chosen, ...this.view }, lang, t) : nothing;
    const showTable = this.view.showTable;
    const table = showTable ? renderLauTable(this.view.table ?? [], this.api.csvUrl(this.map ? this.viewDetail().bounds : ''), lang, t) : nothing;
    return html`<section role="region" aria-label=${this.label || 'd4i map'} aria-describedby="description">
      <p id="description" class="visually-hidden">${t.description}</p>
      <div class="map"></div>
      ${this.state.kind === 'loading' ? html`<div class="state" role="status">${t.loading}</div>` : nothing}
      ${this.state.kind === 'error' ? html`<div class="state error" role="alert">${this.state.message}</div>` : nothing}
      ${legend}
      ${renderTooltip(this.hover)}
      <div class="controls" part="controls">
        <button type="button" @click=${this.toggleTable} aria-pressed=${showTable ? 'true' : 'false'}>${showTable ? t.map : t.table}</button>
        <button type="button" @click=${this.downloadPng}>${t.png}</button>
      </div>
      ${table}
      <div class="summary" aria-live="polite" part="summary">${this.view.summary}</div>
    </section>`;
  }
}
