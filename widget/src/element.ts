// <d4i-map>: one tag embeds a map of residents by country of birth or citizenship from a d4i-map server.
// Lit renders the frame (legend, tooltip, summary, table, states: each in its own file); maplibre-gl
// draws the map. Attribute changes restyle the map in place (MapLibre diffs the style), never reload it.
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { Map as MapLibreMap, type MapGeoJSONFeature, type MapMouseEvent } from 'maplibre-gl';
import { BASES, GROUPS, SHARE_BORN_ABROAD } from '../../core/grid/groups.ts';
import type { Lang } from '../../core/indicators/languages.ts';
import { buildStyle, GRID_KINDS, HIGHLIGHT_COLOUR, type IndicatorInfo, styleOverBasemap } from '../../core/style/map-style.ts';
import { NO_DATA_COLOUR, paletteColours } from '../../core/style/palettes.ts';
import { ApiClient, type Bounds, type GridTileJson, Latest, type LauRow, type View } from './api-client.ts';
import { fill, pageLang, STRINGS } from './i18n.ts';
import { renderLauTable } from './lau-table.ts';
import { classLabel, legendUnit, renderLegend } from './legend.ts';
import { composeReport, hatchImage } from './report.ts';
import * as opt from './options.ts';
import { widgetStyles } from './styles.ts';
import { summaryText } from './summary.ts';
import { describeFeature, type Hover, renderTooltip } from './tooltip.ts';

/** Where this module was loaded from: the default server (the bundle lives at {server}/widget/). */
const SCRIPT_SERVER = new URL(/* @vite-ignore */ '..', import.meta.url).href.replace(/\/$/, '');
const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
/** A view with fewer cells than this gets classes of its whole level instead (sea, a border). */
const MIN_CELLS_FOR_LOCAL_CLASSES = 50;
/** Stable classes (the same on every page and screen) describe the cells drawn at this zoom: 1 km. */
const STABLE_CLASSES_ZOOM = 10;
/** Narrower than this, the legend folds into a button. */
const COMPACT_WIDTH = 480;
/** Rows of the LAU table (the CSV link has them all). */
const TABLE_ROWS = 50;
const NO_DATA_PATTERN = 'd4i-no-data';
/** Accessible names in use on the page: a second map of the same name gets a number. */
const namesInUse = new Map<D4iMap, string>();
const webgl2 = () => {
  try {
    return Boolean(document.createElement('canvas').getContext('webgl2'));
  } catch {
    return false;
  }
};

