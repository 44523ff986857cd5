// GET /render.png and /render.pdf: a static map of a box or a place, coloured like the widget (the same
// classes, palettes and words), drawn without a browser. The parameters are checked and the cells in view
// classified here; the drawing happens in the render worker (server/render-worker.ts).
import type { Request, Response } from 'express';
import { BREAK_METHODS, type BreakMethod } from '../../core/indicators/break-methods.ts';
import { cellIndicatorReader } from '../../core/indicators/cell-indicators.ts';
import type { Indicator } from '../../core/indicators/catalogue.ts';
import { type Lang, LANGUAGES } from '../../core/indicators/languages.ts';
import { boxWithinPack, type LonLatBox } from '../../core/indicators/summary.ts';
import { levelForZoom } from '../../core/grid/levels.ts';
import { classLabels, collectViewCells, gridLevelForView, type MapImageSpec, mapFrame } from '../../core/render/map-image.ts';
import { GRID_KINDS } from '../../core/style/map-style.ts';
import { DEFAULT_PALETTE, NO_DATA_COLOUR, PALETTES, paletteColours } from '../../core/style/palettes.ts';
import type { HeavyJobs } from '../heavy-jobs.ts';
import { HttpError } from '../http-error.ts';
import { type MapRenderWorker, sharedMapRenderer } from '../render-worker.ts';
import type { ServedData, SourcesState } from '../sources-state.ts';
import { DEFAULT_BREAKS_ZOOM, indicatorBreaks, indicatorOf } from './breaks.ts';
import { bboxParam, enumParam, intParam, numberParam, onlyParameters, stringParam } from './params.ts';

/** device pixels an image may have: width x height x scale² (a 4000 x 4000 PNG) */
export const MAX_RENDER_PIXELS = 16_000_000;
const PARAMETERS = ['bbox', 'place', 'indicator', 'width', 'height', 'scale', 'lang', 'palette', 'classes', 'classification', 'title', 'source'];
const BASEMAP_CREDIT = 'Basemap: Natural Earth (public domain) via world-atlas';

// the widget's words for the legend (widget/src/i18n.ts), which the server may not import
const WORDS: Record<Lang, { noData: string; cellsOf: string; sharePercent: string }> = {
  en: { noData: 'No data (confidential)', cellsOf: '{res} cells', sharePercent: '% of residents' },
  fr: { noData: 'Pas de données (confidentiel)', cellsOf: 'carreaux de {res}', sharePercent: '% des résidents' },
  de: { noData: 'Keine Daten (vertraulich)', cellsOf: '{res}-Zellen', sharePercent: '% der Einwohner' },
  it: { noData: 'Nessun dato (riservato)', cellsOf: 'celle di {res}', sharePercent: '% dei residenti' },
  nl: { noData: 'Geen gegevens (vertrouwelijk)', cellsOf: 'cellen van {res}', sharePercent: '% van de inwoners' },
  pt: { noData: 'Sem dados (confidencial)', cellsOf: 'células de {res}', sharePercent: '% dos residentes' },
  es: { noData: 'Sin datos (confidencial)', cellsOf: 'celdas de {res}', sharePercent: '% de los residentes' },
};

/** A legend's number as the language writes it: shares in percent, other values as counts. */
function breakFormatter(lang: Lang, indicator: Indicator): (v: number) => string {
  if (indicator.kind === 'share') {
    const percent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 });
    return (v) => percent.format(v);
  }
  const small = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  const large = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  return (v) => (Math.abs(v) < 10 ? small : large).format(v);
}

const sizeLabel = (res: number) => (res >= 1000 ? `${res / 1000} km` : `${res} m`);

/** A box around a point, wider for bigger places (3 km across a village, 40 km around a city of millions). */
function boxAround(lon: number, lat: number, population: number): LonLatBox {
  const halfKm = Math.min(40, Math.max(3, 1.5 * Math.sqrt(population / 1000)));
  const dLat = halfKm / 111.32;
  const dLon = halfKm / (111.32 * Math.cos((lat * Math.PI) / 180));
  return [Math.max(-180, lon - dLon), Math.max(-85, lat - dLat), Math.min(180, lon + dLon), Math.min(85, lat + dLat)];
}

/** A LAU's box with a margin, so its edge does not touch the frame. */
function padded([w, s, e, n]: Iterable<number>): LonLatBox {
  const dx = (e - w) * 0.05 || 0.01;
  const dy = (n - s) * 0.05 || 0.01;
  return [Math.max(-180, w - dx), Math.max(-85, s - dy), Math.min(180, e + dx), Math.min(85, n + dy)];
}

/** `place`: a GISCO LAU id (NL_GM0599) or a name, as the widget's `place` attribute finds it. */
async function placeBox(data: ServedData, place: string): Promise<LonLatBox> {
  const lau = data.facts.byGiscoId.get(place);
  if (lau !== undefined) {
    const bbox = data.pack.laus.bbox.subarray(lau * 4, lau * 4 + 4);
    if (!Number.isNaN(bbox[0])) return padded(bbox);
  }
  const hit = (await data.search).search(place, 1)[0];
  if (!hit)
    throw new HttpError(404, `no place "${place}" in this data set`, { hint: 'a LAU or place name (see /api/search?q=), or a GISCO id such as NL_GM0599' });
  return hit.bbox ? padded(hit.bbox) : boxAround(hit.lon, hit.lat, hit.population);
}

