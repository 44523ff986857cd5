// Styles for QGIS: /styles/grid.qml and /styles/lau.qml (native) and /styles/qgis.json (MapLibre), with the web map's classes,
// colours and "no data" class for the chosen indicator, classification and language (core/style/qgis-style.ts).
import express, { type Request } from 'express';
import { SHARE_BORN_ABROAD, TOP_LEVEL_SHARES } from '../core/grid/groups.ts';
import { levelForZoom } from '../core/grid/levels.ts';
import { BREAK_METHODS } from '../core/indicators/break-methods.ts';
import { LANGUAGES } from '../core/indicators/languages.ts';
import { LAU_TILE_INDICATORS } from '../core/mvt/lau-source.ts';
import { classLabel } from '../core/style/class-labels.ts';
import { LEGEND_WORDS } from '../core/style/legend-words.ts';
import { GRID_KINDS } from '../core/style/map-style.ts';
import { PALETTES, paletteColours } from '../core/style/palettes.ts';
import { qgisMapLibreStyle } from '../core/style/qgis-maplibre-style.ts';
import { qgisGridStyle, qgisLauStyle } from '../core/style/qgis-style.ts';
import { type BreaksRequest, DEFAULT_BREAKS_ZOOM, indicatorBreaks, indicatorOf } from './api/breaks.ts';
import type { HeavyJobs } from './heavy-jobs.ts';
import { enumParam, intParam, onlyParameters, stringParam } from './api/params.ts';
import { sendBytes } from './byte-ranges.ts';
import { HttpError } from './http-error.ts';
import type { ServerConfig } from './config.ts';
import type { SourcesState } from './sources-state.ts';
import { baseUrl } from './base-url.ts';

const OPACITY = 0.85;

/** The options both styles read from the query. */
function styleQuery(req: Request) {
  onlyParameters(req, ['indicator', 'lang', 'classes', 'palette', 'classification']);
  return {
    indicatorId: stringParam(req, 'indicator') ?? SHARE_BORN_ABROAD,
    lang: enumParam(req, 'lang', LANGUAGES, 'en'),
    classes: intParam(req, 'classes', 3, 9, 5),
    palette: enumParam(req, 'palette', Object.keys(PALETTES), 'viridis'),
    method: enumParam(req, 'classification', BREAK_METHODS, 'nice'),
  };
}

type StyleQuery = ReturnType<typeof styleQuery>;

/** The grid's classes for QGIS: the breaks of the level drawn at the default zoom, as the web map's legend. */
async function gridClasses(asker: BreaksRequest, q: StyleQuery, indicator: ReturnType<typeof indicatorOf>) {
  const level = levelForZoom(
    DEFAULT_BREAKS_ZOOM,
    asker.data.pack.levels.map((l) => l.res),
  );
  const { breaks } = await indicatorBreaks(asker, indicator, q.method, q.classes, level);
  return { breaks, colours: paletteColours(breaks.length + 1, q.palette) };
}

export function qgisStyleRouter(state: SourcesState, config: ServerConfig, jobs: HeavyJobs): express.Router {
  const router = express.Router();
  const send = (req: Request, res: express.Response, name: string, qml: string) => {
    res.set({
      'Content-Type': 'application/xml; charset=utf-8',
      'Cache-Control': 'public, max-age=60',
      'Content-Disposition': `inline; filename="d4i-${name}.qml"`,
    });
    sendBytes(req, res, Buffer.from(qml));
  };

  router.get('/styles/grid.qml', async (req, res) => {
    const q = styleQuery(req);
    const data = state.current;
    const indicator = indicatorOf(data, q.indicatorId, 'cell');
    if (!GRID_KINDS.includes(indicator.kind)) throw new HttpError(400, `indicator "${indicator.id}" cannot colour grid cells in QGIS (a ${indicator.kind})`);
    const { breaks, colours } = await gridClasses({ jobs, data, req, res }, q, indicator);
    const labels = colours.map((_, k) => classLabel(k, breaks, indicator.kind, q.lang));
    send(req, res, 'grid', qgisGridStyle({ indicator, breaks, colours, labels, noDataLabel: LEGEND_WORDS[q.lang].noData, opacity: OPACITY }));
  });

  router.get('/styles/lau.qml', async (req, res) => {
    const q = styleQuery(req);
    const data = state.current;
    const indicator = indicatorOf(data, q.indicatorId, 'lau');
    // the style reads the value from the tile, so only indicators LAU tiles carry
    if (!LAU_TILE_INDICATORS.includes(indicator.id))
      throw new HttpError(400, `LAU tiles do not carry indicator "${indicator.id}"`, { available: LAU_TILE_INDICATORS });
    const { breaks } = await indicatorBreaks({ jobs, data, req, res }, indicator, q.method, q.classes, 'lau');
    const colours = paletteColours(breaks.length + 1, q.palette);
    const labels = colours.map((_, k) => classLabel(k, breaks, indicator.kind, q.lang));
    const words = LEGEND_WORDS[q.lang];
    send(req, res, 'lau', qgisLauStyle({ indicator, breaks, colours, labels, noDataLabel: words.noData, smallTownLabel: words.smallTown, opacity: OPACITY }));
  });

  // the grid as a MapLibre style QGIS's converter draws: shares only, the value a field of the tiles
  router.get('/styles/qgis.json', async (req, res) => {
    const q = styleQuery(req);
    const data = state.current;
    const indicator = indicatorOf(data, q.indicatorId, 'cell');
    const shares = TOP_LEVEL_SHARES.map((s) => s.id);
    if (!shares.includes(indicator.id))
      throw new HttpError(400, `the QGIS MapLibre style draws the shares grid tiles carry, not "${indicator.id}" (use /styles/grid.qml)`, {
        available: shares,
      });
    const { breaks, colours } = await gridClasses({ jobs, data, req, res }, q, indicator);
    const style = qgisMapLibreStyle({ server: baseUrl(config, req), indicator, breaks, colours, opacity: OPACITY });
    res.set({ 'Cache-Control': 'public, max-age=60', 'Content-Type': 'application/json; charset=utf-8' });
    sendBytes(req, res, Buffer.from(JSON.stringify(style)));
  });

  return router;
}
