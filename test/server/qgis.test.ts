// QGIS 3.22 (Debian's qgis + python3-qgis), headless: our XYZ vector tiles load as a valid layer, and
// with /styles/grid.qml a rendered map shows each 1 km cell in the colour of its class from the API.
import { execFile, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatGridId } from '../../core/grid/grid-id.ts';
import { laeaToLonLat } from '../../core/grid/projection.ts';
import { paletteColours } from '../../core/style/palettes.ts';
import { levelAt, loadPack } from '../../core/pack/pack.ts';
import { resolveConfig } from '../../server/config.ts';
import { type RunningServer, startServer } from '../../server/serve.ts';
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
layer = QgsVectorTileLayer("type=xyz&url=" + url + "&zmin=10&zmax=10", "grid")
print("valid", layer.isValid())
message, ok = layer.loadNamedStyle(qml)
print("style", ok, message)
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

let running: RunningServer;
let base: string;
let packPath: string;
const dir = tempDir();

beforeAll(async () => {
  if (!HAS_QGIS) return;
  packPath = await buildTinyPack(dir, 1);
  running = await startServer(resolveConfig({ pack: packPath, port: 0, host: '127.0.0.1' }, {}), pino({ level: 'silent' }));
  base = running.url.replace(/\/$/, '');
}, 60_000);
afterAll(() => running?.close());

const mercator = (lon: number, lat: number) => [(lon * Math.PI * 6378137) / 180, 6378137 * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))];

describe.skipIf(!HAS_QGIS)('QGIS reads the tiles and our QML', () => {
  it('loads the XYZ layer, applies /styles/grid.qml and draws each cell in its class colour', { timeout: 120_000 }, async () => {
    const qml = await http(`${base}/styles/grid.qml?lang=de`);
    expect(qml.status).toBe(200);
    expect(qml.body.toString()).toContain('<renderer type="basic">');
    expect(qml.body.toString()).toContain('Keine Daten (vertraulich)');
    const qmlFile = join(dir, 'grid.qml');
    writeFileSync(qmlFile, qml.body);
    const script = join(dir, 'render.py');
    writeFileSync(script, RENDER);
    // a 24 x 18 km view of Venlo, drawn from the zoom-10 tiles (1 km cells)
    const [cx, cy] = mercator(6.17, 51.37);
    const [hw, hh] = [12_000 / Math.cos((51.37 * Math.PI) / 180), 9_000 / Math.cos((51.37 * Math.PI) / 180)];
    const extent = [cx - hw, cy - hh, cx + hw, cy + hh];
    const png = join(dir, 'qgis.png');
    const { stdout } = await promisify(execFile)(PYTHON, [script, `${base}/tiles/grid/{z}/{x}/{y}.mvt`, qmlFile, png, ...extent.map(String)], {
      env: { ...process.env, QT_QPA_PLATFORM: 'offscreen' },
      timeout: 100_000,
    });
    expect(stdout).toContain('valid True');
    expect(stdout).toContain('style True');
    expect(stdout).toContain('saved True');

    const image = await loadImage(png);
    const canvas = createCanvas(image.width, image.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    const { breaks } = (await http(`${base}/api/breaks?indicator=share_born_abroad&zoom=10`)).json();
    const colours = paletteColours(breaks.length + 1).map((c) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)));
    // the QML draws at 85% opacity over the white background
    const blended = colours.map((rgb) => rgb.map((v) => Math.round(v * 0.85 + 255 * 0.15)));
    const level = levelAt(loadPack(packPath), 1000)!;
    let checked = 0;
    for (let i = 0; i < level.count && checked < 12; i++) {
      const [lon, lat] = laeaToLonLat((level.x[i] + 0.5) * 1000, (level.y[i] + 0.5) * 1000);
      const [mx, my] = mercator(lon, lat);
      const px = Math.round(((mx - extent[0]) / (extent[2] - extent[0])) * image.width);
      const py = Math.round(((extent[3] - my) / (extent[3] - extent[1])) * image.height);
      if (px < 20 || py < 20 || px > image.width - 20 || py > image.height - 20) continue;
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
  });
});
