// A static map of the grid drawn with the 2D canvas API, so the same drawing fills a PNG (a raster
// canvas) and a PDF page (vector): Web Mercator, sea and land, the cells coloured by class, coastline
// and borders, a legend, the title and the credits, all in Open Sans. No HTTP; the basemap comes in as
// an argument. What to draw (MapImageSpec) is plain data and typed arrays, so it can be posted to a
// worker thread as it is: the cells in view are classified beforehand (collectViewCells) and the
// legend's labels written beforehand (classLabels).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createCanvas, GlobalFonts, PDFDocument } from '@napi-rs/canvas';
import type { Feature, Position } from 'geojson';
import { forEachCellInBox, type GridLevel } from '../grid/grid-level.ts';
import { laeaToLonLat } from '../grid/projection.ts';
import { boxEnvelope3035, type LonLatBox } from '../indicators/summary.ts';
import { latToTileY, lonToTileX, tileXToLon, tileYToLat } from '../mvt/tile-math.ts';

/** The drawing context of a canvas or of a PDF page. */
export type MapContext = ReturnType<PDFDocument['beginPage']>;

export const SEA_COLOUR = '#dce6ec';
export const LAND_COLOUR = '#f4f2ee';
const COASTLINE_COLOUR = '#9db0bc';
const BOUNDARY_COLOUR = '#6b6b6b';
const FONT = '"Open Sans"';
/** the finest level drawn has cells at least this many device pixels wide */
export const MIN_CELL_DEVICE_PX = 3;
const EARTH_CIRCUMFERENCE = 2 * Math.PI * 6378137;

/** The cells in view, ordered by class: class k is [classStart[k], classStart[k + 1]); the last class is "no data". */
export interface ViewCells {
  res: number;
  /** grid coordinates of each cell (EPSG:3035 metres / res) */
  x: Uint32Array;
  y: Uint32Array;
  classStart: Uint32Array;
}

/** Basemap rings and lines flattened: ring k is points [start[k], start[k + 1]) of coords (lon, lat pairs). */
export interface FlatLines {
  coords: Float64Array;
  start: Uint32Array;
  /** lon/lat box of each ring: west, south, east, north */
  box: Float64Array;
}

export interface PreparedBasemap {
  land: FlatLines;
  boundary: FlatLines;
  coastline: FlatLines;
}

export interface MapImageTexts {
  title: string;
  legendTitle: string;
  unit: string;
  /** one per class, lowest first */
  classLabels: string[];
  /** the label of the unknown (confidential) class; no row without it */
  noData?: string;
  source: string;
  attribution: string;
}

export interface MapImageSpec {
  /** CSS pixels (PDF points) */
  width: number;
  height: number;
  /** device pixels per CSS pixel of a PNG */
  scale: number;
  /** the lon/lat box that must be in view */
  bbox: LonLatBox;
  cells: ViewCells;
  /** one per class, lowest first */
  colours: string[];
  noDataColour: string;
  basemap?: PreparedBasemap;
  texts: MapImageTexts;
}

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

let fontsRegistered = false;

/** Open Sans Regular, Semibold and Bold (npm open-sans-fonts) as the family "Open Sans". */
export function registerMapFonts(): void {
  if (fontsRegistered) return;
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('open-sans-fonts/package.json')), 'open-sans');
  for (const file of ['Regular/OpenSans-Regular.ttf', 'Semibold/OpenSans-Semibold.ttf', 'Bold/OpenSans-Bold.ttf']) {
    GlobalFonts.registerFromPath(join(dir, file));
  }
  fontsRegistered = true;
}

/** Title band, map and footer band of an image (CSS px); `em` scales text and margins down on small images. */
export function mapLayout(width: number, height: number): { em: number; title: Rect; map: Rect; footer: Rect } {
  const em = Math.max(0.6, Math.min(1, width / 600, height / 450));
  const titleH = Math.round(40 * em);
  const footerH = Math.round(22 * em);
  return {
    em,
    title: { x: 0, y: 0, w: width, h: titleH },
    map: { x: 0, y: titleH, w: width, h: Math.max(1, height - titleH - footerH) },
    footer: { x: 0, y: height - footerH, w: width, h: footerH },
  };
}

