// /render.png and /render.pdf on the tiny pack: image size and headers, cells in the colour of their
// class (checked against /api/cells and /api/breaks), the legend's swatches, the PDF page, places and
// errors. The routes are mounted by an express app of this test on a real server's data; the real
// server is checked too once server/app.ts mounts renderRouter.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import express, { type NextFunction, type Request, type Response } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatGridId } from '../../core/grid/grid-id.ts';
import { cellCentreLonLat } from '../../core/grid/projection.ts';
import type { LonLatBox } from '../../core/indicators/summary.ts';
import { levelAt } from '../../core/pack/pack.ts';
import { gridLevelForView, mapFrame } from '../../core/render/map-image.ts';
import { NO_DATA_COLOUR, paletteColours } from '../../core/style/palettes.ts';
import { loadBasemapData } from '../../geodata/basemap.ts';
import { HttpError } from '../../server/http-error.ts';
import { renderRouter } from '../../server/render-routes.ts';
import { sharedMapRenderer } from '../../server/render-worker.ts';
import type { RunningServer } from '../../server/serve.ts';
import { buildTinyPack, tempDir } from '../support/helpers.ts';
import { http } from '../support/http-client.ts';
import { startTestServer } from '../support/test-server.ts';

const dir = tempDir();
let running: RunningServer;
let ownServer: Server;
let api: string;
let own: string;

/** Around Venlo, wide enough that 500 m cells would be under 3 px at 600 x 400: the 1 km level is drawn. */
const VIEW: LonLatBox = [5.09, 51.07, 7.25, 51.67];
const [W, H] = [600, 400];

