// QGIS 3.22 (Debian's qgis + python3-qgis), headless: our XYZ vector tiles load as a valid layer, and
// with /styles/grid.qml (/styles/lau.qml) a rendered map shows each 1 km cell (each LAU) in the colour of
// its class from the API.
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatGridId } from '../../core/grid/grid-id.ts';
import { laeaToLonLat } from '../../core/grid/projection.ts';
import { paletteColours } from '../../core/style/palettes.ts';
import { levelAt, loadPack } from '../../core/pack/pack.ts';
import type { RunningServer } from '../../server/serve.ts';
import { buildTinyPack, tempDir } from '../support/helpers.ts';
import { http } from '../support/http-client.ts';

const PYTHON = process.env.QGIS_PYTHON ?? '/usr/bin/python3';
const HAS_QGIS = spawnSync(PYTHON, ['-c', 'import qgis.core'], { env: { ...process.env, QT_QPA_PLATFORM: 'offscreen' } }).status === 0;
if (!HAS_QGIS) console.log(`no PyQGIS for ${PYTHON}: apt-get install -y qgis python3-qgis (QGIS test skipped)`);

const RENDER = `
import sys
from qgis.core import QgsApplication, QgsVectorTileLayer, QgsMapSettings, QgsMapRendererSequentialJob, QgsRectangle, QgsCoordinateReferenceSystem
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor
app = QgsApplication([], False)
app.initQgis()
url, qml, out = sys.argv[1:4]
xmin, ymin, xmax, ymax = map(float, sys.argv[4:8])
layer = QgsVectorTileLayer("type=xyz&url=" + url + "&zmin=10&zmax=10", "d4i")
print("valid", layer.isValid())
if qml.endswith(".json"):
    # a MapLibre style, through the converter QGIS uses for a connection's style URL
    import json
    from qgis.core import QgsMapBoxGlStyleConverter
    converter = QgsMapBoxGlStyleConverter()
    result = converter.convert(json.load(open(qml)))
    for warning in converter.warnings():
        print("converter warning", warning)
    layer.setRenderer(converter.renderer().clone())
    print("style", result == QgsMapBoxGlStyleConverter.Success, "")
else:
    message, ok = layer.loadNamedStyle(qml)
    print("style", ok, message)
from qgis.core import QgsExpression, QgsExpressionContext, QgsFeature, QgsFields, QgsField
from qgis.PyQt.QtCore import QVariant
for style in layer.renderer().styles():
    expression = QgsExpression(style.filterExpression())
    if style.filterExpression() and expression.hasParserError():
        print("bad expression", style.styleName(), expression.parserErrorString())
# the small-town rule on a feature whose flag is a boolean, as QGIS decodes MVT booleans
fields = QgsFields()
fields.append(QgsField("small_town_high_share", QVariant.Bool))
town = QgsFeature(fields)
town.setAttribute(0, True)
context = QgsExpressionContext()
context.setFeature(town)
print("town rule", QgsExpression('"small_town_high_share" = true').evaluate(context))
town.setAttribute(0, False)
context.setFeature(town)
print("other rule", QgsExpression('"small_town_high_share" = true').evaluate(context))
settings = QgsMapSettings()
settings.setLayers([layer])
settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
settings.setExtent(QgsRectangle(xmin, ymin, xmax, ymax))
settings.setOutputSize(QSize(800, 600))
settings.setBackgroundColor(QColor(255, 255, 255))
job = QgsMapRendererSequentialJob(settings)
job.start()
job.waitForFinished()
print("saved", job.renderedImage().save(out, "PNG"))
`;
import { startTestServer } from '../support/test-server.ts';

let running: RunningServer;
let base: string;
let packPath: string;
const dir = tempDir();

beforeAll(async () => {
  if (!HAS_QGIS) return;
  packPath = await buildTinyPack(dir, 1);
  running = await startTestServer(packPath);
  base = running.url.replace(/\/$/, '');
}, 60_000);
afterAll(() => running?.close());