/** Where the bbox goes: fitted into the map area keeping its aspect, centred; Web Mercator at zoom 0 times `k`. */
export function mapFrame(bbox: LonLatBox, width: number, height: number) {
  const { map } = mapLayout(width, height);
  const [w, s, e, n] = bbox;
  const x0 = lonToTileX(w, 0);
  const x1 = lonToTileX(e, 0);
  const y0 = latToTileY(n, 0);
  const y1 = latToTileY(s, 0);
  /** CSS px per world unit (the world is 1 x 1 at zoom 0) */
  const k = Math.min(map.w / (x1 - x0), map.h / (y1 - y0));
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const originX = map.x + map.w / 2 - cx * k;
  const originY = map.y + map.h / 2 - cy * k;
  const visible: LonLatBox = [
    Math.max(-180, tileXToLon(cx - map.w / 2 / k, 0)),
    tileYToLat(Math.min(1, cy + map.h / 2 / k), 0),
    Math.min(180, tileXToLon(cx + map.w / 2 / k, 0)),
    tileYToLat(Math.max(0, cy - map.h / 2 / k), 0),
  ];
  const centreLat = tileYToLat(cy, 0);
  return {
    map,
    k,
    originX,
    originY,
    /** the lon/lat box the map area shows (at least the bbox) */
    visible,
    /** ground metres per CSS px at the centre */
    metresPerPx: (EARTH_CIRCUMFERENCE * Math.cos((centreLat * Math.PI) / 180)) / k,
    toPixel: (lon: number, lat: number): [number, number] => [originX + lonToTileX(lon, 0) * k, originY + latToTileY(lat, 0) * k],
  };
}

/** The finest level whose cells are at least MIN_CELL_DEVICE_PX device pixels wide in this view (else the coarsest). */
export function gridLevelForView<L extends { res: number }>(levels: readonly L[], bbox: LonLatBox, width: number, height: number, scale: number): L {
  const metresPerDevicePx = mapFrame(bbox, width, height).metresPerPx / scale;
  const byRes = [...levels].sort((a, b) => a.res - b.res);
  return byRes.find((l) => l.res / metresPerDevicePx >= MIN_CELL_DEVICE_PX) ?? byRes[byRes.length - 1];
}

/** The class of a value (class k holds breaks[k-1] <= v < breaks[k], like a MapLibre step); breaks.length + 1 when unknown. */
export function classOf(value: number | undefined, breaks: readonly number[]): number {
  if (value === undefined || !Number.isFinite(value)) return breaks.length + 1;
  let k = 0;
  while (k < breaks.length && value >= breaks[k]) k++;
  return k;
}

/** The cells of a level that may show in a lon/lat box (none when west >= east or south >= north), classified and ordered by class. */
export function collectViewCells(level: GridLevel, read: (i: number) => number | undefined, breaks: readonly number[], box: LonLatBox | undefined): ViewCells {
  const runs = breaks.length + 2;
  // no box, or one without area: nothing in view
  const empty = !box || !(box[0] < box[2] && box[1] < box[3]);
  const env = empty ? [NaN, NaN, NaN, NaN] : boxEnvelope3035(box);
  const g = (v: number) => Math.floor(v / level.res);
  const found: number[] = [];
  const classes: number[] = [];
  const counts = new Uint32Array(runs);
  if (Number.isFinite(env[0])) {
    forEachCellInBox(level, g(env[0]), g(env[1]), g(env[2]), g(env[3]), (i) => {
      const k = classOf(read(i), breaks);
      found.push(i);
      classes.push(k);
      counts[k]++;
    });
  }
  // counting sort by class: one fill per class when drawing
  const classStart = new Uint32Array(runs + 1);
  for (let k = 0; k < runs; k++) classStart[k + 1] = classStart[k] + counts[k];
  const next = classStart.slice(0, runs);
  const x = new Uint32Array(found.length);
  const y = new Uint32Array(found.length);
  for (let j = 0; j < found.length; j++) {
    const at = next[classes[j]]++;
    x[at] = level.x[found[j]];
    y[at] = level.y[found[j]];
  }
  return { res: level.res, x, y, classStart };
}

/** Legend labels of the classes of `breaks`: "< a", "a – b", ..., "≥ z". */
export function classLabels(breaks: readonly number[], format: (v: number) => string): string[] {
  if (breaks.length === 0) return [''];
  return Array.from({ length: breaks.length + 1 }, (_, k) =>
    k === 0 ? `< ${format(breaks[0])}` : k === breaks.length ? `≥ ${format(breaks[k - 1])}` : `${format(breaks[k - 1])} – ${format(breaks[k])}`,
  );
}