beforeAll(async () => {
  const pack = await buildTinyPack(dir);
  running = await startTestServer(pack, { cacheMb: 16 });
  api = running.url.replace(/\/$/, '');
  const app = express();
  app.set('query parser', 'simple');
  app.use(renderRouter(running.state, running.jobs));
  // the answer server/app.ts gives: { error, detail } with the HttpError's status
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof HttpError) res.status(error.status).json({ error: error.message, detail: error.detail });
    else res.status(500).json({ error: String(error) });
  });
  ownServer = createServer(app).listen(0, '127.0.0.1');
  await once(ownServer, 'listening');
  own = `http://127.0.0.1:${(ownServer.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  ownServer?.close();
  await running?.close();
  await sharedMapRenderer().close();
});

type Rgb = [number, number, number];

/** A d3 colour ("#440154" or "rgb(68, 1, 84)") as RGB. */
function rgbOf(colour: string): Rgb {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour);
  if (hex) return [1, 2, 3].map((k) => Number.parseInt(hex[k], 16)) as Rgb;
  const rgb = /^rgb\((\d+), ?(\d+), ?(\d+)\)$/.exec(colour);
  if (!rgb) throw new Error(`not a colour: ${colour}`);
  return [1, 2, 3].map((k) => Number(rgb[k])) as Rgb;
}

async function decodePng(bytes: Buffer) {
  const image = await loadImage(bytes);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(0, 0, image.width, image.height);
  const at = (x: number, y: number): Rgb => {
    const i = (y * image.width + x) * 4;
    return [data[i], data[i + 1], data[i + 2]];
  };
  return { width: image.width, height: image.height, at };
}

const same = (a: Rgb, b: Rgb) => a[0] === b[0] && a[1] === b[1] && a[2] === b[2];

/** Pixel distance from p to the nearest basemap line drawn over the cells (borders, coast). */
function distanceToLines(p: [number, number], toPixel: (lon: number, lat: number) => [number, number]): number {
  const basemap = loadBasemapData();
  let best = Infinity;
  for (const feature of [...basemap.boundary, ...basemap.coastline]) {
    if (feature.geometry.type !== 'MultiLineString') continue;
    for (const line of feature.geometry.coordinates) {
      for (let k = 1; k < line.length; k++) {
        const [ax, ay] = toPixel(line[k - 1][0], line[k - 1][1]);
        const [bx, by] = toPixel(line[k][0], line[k][1]);
        const dx = bx - ax;
        const dy = by - ay;
        const t = Math.max(0, Math.min(1, ((p[0] - ax) * dx + (p[1] - ay) * dy) / (dx * dx + dy * dy || 1)));
        best = Math.min(best, Math.hypot(p[0] - (ax + t * dx), p[1] - (ay + t * dy)));
      }
    }
  }
  return best;
}

describe('GET /render.png', () => {
  it('answers a PNG of width x height at the scale, with the caching and download headers', async () => {
    const res = await http(`${own}/render.png?bbox=${VIEW.join(',')}&width=300&height=200`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers['content-disposition']).toBe('inline; filename="d4i-map.png"');
    const image = await decodePng(res.body);
    expect([image.width, image.height]).toEqual([600, 400]); // scale 2 by default
    const scaled = await decodePng((await http(`${own}/render.png?bbox=${VIEW.join(',')}&width=300&height=200&scale=3`)).body);
    expect([scaled.width, scaled.height]).toEqual([900, 600]);
    // a world-wide view (cells only where the pack has them) and one without any cell
    for (const bbox of ['-180,-85,180,85', '10,60,11,61']) expect((await http(`${own}/render.png?bbox=${bbox}&width=300&height=200`)).status, bbox).toBe(200);
  });

  it('paints each cell in the legend colour of its class (the value of /api/cells, the breaks of /api/breaks at 1 km)', async () => {
    const pack = running.state.current.pack;
    expect(gridLevelForView(pack.levels, VIEW, W, H, 1).res).toBe(1000);
    const nice = (await http(`${api}/api/breaks?indicator=share_born_abroad&method=nice&classes=5&level=1000`)).json();
    const breaks: number[] = nice.breaks;
    const colours = paletteColours(breaks.length + 1, 'viridis');
    const image = await decodePng((await http(`${own}/render.png?bbox=${VIEW.join(',')}&width=${W}&height=${H}&scale=1`)).body);
    const frame = mapFrame(VIEW, W, H);

    const level = levelAt(pack, 1000)!;
    const byPopulation = Array.from({ length: level.count }, (_, i) => i).sort((a, b) => level.values.T[b] - level.values.T[a]);
    let checked = 0;
    for (const i of byPopulation) {
      if (checked === 8) break;
      const [e, n] = [level.x[i] * 1000, level.y[i] * 1000];
      const centre = frame.toPixel(...cellCentreLonLat(1000, e, n));
      // away from the legend (bottom left) and from the dashed border and coastline drawn over the cells
      if (centre[0] < W / 2 || distanceToLines(centre, frame.toPixel) < 3) continue;
      const cell = (await http(`${api}/api/cells/${formatGridId({ res: 1000, e, n })}`)).json();
      const value: number | null = cell.share_born_abroad;
      // the API rounds to 4 decimals: a value that close to a break could be on either side
      if (value !== null && breaks.some((b) => Math.abs(value - b) < 1e-4)) continue;
      const expected = value === null ? NO_DATA_COLOUR : colours[breaks.filter((b) => value >= b).length];
      expect(image.at(Math.floor(centre[0]), Math.floor(centre[1])), `${cell.id} (${value})`).toEqual(rgbOf(expected));
      checked++;
    }
    expect(checked).toBe(8);
  });

  it('draws a legend swatch of every class colour and of no data, on the white legend box', async () => {
    const nice = (await http(`${api}/api/breaks?indicator=share_born_abroad&method=nice&classes=5&level=1000`)).json();
    const colours = [...paletteColours(nice.breaks.length + 1, 'viridis'), NO_DATA_COLOUR];
    const image = await decodePng((await http(`${own}/render.png?bbox=${VIEW.join(',')}&width=${W}&height=${H}&scale=1`)).body);
    const white: Rgb = [255, 255, 255];
    // a swatch: its colour with the box's white a few pixels to its left; map pixels never border pure white
    const swatchOf = (colour: Rgb) => {
      for (let y = image.height / 2; y < image.height; y++) {
        for (let x = 3; x < image.width / 2; x++) {
          if (same(image.at(x, y), colour) && same(image.at(x + 4, y), colour) && same(image.at(x - 3, y), white)) return true;
        }
      }
      return false;
    };
    for (const colour of colours) expect(swatchOf(rgbOf(colour)), colour).toBe(true);
  });

  it('finds a place by GISCO id or by name, and answers 404 for an unknown one', async () => {
    const { laus } = running.state.current.pack;
    const biggest = Array.from({ length: laus.count }, (_, i) => i).sort((a, b) => (laus.values.T[b] ?? 0) - (laus.values.T[a] ?? 0))[0];
    for (const place of [laus.giscoId[biggest], laus.name[biggest]]) {
      const res = await http(`${own}/render.png?place=${encodeURIComponent(place)}&width=200&height=150&scale=1`);
      expect(res.status, place).toBe(200);
      expect((await decodePng(res.body)).width).toBe(200);
    }
    const missing = await http(`${own}/render.png?place=Atlantis-upon-Sea`);
    expect(missing.status).toBe(404);
    expect(missing.json().error).toMatch(/no place "Atlantis-upon-Sea"/);
  });

  it('refuses bad parameters with a 400 { error, detail }', async () => {
    const bbox = `bbox=${VIEW.join(',')}`;
    const cases: [string, RegExp][] = [
      ['', /"bbox".*or "place".*is required/],
      [`${bbox}&place=Venlo`, /not both/],
      ['bbox=1,2,3', /four numbers/],
      [`${bbox}&width=5000`, /"width" must be a whole number from 100 to 2000/],
      [`${bbox}&scale=9`, /"scale" must be a number from 1 to 4/],
      [`${bbox}&width=2000&height=2000&scale=4`, /64000000 device pixels/],
      [`${bbox}&indicator=nope`, /unknown indicator "nope"/],
      [`${bbox}&indicator=diversity_birth`, /share, count or density/],
      [`${bbox}&colour=red`, /unknown parameter "colour"/],
      [`${bbox}&palette=rainbow`, /"palette" must be one of/],
      [`${bbox}&classes=12`, /"classes" must be a whole number from 3 to 9/],
      [`${bbox}&classification=0.2,0.1`, /ascending breaks/],
      [`${bbox}&classification=0.1,0.2&classes=4`, /not both/],
      [`${bbox}&lang=xx`, /"lang" must be one of/],
    ];
    for (const [query, message] of cases) {
      const res = await http(`${own}/render.png?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers['content-type'], query).toMatch(/application\/json/);
      expect(res.json().error, query).toMatch(message);
    }
    const budget = (await http(`${own}/render.png?${bbox}&width=2000&height=2000&scale=4`)).json();
    expect(budget.detail).toEqual({ width: 2000, height: 2000, scale: 4 });
    expect((await http(`${own}/render.png?${bbox}&indicator=nope`)).json().detail.available).toContain('share_born_abroad');
  });

  it('takes explicit breaks, a palette, a language and a title', async () => {
    const res = await http(`${own}/render.png?bbox=${VIEW.join(',')}&width=${W}&height=${H}&scale=1&classification=0.05,0.1&palette=reds&lang=de&title=Venlo`);
    expect(res.status).toBe(200);
    const image = await decodePng(res.body);
    const white: Rgb = [255, 255, 255];
    for (const colour of paletteColours(3, 'reds')) {
      const rgb = rgbOf(colour);
      let found = false;
      for (let y = H / 2; y < H && !found; y++) for (let x = 3; x < W / 2 && !found; x++) found = same(image.at(x, y), rgb) && same(image.at(x - 3, y), white);
      expect(found, colour).toBe(true);
    }
  });
});

describe('GET /render.pdf', () => {
  it('answers a one-page vector PDF of width x height points', async () => {
    const res = await http(`${own}/render.pdf?bbox=${VIEW.join(',')}&width=800&height=500`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('inline; filename="d4i-map.pdf"');
    expect(res.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = res.body.toString('latin1');
    expect(text.match(/\/Type \/Page\b/g)).toHaveLength(1);
    expect(text).toContain('/MediaBox [0 0 800 500]');
    expect(text).toMatch(/\/FontName \/[A-Z]{6}\+OpenSans/); // the text is Open Sans, embedded
  });
});

describe('the server app', () => {
  it('serves /render.png at its root once server/app.ts mounts renderRouter', async (context) => {
    const res = await http(`${api}/render.png?bbox=${VIEW.join(',')}&width=200&height=150&scale=1`);
    if (res.status === 404) context.skip('server/app.ts does not mount renderRouter yet');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
  });
});