/** `classification`: a method of /api/breaks, or explicit ascending breaks ("0.05,0.1,0.2"). */
function classificationParam(req: Request): BreakMethod | number[] {
  const raw = stringParam(req, 'classification');
  if (raw === undefined) return 'nice';
  if ((BREAK_METHODS as readonly string[]).includes(raw)) return raw as BreakMethod;
  const breaks = raw.split(',').map((p) => (p.trim() === '' ? NaN : Number(p)));
  const ascending = breaks.every((b, k) => Number.isFinite(b) && (k === 0 || b > breaks[k - 1]));
  if (!ascending || breaks.length < 1 || breaks.length > 8) {
    throw new HttpError(400, `parameter "classification" must be one of ${BREAK_METHODS.join(', ')} or 1 to 8 ascending breaks such as 0.05,0.1,0.2`, {
      got: raw,
    });
  }
  return breaks;
}

function textParam(req: Request, name: string, max: number): string | undefined {
  const value = stringParam(req, name);
  if (value !== undefined && value.length > max) throw new HttpError(400, `parameter "${name}" must be at most ${max} characters, got ${value.length}`);
  return value;
}

/** The drawing of one request: every parameter checked, the cells in view classified. */
export async function mapImageSpecOf(jobs: HeavyJobs, data: ServedData, req: Request, res: Response): Promise<Omit<MapImageSpec, 'basemap'>> {
  onlyParameters(req, PARAMETERS);
  const bboxGiven = bboxParam(req);
  const place = stringParam(req, 'place');
  if (bboxGiven && place !== undefined) throw new HttpError(400, 'give "bbox" or "place", not both');
  if (!bboxGiven && !place) throw new HttpError(400, 'parameter "bbox" (west,south,east,north in degrees) or "place" (a name or a GISCO LAU id) is required');
  const width = intParam(req, 'width', 100, 2000, 900);
  const height = intParam(req, 'height', 100, 2000, 600);
  const scale = numberParam(req, 'scale') ?? 2;
  if (scale < 1 || scale > 4) throw new HttpError(400, `parameter "scale" must be a number from 1 to 4, got ${scale}`);
  const pixels = Math.round(width * scale) * Math.round(height * scale);
  if (pixels > MAX_RENDER_PIXELS) {
    throw new HttpError(400, `the image would have ${pixels} device pixels (width x height x scale²); at most ${MAX_RENDER_PIXELS} are drawn`, {
      width,
      height,
      scale,
    });
  }
  const lang = enumParam(req, 'lang', LANGUAGES, 'en');
  const palette = enumParam(req, 'palette', Object.keys(PALETTES), DEFAULT_PALETTE);
  const classification = classificationParam(req);
  const classesGiven = intParam(req, 'classes', 3, 9);
  if (classesGiven !== undefined && Array.isArray(classification)) throw new HttpError(400, 'give "classes" or explicit breaks in "classification", not both');
  const indicator = indicatorOf(data, stringParam(req, 'indicator') ?? 'share_born_abroad', 'cell');
  if (!GRID_KINDS.includes(indicator.kind)) {
    throw new HttpError(400, `indicator "${indicator.id}" is a ${indicator.kind}: the map colours cells by a share, count or density`, {
      available: data.facts.allIndicators.filter((i) => i.scopes.includes('cell') && GRID_KINDS.includes(i.kind)).map((i) => i.id),
    });
  }
  const title = textParam(req, 'title', 200);
  const source = textParam(req, 'source', 300);
  const bbox = bboxGiven ?? (await placeBox(data, place!));

  const { pack } = data;
  // the classes of the whole data set at 1 km, exactly as /api/breaks?level=1000 gives them
  const breaksLevel = levelForZoom(
    DEFAULT_BREAKS_ZOOM,
    pack.levels.map((l) => l.res),
  );
  const breaks = Array.isArray(classification)
    ? classification
    : (await indicatorBreaks({ jobs, data, req, res }, indicator, classification, classesGiven ?? 5, breaksLevel)).breaks;
  const colours = paletteColours(breaks.length + 1, palette);
  const level = gridLevelForView(pack.levels, bbox, width, height, scale);
  const read = cellIndicatorReader(indicator, level, pack.countries, data.facts.countries, pack);
  // the part of the view where the pack has cells, grown by about a cell
  const cells = collectViewCells(level, read, breaks, boxWithinPack(pack, mapFrame(bbox, width, height).visible, level.res / 40_000));
  const synthetic = pack.source.synthetic && !/synthetic/i.test(pack.source.attribution) ? 'Synthetic data' : '';
  return {
    width,
    height,
    scale,
    bbox,
    cells,
    colours,
    noDataColour: NO_DATA_COLOUR,
    texts: {
      title: title ?? indicator.labels[lang],
      legendTitle: indicator.labels[lang],
      // shares are labelled in percent, so the unit says percent too (as the widget's legend does)
      unit: `${indicator.kind === 'share' ? WORDS[lang].sharePercent : indicator.unit[lang]} · ${WORDS[lang].cellsOf.replace('{res}', sizeLabel(level.res))}`,
      classLabels: classLabels(breaks, breakFormatter(lang, indicator)),
      noData: indicator.basis === 'total' ? undefined : WORDS[lang].noData,
      source: source ?? [pack.source.attribution, synthetic].filter(Boolean).join(' · '),
      attribution: BASEMAP_CREDIT,
    },
  };
}

export function renderHandler(state: SourcesState, jobs: HeavyJobs, format: 'png' | 'pdf', renderer: Pick<MapRenderWorker, 'render'> = sharedMapRenderer()) {
  return async (req: Request, res: Response) => {
    const spec = await mapImageSpecOf(jobs, state.current, req, res);
    const bytes = await renderer.render(spec, format);
    res
      .set({
        'Content-Type': format === 'png' ? 'image/png' : 'application/pdf',
        'Cache-Control': 'public, max-age=300',
        'Content-Disposition': `inline; filename="d4i-map.${format}"`,
      })
      .send(bytes);
  };
}