/** Polygons' rings or lines' parts as flat arrays, with a box per ring to skip what is out of view. */
function flatten(features: Feature[]): FlatLines {
  const rings: Position[][] = [];
  for (const f of features) {
    const g = f.geometry;
    if (g.type === 'Polygon' || g.type === 'MultiLineString') rings.push(...g.coordinates);
    else if (g.type === 'MultiPolygon') for (const polygon of g.coordinates) rings.push(...polygon);
    else if (g.type === 'LineString') rings.push(g.coordinates);
  }
  const start = new Uint32Array(rings.length + 1);
  rings.forEach((ring, k) => {
    start[k + 1] = start[k] + ring.length;
  });
  const coords = new Float64Array(start[rings.length] * 2);
  const box = new Float64Array(rings.length * 4);
  rings.forEach((ring, k) => {
    let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
    ring.forEach(([lon, lat], p) => {
      coords[(start[k] + p) * 2] = lon;
      coords[(start[k] + p) * 2 + 1] = lat;
      w = Math.min(w, lon);
      e = Math.max(e, lon);
      s = Math.min(s, lat);
      n = Math.max(n, lat);
    });
    box.set([w, s, e, n], k * 4);
  });
  return { coords, start, box };
}

/** The basemap's GeoJSON (lon/lat) in the flat form drawMapImage reads; done once per process. */
export function prepareBasemap(basemap: { land: Feature[]; boundary: Feature[]; coastline: Feature[] }): PreparedBasemap {
  return { land: flatten(basemap.land), boundary: flatten(basemap.boundary), coastline: flatten(basemap.coastline) };
}

type Frame = ReturnType<typeof mapFrame>;

/**
 * Adds the rings that cross the view to the current path, with fewer points where it does not show: a
 * point is dropped when it, the last point kept and the next one lie beyond the same edge of the view
 * (the triangle removed is outside it, so fills and strokes inside are unchanged), or when it is within
 * ~0.25 px of the last point kept. Country polygons reach far beyond a city's view.
 */
function traceLines(ctx: MapContext, lines: FlatLines, frame: Frame, close: boolean): void {
  const [vw, vs, ve, vn] = frame.visible;
  const { coords, start, box } = lines;
  const { k, originX, originY, map } = frame;
  const margin = 8;
  const [left, top, right, bottom] = [map.x - margin, map.y - margin, map.x + map.w + margin, map.y + map.h + margin];
  const outcode = (px: number, py: number) => (px < left ? 1 : px > right ? 2 : 0) | (py < top ? 4 : py > bottom ? 8 : 0);
  // point i of `coords` in pixels
  const pixelX = (i: number) => originX + lonToTileX(coords[i * 2], 0) * k;
  const pixelY = (i: number) => originY + latToTileY(coords[i * 2 + 1], 0) * k;
  for (let r = 0; r + 1 < start.length; r++) {
    if (box[r * 4] > ve || box[r * 4 + 2] < vw || box[r * 4 + 1] > vn || box[r * 4 + 3] < vs) continue;
    const first = start[r];
    const last = start[r + 1] - 1;
    let keptX = pixelX(first);
    let keptY = pixelY(first);
    let keptCode = outcode(keptX, keptY);
    ctx.moveTo(keptX, keptY);
    let px = 0;
    let py = 0;
    let code = 0;
    if (first < last) {
      px = pixelX(first + 1);
      py = pixelY(first + 1);
      code = outcode(px, py);
    }
    for (let p = first + 1; p <= last; p++) {
      let nextX = 0;
      let nextY = 0;
      let nextCode = 0;
      if (p < last) {
        nextX = pixelX(p + 1);
        nextY = pixelY(p + 1);
        nextCode = outcode(nextX, nextY);
      }
      const hidden = p < last && (keptCode & code & nextCode) !== 0;
      const tiny = p < last && Math.abs(px - keptX) + Math.abs(py - keptY) < 0.25;
      if (!hidden && !tiny) {
        ctx.lineTo(px, py);
        keptX = px;
        keptY = py;
        keptCode = code;
      }
      px = nextX;
      py = nextY;
      code = nextCode;
    }
    if (close) ctx.closePath();
  }
}

