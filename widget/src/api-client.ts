// The widget's view of a d4i-map server: typed JSON requests that can be aborted, and `Latest`, which
// keeps only the newest of one kind of request, so a slow earlier answer never overwrites a newer one.
import type { IndicatorInfo } from '../../core/style/map-style.ts';

export type Bounds = [west: number, south: number, east: number, north: number];

/** What the widget reads of /tiles/grid.json. */
export interface GridTileJson {
  attribution: string;
  synthetic?: boolean;
  center: [number, number, number];
  bounds: Bounds;
  levels: { zoom: number; res: number; label: string }[];
  maxzoom: number;
}

export interface BreaksQuery {
  indicator: string;
  method: string;
  classes: number;
  zoom: number;
  /** the area the classes describe; absent: the whole level */
  bbox?: Bounds;
}

/** /api/summary: counts, and the value of every indicator (null when unknown). */
export type SummaryAnswer = Record<string, unknown> & { values: { T: number } };
export type LauRow = Record<string, unknown>;
export interface View {
  center: [number, number];
  zoom: number;
}

const box = (b: Bounds) => b.map((v) => v.toFixed(5)).join(',');

export class ApiClient {
  constructor(readonly server: string) {}

  async json<T>(path: string, signal?: AbortSignal): Promise<T> {
    const res = await fetch(`${this.server}${path}`, { signal });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error((body as { error?: string }).error ?? `HTTP ${res.status}`);
    return body as T;
  }

  async indicators(): Promise<IndicatorInfo[]> {
    return (await this.json<{ indicators: IndicatorInfo[] }>('/api/indicators')).indicators;
  }

  gridTileJson(): Promise<GridTileJson> {
    return this.json('/tiles/grid.json');
  }

  breaks(q: BreaksQuery, signal?: AbortSignal): Promise<{ breaks: number[]; n: number }> {
    const area = q.bbox ? `&bbox=${box(q.bbox)}` : '';
    return this.json(`/api/breaks?indicator=${q.indicator}&method=${q.method}&classes=${q.classes}&zoom=${q.zoom}${area}`, signal);
  }

  /** Where a place is: a GISCO LAU id ("NL_GM0599"), else the first hit of a name search; undefined when not found. */
  async place(place: string, signal?: AbortSignal): Promise<View | undefined> {
    if (/^[A-Z]{2}_/.test(place)) {
      const lau = await this.json<{ bbox: Bounds }>(`/api/laus/${encodeURIComponent(place)}`, signal);
      const [w, s, e, n] = lau.bbox;
      return { center: [(w + e) / 2, (s + n) / 2], zoom: Math.max(4, Math.min(14, Math.round(Math.log2(360 / Math.max(e - w, 1e-4))))) };
    }
    const found = await this.json<{ results: View[] }>(`/api/search?q=${encodeURIComponent(place)}&limit=1`, signal);
    return found.results[0];
  }

  summary(bbox: Bounds, signal?: AbortSignal): Promise<SummaryAnswer> {
    return this.json(`/api/summary?bbox=${bbox.join(',')}`, signal);
  }

  /** The most populous LAUs in a box (the Table view), and how many there are in all. */
  lausIn(bbox: Bounds, limit: number, signal?: AbortSignal): Promise<{ items: LauRow[]; total: number }> {
    return this.json(`/api/laus?bbox=${bbox.join(',')}&limit=${limit}&sort=-T`, signal);
  }

  /** How many small towns of the D4I finding are in a box. */
  async smallTownsIn(bbox: Bounds, signal?: AbortSignal): Promise<number> {
    return (await this.json<{ total: number }>(`/api/small-towns?bbox=${bbox.join(',')}&limit=1`, signal)).total;
  }

  smallTownsCsvUrl(): string {
    return `${this.server}/api/small-towns?format=csv`;
  }

  /** A host site's MapLibre style, to draw the grid over. */
  style(url: string): Promise<Record<string, unknown>> {
    return fetch(url).then(async (res) => {
      if (!res.ok) throw new Error(`basemap style ${url}: HTTP ${res.status}`);
      return res.json();
    });
  }

  /** The server's static image of a view (the no-WebGL fallback, the <noscript> snippet). */
  imageUrl(q: {
    bbox: Bounds;
    indicator: string;
    width: number;
    height: number;
    lang: string;
    classes: number;
    classification: string;
    title?: string;
    source?: string;
  }): string {
    const params = new URLSearchParams({
      bbox: q.bbox.map((v) => v.toFixed(5)).join(','),
      indicator: q.indicator,
      width: String(Math.round(q.width)),
      height: String(Math.round(q.height)),
      scale: '1',
      lang: q.lang,
      classes: String(q.classes),
      classification: q.classification,
    });
    if (q.title) params.set('title', q.title);
    if (q.source) params.set('source', q.source);
    return `${this.server}/render.png?${params}`;
  }

  /** A cell or a LAU with its counts, as d4i-select hands it on. */
  feature(kind: 'cell' | 'lau', id: string): Promise<Record<string, unknown>> {
    return this.json(kind === 'cell' ? `/api/cells/${id}` : `/api/laus/${encodeURIComponent(id)}`);
  }

  csvUrl(bbox: Bounds | string): string {
    return `${this.server}/api/laus?format=csv&bbox=${Array.isArray(bbox) ? bbox.join(',') : bbox}`;
  }
}

/**
 * One kind of request where only the newest counts (class breaks, the summary, a place lookup):
 * starting a run aborts the one before, and a run that was overtaken resolves to undefined instead of
 * its answer, whatever order the answers arrive in.
 */
export class Latest {
  private controller?: AbortController;

  async run<T>(task: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    try {
      const result = await task(controller.signal);
      return controller.signal.aborted ? undefined : result;
    } catch (error) {
      if (controller.signal.aborted) return undefined;
      throw error;
    }
  }

  abort(): void {
    this.controller?.abort();
  }
}