const mercator = (lon: number, lat: number) => [(lon * Math.PI * 6378137) / 180, 6378137 * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))];

// a 24 x 18 km view of Venlo, drawn from the zoom-10 tiles (1 km cells), 800 x 600 px
const [cx, cy] = mercator(6.17, 51.37);
const [hw, hh] = [12_000 / Math.cos((51.37 * Math.PI) / 180), 9_000 / Math.cos((51.37 * Math.PI) / 180)];
const extent = [cx - hw, cy - hh, cx + hw, cy + hh];
const [WIDTH, HEIGHT] = [800, 600];

/** Pixel of a lon/lat in the rendered view. */
function pixelOf(lon: number, lat: number): [number, number] {
  const [mx, my] = mercator(lon, lat);
  return [Math.round(((mx - extent[0]) / (extent[2] - extent[0])) * WIDTH), Math.round(((extent[3] - my) / (extent[3] - extent[1])) * HEIGHT)];
}

/** The view rendered by PyQGIS from one of our tile layers with a QML, as a 2D context to read pixels of. */
async function renderInQgis(layer: 'grid' | 'lau', qml: Buffer, { styleFile = `${layer}.qml`, query = '' } = {}) {
  const qmlFile = join(dir, styleFile);
  writeFileSync(qmlFile, qml);
  const script = join(dir, 'render.py');
  writeFileSync(script, RENDER);
  const png = join(dir, `qgis-${styleFile}.png`);
  const { stdout } = await promisify(execFile)(PYTHON, [script, `${base}/tiles/${layer}/{z}/{x}/{y}.mvt${query}`, qmlFile, png, ...extent.map(String)], {
    env: { ...process.env, QT_QPA_PLATFORM: 'offscreen' },
    timeout: 100_000,
  });
  expect(stdout).toContain('valid True');
  expect(stdout).toContain('style True');
  expect(stdout).toContain('saved True');
  expect(stdout).not.toContain('bad expression');
  expect(stdout).not.toContain('converter warning');
  expect(stdout).toContain('town rule 1');
  expect(stdout).toContain('other rule 0');
  const image = await loadImage(png);
  expect([image.width, image.height]).toEqual([WIDTH, HEIGHT]);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  if (process.env.QGIS_DEBUG) writeFileSync(`/tmp/qgis-${styleFile}.png`, readFileSync(png));
  return ctx;
}

/** The class colours as drawn at 85% opacity over the white background. */
const blendedColours = (count: number) =>
  paletteColours(count)
    .map((c) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)))
    .map((rgb) => rgb.map((v) => Math.round(v * 0.85 + 255 * 0.15)));

/** At 1 km cells of the view, the pixel is the colour of the cell's class by /api/breaks and /api/cells. */
async function expectGridClassColours(ctx: Awaited<ReturnType<typeof renderInQgis>>) {
  const { breaks } = (await http(`${base}/api/breaks?indicator=share_born_abroad&zoom=10`)).json();
  const blended = blendedColours(breaks.length + 1);
  const level = levelAt(loadPack(packPath), 1000)!;
  let checked = 0;
  for (let i = 0; i < level.count && checked < 12; i++) {
    const [lon, lat] = laeaToLonLat((level.x[i] + 0.5) * 1000, (level.y[i] + 0.5) * 1000);
    const [px, py] = pixelOf(lon, lat);
    if (px < 20 || py < 20 || px > WIDTH - 20 || py > HEIGHT - 20) continue;
    const cell = (await http(`${base}/api/cells/${formatGridId({ res: 1000, e: level.x[i] * 1000, n: level.y[i] * 1000 })}`)).json();
    const share = cell.share_born_abroad;
    if (share === null || share === undefined || level.values.T[i] < 50) continue;
    const k = breaks.filter((b: number) => share >= b).length;
    const [r, g, b] = ctx.getImageData(px, py, 1, 1).data;
    const [er, eg, eb] = blended[k];
    expect(Math.max(Math.abs(r - er), Math.abs(g - eg), Math.abs(b - eb)), `cell ${cell.id}: class ${k}`).toBeLessThanOrEqual(8);
    checked++;
  }
  expect(checked).toBeGreaterThanOrEqual(6);
}