/** One path and one fill per class: shared cell edges leave no anti-aliasing seams, and the calls stay few. */
function drawCells(ctx: MapContext, spec: MapImageSpec, frame: Frame): void {
  const { res, x, y, classStart } = spec.cells;
  const { k, originX, originY } = frame;
  const ll = new Float64Array(2);
  const corner = (e: number, n: number, first: boolean) => {
    laeaToLonLat(e, n, ll);
    const px = originX + lonToTileX(ll[0], 0) * k;
    const py = originY + latToTileY(ll[1], 0) * k;
    if (first) ctx.moveTo(px, py);
    else ctx.lineTo(px, py);
  };
  for (let c = 0; c + 1 < classStart.length; c++) {
    if (classStart[c] === classStart[c + 1]) continue;
    ctx.beginPath();
    for (let i = classStart[c]; i < classStart[c + 1]; i++) {
      const e = x[i] * res;
      const n = y[i] * res;
      corner(e, n, true);
      corner(e + res, n, false);
      corner(e + res, n + res, false);
      corner(e, n + res, false);
      ctx.closePath();
    }
    ctx.fillStyle = c < spec.colours.length ? spec.colours[c] : spec.noDataColour;
    ctx.fill();
  }
}

/** The text cut to `max` px with an ellipsis. */
function fitText(ctx: MapContext, text: string, max: number): string {
  if (ctx.measureText(text).width <= max) return text;
  let cut = text.length;
  while (cut > 0 && ctx.measureText(`${text.slice(0, cut)}…`).width > max) cut--;
  return `${text.slice(0, cut).trimEnd()}…`;
}

/** Sets the largest font size from `size` down to `min` at which the text fits `max` px (cut with an ellipsis if none does). */
function shrinkToFit(ctx: MapContext, text: string, max: number, weight: string, size: number, min: number): string {
  let px = size;
  ctx.font = `${weight} ${px}px ${FONT}`;
  const width = ctx.measureText(text).width;
  if (width > max) {
    px = Math.max(min, Math.floor(((size * max) / width) * 10) / 10);
    ctx.font = `${weight} ${px}px ${FONT}`;
  }
  return fitText(ctx, text, max);
}

/** Words wrapped into lines of at most `max` px (a word longer than a line is cut). */
function wrapText(ctx: MapContext, text: string, max: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (!line || ctx.measureText(candidate).width <= max) line = candidate;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) lines.splice(maxLines - 1, lines.length, lines.slice(maxLines - 1).join(' '));
  return lines.map((l) => fitText(ctx, l, max));
}

function drawLegend(ctx: MapContext, spec: MapImageSpec, map: Rect, em: number): void {
  const { texts } = spec;
  const pad = 10 * em;
  const swatch = 14 * em;
  const rowH = 19 * em;
  const maxInner = Math.max(40, Math.min(240 * em, map.w - 4 * pad) - 2 * pad);
  const rows = spec.colours.map((colour, k) => ({ colour, label: texts.classLabels[k] ?? '' }));
  if (texts.noData) rows.push({ colour: spec.noDataColour, label: texts.noData });
  const titleFont = `600 ${12.5 * em}px ${FONT}`;
  const unitFont = `${11 * em}px ${FONT}`;
  const rowFont = `${12 * em}px ${FONT}`;
  ctx.font = titleFont;
  const titleLines = wrapText(ctx, texts.legendTitle, maxInner, 3);
  let inner = Math.max(0, ...titleLines.map((l) => ctx.measureText(l).width));
  ctx.font = unitFont;
  const unitLines = wrapText(ctx, texts.unit, maxInner, 2);
  inner = Math.max(inner, ...unitLines.map((l) => ctx.measureText(l).width));
  ctx.font = rowFont;
  const labels = rows.map((r) => fitText(ctx, r.label, maxInner - swatch - 8 * em));
  inner = Math.min(maxInner, Math.max(inner, ...labels.map((l) => swatch + 8 * em + ctx.measureText(l).width)));
  const titleLineH = 16 * em;
  const unitLineH = 14 * em;
  const boxW = inner + 2 * pad;
  const boxH = pad + titleLines.length * titleLineH + unitLines.length * unitLineH + 4 * em + rows.length * rowH + pad - (rowH - swatch);
  const left = map.x + pad;
  const top = map.y + map.h - pad - boxH;
  ctx.fillStyle = '#ffffff';
  ctx.strokeStyle = 'rgba(0, 0, 0, 0.25)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.rect(left, top, boxW, boxH);
  ctx.fill();
  ctx.stroke();
  ctx.textBaseline = 'middle';
  let y = top + pad;
  ctx.fillStyle = '#1a1a1a';
  ctx.font = titleFont;
  for (const line of titleLines) {
    ctx.fillText(line, left + pad, y + titleLineH / 2);
    y += titleLineH;
  }
  ctx.fillStyle = '#555555';
  ctx.font = unitFont;
  for (const line of unitLines) {
    ctx.fillText(line, left + pad, y + unitLineH / 2);
    y += unitLineH;
  }
  y += 4 * em;
  ctx.font = rowFont;
  rows.forEach((row, k) => {
    ctx.fillStyle = row.colour;
    ctx.fillRect(left + pad, y, swatch, swatch);
    ctx.fillStyle = '#1a1a1a';
    ctx.fillText(labels[k], left + pad + swatch + 8 * em, y + swatch / 2);
    y += rowH;
  });
}