/**
 * The d4i-map web component. Attributes (reflected as properties): server, indicator, basis, group,
 * place, center, zoom, bounds, palette, classes, classification, opacity, legend, show-lau, highlight,
 * basemap (default, none, or the URL of a MapLibre style.json to draw over), lang, tooltip, interactive,
 * label, title, description, source, aspect-ratio (README, "The <d4i-map> widget").
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
    mapTitle: { type: String, reflect: true, attribute: 'title' },
    description: { type: String, reflect: true },
    source: { type: String, reflect: true },
    aspectRatio: { type: String, reflect: true, attribute: 'aspect-ratio' },
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
  /** the map's title (the host's `title` attribute: its accessible name, and the report's heading) */
  declare mapTitle: string | null;
  declare description: string | null;
  declare source: string | null;
  declare aspectRatio: string | null;
  /** loading, ready, or an error message shown in the box */
  declare state: { kind: 'loading' | 'ready' | 'error'; message?: string };
  declare hover: Hover | undefined;
  /** what the frame shows of the current view */
  declare view: {
    level: string;
    breaks: number[];
    colours: string[];
    summary: string;
    table?: { items: LauRow[]; total: number };
    showTable: boolean;
    /** small towns of the finding in view (with the highlight on) */
    townsInView?: number;
    /** the map is narrow: the legend is a button, open or not */
    compact: boolean;
    legendOpen: boolean;
    /** what the keyboard cross read last (the live region says it) */
    inspected: string;
    /** no WebGL: the server's image of the view */
    fallback?: string;
  };

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
  private resizeObserver?: ResizeObserver;
  /** the basemap style fetched from a host URL, by URL */
  private hostStyle?: { url: string; style: Record<string, unknown> };

  constructor() {
    super();
    this.state = { kind: 'loading' };
    this.view = { level: '', breaks: [], colours: [], summary: '', showTable: false, compact: false, legendOpen: false, inspected: '' };
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
  /** The region's accessible name: the title, else indicator and place; unique on the page, in the widget's language. */
  private get accessibleName(): string {
    const indicator = this.indicators.length ? this.chosen : undefined;
    const base =
      this.label ||
      this.mapTitle ||
      (indicator ? fill(this.t.mapOf, { indicator: indicator.labels[this.language] ?? indicator.id, place: this.place || '' }) : '') ||
      this.t.mapTitle;
    const name = base.replace(/[:\s]+$/, '');
    const taken = [...namesInUse.entries()].filter(([el, n]) => el !== this && n.replace(/ \(\d+\)$/, '') === name).length;
    const unique = taken ? `${name} (${taken + 1})` : name;
    namesInUse.set(this, unique);
    return unique;
  }
  /** maplibre makes its canvas a region too: named apart from the widget's, so landmarks stay unique */
  private get canvasName(): string {
    return `${this.accessibleName} (${this.t.mapTitle.toLowerCase()})`;
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
      const [indicators, tilejson, base] = await Promise.all([
        api.indicators(),
        api.gridTileJson(),
        api.json<{ attribution: string }>('/tiles/base.json'),
        place,
      ]);
      this.indicators = indicators;
      this.tilejson = tilejson;
      this.basemapCredit = base.attribution;
      this.placeFound = await place;
    } catch (error) {
      this.state = { kind: 'error', message: `${this.t.unreachable} (${this.serverUrl}): ${(error as Error).message}` };
      return;
    }
    const start = this.startView();
    const container = this.renderRoot.querySelector('.map') as HTMLElement;
    this.watchSize();
    if (!webgl2()) {
      this.showFallback(start, container);
      return;
    }
    const interactive = opt.flag(this.interactive, true);
    const t = this.t;
    const map = new MapLibreMap({
      container,
      style: { version: 8, sources: {}, layers: [] },
      center: start.center,
      zoom: start.zoom,
      interactive,
      cooperativeGestures: interactive,
      // the footer credits the data and the basemap in the open, not behind a button
      attributionControl: false,
      locale: {
        'Map.Title': t.mapTitle,
        'CooperativeGesturesHandler.WindowsHelpText': t.coopWindows,
        'CooperativeGesturesHandler.MacHelpText': t.coopMac,
        'CooperativeGesturesHandler.MobileHelpText': t.coopMobile,
        'AttributionControl.ToggleAttribution': t.toggleAttribution,
      },
      // short label fades: the first idle (d4i-ready) waits for them
      fadeDuration: reducedMotion() ? 0 : 100,
      canvasContextAttributes: { preserveDrawingBuffer: true },
    });
    this.map = map;
    // the hatch over unknown cells is made here, whenever a style asks for it
    map.setMissingStyleImageResolver((id) => {
      if (id === NO_DATA_PATTERN && !map.hasImage(id)) map.addImage(id, hatchImage());
    });
    map.getCanvas().addEventListener('keydown', (e) => {
      if (e.key === 'Enter') void this.inspectCentre();
    });
    if (start.bounds) map.fitBounds(start.bounds, { animate: false, padding: 10 });
    map.getCanvas().setAttribute('aria-label', this.canvasName);
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
      this.ready = true;
      if (this.state.kind === 'loading') this.state = { kind: 'ready' };
      this.emit('d4i-ready', this.viewDetail());
    });
    this.onViewChange();
  }

  protected updated(changed: PropertyValues): void {
    if (changed.has('hover')) this.keepTooltipInside();
    if (!this.map || !this.indicators.length) return;
    const restyle = ['indicator', 'basis', 'group', 'palette', 'classes', 'classification', 'opacity', 'showLau', 'highlight', 'basemap', 'server'];
    if (restyle.some((p) => changed.has(p))) void this.restyle();
    if (['lang', 'indicator', 'basis', 'group', 'highlight', 'label', 'mapTitle', 'place'].some((p) => changed.has(p))) {
      this.map.getCanvas().setAttribute('aria-label', this.canvasName);
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

  protected willUpdate(changed: PropertyValues): void {
    if (changed.has('aspectRatio')) {
      const ratio = opt.aspectRatio(this.aspectRatio);
      if (ratio) this.style.setProperty('--d4i-aspect-ratio', ratio);
      else this.style.removeProperty('--d4i-aspect-ratio');
    }
  }

  connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('keydown', this.onKey);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    namesInUse.delete(this);
    this.removeEventListener('keydown', this.onKey);
    this.resizeObserver?.disconnect();
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

  /**
   * Class breaks: explicit; by default over the whole data set at 1 km (the same on every page, screen and
   * view); with a view- method, for the level drawn at this zoom over the view (grown by half).
   */
  private async breaksFor(indicator: IndicatorInfo, signal: AbortSignal): Promise<number[]> {
    const classification = opt.classification(this.classification);
    if ('breaks' in classification) return classification.breaks;
    const stable = { indicator: indicator.id, method: classification.method, classes: this.classCount, zoom: STABLE_CLASSES_ZOOM };
    if (!classification.inView) return (await this.api.breaks(stable, signal)).breaks;
    const query = { ...stable, zoom: Math.min(this.tilejson?.maxzoom ?? 14, Math.floor(this.map?.getZoom() ?? 10)) };
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
    this.view = { ...this.view, level: level ? this.levelLabel(level.label) : '', breaks, colours };
    const options = {
      server: this.serverUrl,
      indicator,
      breaks,
      colours,
      opacity: opt.numberIn('opacity', this.opacity, 0, 1, 0.85),
      showLau: opt.flag(this.showLau, false),
      highlightSmallTowns: this.highlightOn,
      basemap: this.basemapChoice === 'default',
      noDataPattern: NO_DATA_PATTERN,
    };
    let style = buildStyle(options);
    if (this.basemapChoice === 'url') {
      try {
        style = styleOverBasemap(await this.fetchHostStyle(this.basemap!.trim()), options);
      } catch (error) {
        opt.warnOnce(`basemap="${this.basemap}" could not be read (${(error as Error).message}); using none`);
      }
    }
    if (this.map) this.map.setStyle(style as never);
  }

  private get highlightOn(): boolean {
    return opt.oneOf('highlight', this.highlight, ['none', 'small-towns'], 'none') === 'small-towns';
  }

  /** default (this server's), none, or url (a host site's style.json) */
  private get basemapChoice(): 'default' | 'none' | 'url' {
    const value = this.basemap?.trim();
    if (value && /^(https?:)?\/\/|^\//.test(value)) return 'url';
    return opt.oneOf('basemap', value, ['default', 'none'], 'default');
  }

  private async fetchHostStyle(url: string): Promise<Record<string, unknown>> {
    if (this.hostStyle?.url !== url) this.hostStyle = { url, style: await this.api.style(new URL(url, location.href).href) };
    return this.hostStyle.style;
  }

  /** "1km" as the legend writes it: "1 km". */
  private levelLabel(label: string): string {
    return label.replace(/(\d)(k?m)$/, '$1 $2');
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
    const classification = opt.classification(this.classification);
    const inView = !('breaks' in classification) && classification.inView;
    if (indicator && inView && `${indicator.id}|${level?.res}` !== this.breaksKey) void this.restyle();
    else if (level && this.view.level !== this.levelLabel(level.label)) this.view = { ...this.view, level: this.levelLabel(level.label) };
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
    const towns = this.highlightOn;
    try {
      const answer = await this.summaryRequests.run(async (signal) => ({
        sum: await this.api.summary(bbox, signal),
        table: showTable ? await this.api.lausIn(bbox, TABLE_ROWS, signal) : undefined,
        towns: towns ? await this.api.smallTownsIn(bbox, signal) : undefined,
      }));
      if (!answer) return; // a newer view's summary is on its way
      const indicator = this.indicators.length ? this.chosen : undefined;
      this.view = {
        ...this.view,
        summary: summaryText(answer.sum, indicator, this.language, this.t),
        townsInView: answer.towns,
        ...(answer.table ? { table: answer.table } : {}),
      };
    } catch {
      // the summary is an extra: the map itself reports errors
    }
  }

  // ---- interaction ---------------------------------------------------------------------------

  /** The feature under a point: a small town of the highlight first, then the grid cell, then the LAU. */
  private featureAt(point: { x: number; y: number }): MapGeoJSONFeature | undefined {
    const towns = this.highlightOn ? ['small-town-markers', 'small-towns-hit'] : [];
    const layers = [...towns, 'grid', ...(opt.flag(this.showLau, false) ? ['lau-hit'] : [])].filter((l) => this.map!.getLayer(l));
    const found = this.map!.queryRenderedFeatures([point.x, point.y], { layers });
    const rank = (f: MapGeoJSONFeature) => (towns.includes(f.layer.id) ? 0 : f.layer.id === 'grid' ? 1 : 2);
    return found.sort((a, b) => rank(a) - rank(b))[0];
  }

  private onHover(e: MapMouseEvent): void {
    if (!opt.flag(this.tooltip, true)) return;
    const feature = this.featureAt(e.point);
    if (!feature) {
      this.hover = undefined;
      return;
    }
    const { title, rows } = describeFeature(feature, this.language, this.t, this.view.level);
    this.hover = this.placeTooltip(e.point, title, rows);
  }

  /** Once drawn, the tooltip is moved inside the stage if it would stick out (small maps, long names). */
  private keepTooltipInside(): void {
    const tip = this.renderRoot.querySelector('.tooltip') as HTMLElement | null;
    const stage = this.renderRoot.querySelector('.stage') as HTMLElement | null;
    if (!tip || !stage || !this.hover) return;
    const { x, y, flipX, flipY } = this.hover;
    const [w, h] = [tip.offsetWidth, tip.offsetHeight];
    const left = Math.max(0, Math.min(stage.clientWidth - w, flipX ? x - w - 12 : x + 12));
    const top = Math.max(0, Math.min(stage.clientHeight - h, flipY ? y - h - 12 : y + 12));
    tip.style.transform = 'none';
    tip.style.left = `${left}px`;
    tip.style.top = `${top}px`;
  }

  /** A tooltip beside the pointer, on the side with room, so it stays inside the map. */
  private placeTooltip(point: { x: number; y: number }, title: string, rows: [string, string][]): Hover {
    const { clientWidth: width, clientHeight: height } = this.renderRoot.querySelector('.map') as HTMLElement;
    return { x: point.x, y: point.y, title, rows, flipX: point.x > width / 2, flipY: point.y > height / 2 };
  }

  private async onClick(e: MapMouseEvent): Promise<void> {
    const feature = this.featureAt(e.point);
    if (!feature) return;
    const described = describeFeature(feature, this.language, this.t, this.view.level);
    if (opt.flag(this.tooltip, true)) this.hover = this.placeTooltip(e.point, described.title, described.rows);
    try {
      this.emit('d4i-select', { kind: described.kind, ...(await this.api.feature(described.kind, described.id)) });
    } catch (error) {
      opt.warnOnce(`could not read ${described.id}: ${(error as Error).message}`);
    }
  }

  private emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  /** The report PNG: the map redrawn at twice the screen's pixels, with title, legend, source and credits. */
  private async downloadPng(): Promise<void> {
    const map = this.map;
    if (!map) return;
    const ratio = 2 * (window.devicePixelRatio || 1) > 4 ? 4 : 2;
    const screen = map.getPixelRatio();
    map.setPixelRatio(ratio);
    await new Promise<void>((resolve) => map.once('idle', () => resolve()));
    const indicator = this.chosen;
    const t = this.t;
    const { breaks, colours } = this.view;
    const rows = colours.map((colour, k) => ({ colour, label: classLabel(k, breaks, indicator, this.language) }));
    if (indicator.basis !== 'total') rows.push({ colour: NO_DATA_COLOUR, label: t.noData, style: 'hatch' } as (typeof rows)[number]);
    if (this.highlightOn) rows.push({ colour: HIGHLIGHT_COLOUR, label: t.smallTowns, style: 'outline' } as (typeof rows)[number]);
    const href = composeReport(map.getCanvas(), ratio, {
      title: this.mapTitle || this.accessibleName,
      legendTitle: indicator.labels[this.language] ?? indicator.id,
      unit: legendUnit(indicator, this.language, t) + (this.view.level ? ` · ${fill(t.cellsOf, { res: this.view.level })}` : ''),
      rows,
      footer: this.footerLines(),
      font: 'system-ui, sans-serif',
    });
    map.setPixelRatio(screen);
    const a = document.createElement('a');
    a.href = href;
    a.download = `d4i-map-${indicator.id}.png`;
    this.dispatchEvent(new CustomEvent('d4i-download', { detail: { href }, bubbles: true, composed: true }));
    a.click();
  }

  /** The source line, the synthetic-data notice and the basemap credits. */
  private footerLines(): string[] {
    const t = this.t;
    // the synthetic-data notice first: it must be read even where the footer is cut short
    const lines = this.tilejson?.synthetic ? [t.synthetic] : [];
    lines.push(`${t.source}: ${this.source || this.tilejson?.attribution || ''}`);
    if (this.basemapChoice === 'default' && this.basemapCredit) lines.push(this.basemapCredit);
    return lines;
  }

  /** Enter on the map: read the cell under the cross at the centre aloud, and select it. */
  private async inspectCentre(): Promise<void> {
    const map = this.map;
    if (!map) return;
    const canvas = map.getCanvas();
    const centre = { x: canvas.clientWidth / 2, y: canvas.clientHeight / 2 };
    const feature = this.featureAt(centre);
    if (!feature) {
      this.view = { ...this.view, inspected: this.t.noData };
      return;
    }
    const described = describeFeature(feature, this.language, this.t, this.view.level);
    this.view = { ...this.view, inspected: `${described.title}. ${described.rows.map(([k, v]) => `${k}: ${v}`).join('; ')}.` };
    try {
      this.emit('d4i-select', { kind: described.kind, ...(await this.api.feature(described.kind, described.id)) });
    } catch (error) {
      opt.warnOnce(`could not read ${described.id}: ${(error as Error).message}`);
    }
  }

  /** Escape closes the table and a folded legend. */
  private readonly onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    if (this.view.showTable) this.toggleTable();
    else if (this.view.compact && this.view.legendOpen) this.view = { ...this.view, legendOpen: false };
  };

  /** Narrow maps fold the legend. */
  private watchSize(): void {
    if (typeof ResizeObserver !== 'function') return;
    this.resizeObserver = new ResizeObserver(([entry]) => {
      const compact = entry.contentRect.width < COMPACT_WIDTH;
      if (compact !== this.view.compact) this.view = { ...this.view, compact, legendOpen: false };
    });
    this.resizeObserver.observe(this);
  }

  /** No WebGL2: the server's image of the start view, and the LAU table of it. */
  private showFallback(start: View & { bounds?: Bounds }, container: HTMLElement): void {
    const width = container.clientWidth || 600;
    const height = container.clientHeight || 400;
    const bbox = start.bounds ?? boundsAround(start, width, height);
    const classification = opt.classification(this.classification);
    this.view = {
      ...this.view,
      showTable: true,
      fallback: this.api.imageUrl({
        bbox,
        indicator: this.chosen.id,
        width,
        height,
        lang: this.language,
        classes: this.classCount,
        classification: 'breaks' in classification ? classification.breaks.join(',') : classification.method,
        title: this.mapTitle || undefined,
        source: this.source || undefined,
      }),
    };
    this.state = { kind: 'ready' };
    void this.api.lausIn(bbox, TABLE_ROWS).then((table) => {
      this.view = { ...this.view, table };
    });
    this.emit('d4i-ready', { center: start.center, zoom: start.zoom, bounds: bbox, fallback: true });
  }

  private basemapCredit = '';

  private toggleTable(): void {
    this.view = { ...this.view, showTable: !this.view.showTable };
    if (this.view.showTable) void this.updateSummary();
  }

  // ---- rendering ----------------------------------------------------------------------------

  render() {
    const t = this.t;
    const lang = this.language;
    const v = this.view;
    const position = opt.oneOf('legend', this.legend, opt.LEGEND_POSITIONS, 'bottom-left');
    const indicator = this.indicators.length ? this.chosen : undefined;
    const classification = opt.classification(this.classification);
    const legend = indicator
      ? renderLegend(
          {
            position,
            indicator,
            breaks: v.breaks,
            colours: v.colours,
            level: v.level,
            classesAsked: 'breaks' in classification ? undefined : this.classCount,
            highlight: this.highlightOn ? { listUrl: this.api.smallTownsCsvUrl(), inView: v.townsInView } : undefined,
            compact: v.compact,
            open: v.legendOpen,
            onToggle: () => {
              this.view = { ...this.view, legendOpen: !this.view.legendOpen };
            },
          },
          lang,
          t,
        )
      : nothing;
    const tableIndicator = indicator?.scopes.includes('lau') ? indicator : undefined;
    const bounds = this.map ? this.viewDetail().bounds : undefined;
    const table =
      v.showTable && v.table
        ? renderLauTable({ rows: v.table.items, total: v.table.total, indicator: tableIndicator, csvUrl: this.api.csvUrl(bounds ?? '') }, lang, t)
        : nothing;
    const showTable = v.showTable;
    const name = this.indicators.length ? this.accessibleName : this.label || this.mapTitle || t.mapTitle;
    return html`<section role="region" aria-label=${name} aria-describedby="description" title="">
      <p id="description" class="visually-hidden">${this.description || t.description} ${t.inspectHint}</p>
      <div class="stage">
      <div class="map"></div>
      ${v.fallback ? html`<img class="fallback" src=${v.fallback} alt=${this.description || name} />` : nothing}
      ${v.fallback ? html`<div class="state notice" role="status">${t.noWebgl}</div>` : nothing}
      <div class="crosshair" aria-hidden="true"></div>
      ${this.state.kind === 'loading' ? html`<div class="state" role="status">${t.loading}</div>` : nothing}
      ${this.state.kind === 'error' ? html`<div class="state error" role="alert">${this.state.message}</div>` : nothing}
      ${legend}
      ${renderTooltip(this.hover)}
      <div class="controls" part="controls">
        <button type="button" @click=${this.toggleTable} aria-pressed=${showTable ? 'true' : 'false'}>${showTable ? t.map : t.table}</button>
        ${this.map ? html`<button type="button" @click=${this.downloadPng}>${t.png}</button>` : nothing}
      </div>
      ${table}
      <div class="summary" aria-live="polite" part="summary">${v.inspected || v.summary}</div>
      </div>
      <footer class="footer ${v.compact ? 'compact' : ''}" part="footer" tabindex="0">${this.tilejson ? this.footerLines().join(' · ') : ''}</footer>
    </section>`;
  }
}

/** The lon/lat box a map of this size shows around a centre at a zoom (512 px tiles, as MapLibre draws). */
function boundsAround(view: View, width: number, height: number): Bounds {
  const scale = 512 * 2 ** view.zoom;
  const toY = (lat: number) => (0.5 - Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)) / (2 * Math.PI)) * scale;
  const toLat = (y: number) => (360 / Math.PI) * Math.atan(Math.exp((0.5 - y / scale) * 2 * Math.PI)) - 90;
  const cy = toY(view.center[1]);
  const dLon = (width / scale) * 360;
  return [view.center[0] - dLon / 2, toLat(cy + height / 2), view.center[0] + dLon / 2, toLat(cy - height / 2)];
}