describe.skipIf(!HAS_QGIS)('QGIS reads the tiles and our QML', () => {
  it('loads the XYZ layer, applies /styles/grid.qml and draws each cell in its class colour', { timeout: 120_000 }, async () => {
    const qml = await http(`${base}/styles/grid.qml?lang=de`);
    expect(qml.status).toBe(200);
    expect(qml.body.toString()).toContain('<renderer type="basic">');
    expect(qml.body.toString()).toContain('Keine Daten (vertraulich)');
    const ctx = await renderInQgis('grid', qml.body);
    await expectGridClassColours(ctx);
  });

  it('applies /styles/lau.qml: each LAU in the colour of its class from the API', { timeout: 120_000 }, async () => {
    const qml = await http(`${base}/styles/lau.qml?lang=fr`);
    expect(qml.status).toBe(200);
    expect(qml.body.toString()).toContain('Pas de données (confidentiel)');
    expect(qml.body.toString()).toContain('layer="small_town"');
    const ctx = await renderInQgis('lau', qml.body);
    const { breaks } = (await http(`${base}/api/breaks?indicator=share_born_abroad&level=lau`)).json();
    const blended = blendedColours(breaks.length + 1);
    // 100 m cells name their LAU; away from the LAU's boundary (a uniform 7 x 7 px patch) the pixel is its class colour
    const level = loadPack(packPath).levels[0];
    const checkedLaus = new Set<string>();
    const checkedClasses = new Set<number>();
    let checked = 0;
    const stride = Math.max(1, Math.floor(level.count / 300));
    for (let i = 0; i < level.count; i += stride) {
      const [lon, lat] = laeaToLonLat((level.x[i] + 0.5) * level.res, (level.y[i] + 0.5) * level.res);
      const [px, py] = pixelOf(lon, lat);
      if (px < 20 || py < 20 || px > WIDTH - 20 || py > HEIGHT - 20) continue;
      const patch = ctx.getImageData(px - 3, py - 3, 7, 7).data;
      let uniform = true;
      for (let k = 4; k < patch.length; k += 4) if (Math.max(...[0, 1, 2].map((c) => Math.abs(patch[k + c] - patch[c]))) > 2) uniform = false;
      if (!uniform) continue;
      const cell = (await http(`${base}/api/cells/${formatGridId({ res: level.res, e: level.x[i] * level.res, n: level.y[i] * level.res })}`)).json();
      if (!cell.lau) continue;
      const lau = (await http(`${base}/api/laus/${cell.lau.id}`)).json();
      const share = lau.share_born_abroad;
      if (share === null || share === undefined) continue;
      const k = breaks.filter((b: number) => share >= b).length;
      const [er, eg, eb] = blended[k];
      expect(Math.max(Math.abs(patch[0] - er), Math.abs(patch[1] - eg), Math.abs(patch[2] - eb)), `LAU ${lau.id}: class ${k}`).toBeLessThanOrEqual(8);
      checkedLaus.add(lau.id);
      checkedClasses.add(k);
      checked++;
    }
    // every LAU of the view, in more than one class
    expect(checkedLaus.size).toBeGreaterThanOrEqual(3);
    expect(checkedClasses.size).toBeGreaterThanOrEqual(2);
    expect(checked).toBeGreaterThanOrEqual(20);
  });

  it('converts /styles/qgis.json with QgsMapBoxGlStyleConverter without a warning, and draws the same classes', { timeout: 120_000 }, async () => {
    const style = await http(`${base}/styles/qgis.json`);
    expect(style.status).toBe(200);
    expect(style.json().sources.grid.url).toBe(`${base}/tiles/grid.json?fields=share_born_abroad`);
    const ctx = await renderInQgis('grid', style.body, { styleFile: 'qgis.json', query: '?fields=share_born_abroad' });
    await expectGridClassColours(ctx);
  });
});