/** Draws the whole image into a context measured in CSS px (a PNG canvas is scaled by `scale` beforehand). */
export function drawMapImage(ctx: MapContext, spec: MapImageSpec): void {
  registerMapFonts();
  const frame = mapFrame(spec.bbox, spec.width, spec.height);
  const { em, title, map, footer } = mapLayout(spec.width, spec.height);

  ctx.save();
  ctx.beginPath();
  ctx.rect(map.x, map.y, map.w, map.h);
  ctx.clip();
  ctx.fillStyle = spec.basemap ? SEA_COLOUR : LAND_COLOUR;
  ctx.fillRect(map.x, map.y, map.w, map.h);
  if (spec.basemap) {
    ctx.beginPath();
    traceLines(ctx, spec.basemap.land, frame, true);
    ctx.fillStyle = LAND_COLOUR;
    ctx.fill();
  }
  drawCells(ctx, spec, frame);
  if (spec.basemap) {
    ctx.lineJoin = 'round';
    ctx.beginPath();
    traceLines(ctx, spec.basemap.coastline, frame, false);
    ctx.strokeStyle = COASTLINE_COLOUR;
    ctx.lineWidth = 0.6;
    ctx.stroke();
    ctx.beginPath();
    traceLines(ctx, spec.basemap.boundary, frame, false);
    ctx.strokeStyle = BOUNDARY_COLOUR;
    ctx.lineWidth = 0.8;
    ctx.setLineDash([3, 2]);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  ctx.restore();

  drawLegend(ctx, spec, map, em);

  ctx.fillStyle = '#ffffff';
  ctx.fillRect(title.x, title.y, title.w, title.h);
  ctx.fillRect(footer.x, footer.y, footer.w, footer.h);
  ctx.fillStyle = '#d0d0d0';
  ctx.fillRect(0, title.h - 1, spec.width, 1);
  ctx.fillRect(0, footer.y, spec.width, 1);
  ctx.textBaseline = 'middle';
  ctx.fillStyle = '#1a1a1a';
  const titleText = shrinkToFit(ctx, spec.texts.title, title.w - 24 * em, '600', 18 * em, 13 * em);
  ctx.fillText(titleText, 12 * em, title.h / 2);
  ctx.fillStyle = '#555555';
  drawCredits(ctx, [spec.texts.source, spec.texts.attribution].filter(Boolean).join(' · '), footer, em);
}

/** The credits on one line of 8 px or more, else on two smaller ones (a pack's attribution can be long). */
function drawCredits(ctx: MapContext, credits: string, footer: Rect, em: number): void {
  const max = footer.w - 20 * em;
  const oneLine = shrinkToFit(ctx, credits, max, '400', 10 * em, 8);
  if (oneLine === credits) {
    ctx.fillText(credits, 10 * em, footer.y + footer.h / 2);
    return;
  }
  const lineH = footer.h / 2.2;
  ctx.font = `${Math.min(10 * em, lineH * 0.85)}px ${FONT}`;
  wrapText(ctx, credits, max, 2).forEach((line, k) => {
    ctx.fillText(line, 10 * em, footer.y + footer.h / 2 + (k - 0.5) * lineH);
  });
}

/** The image as PNG bytes (width x height CSS px at `scale`) or as a one-page vector PDF of width x height points. */
export async function renderMapImage(spec: MapImageSpec, format: 'png' | 'pdf'): Promise<Buffer> {
  registerMapFonts();
  if (format === 'pdf') {
    const doc = new PDFDocument({ title: spec.texts.title, creator: 'd4i-map' });
    drawMapImage(doc.beginPage(spec.width, spec.height), spec);
    doc.endPage();
    return doc.close();
  }
  const canvas = createCanvas(Math.round(spec.width * spec.scale), Math.round(spec.height * spec.scale));
  const ctx = canvas.getContext('2d');
  ctx.scale(spec.scale, spec.scale);
  drawMapImage(ctx, spec);
  return canvas.encode('png');
}
