// The tooltip of <d4i-map> in headless Chromium over cells with confidential values, from the real server:
// "about" and the range where the published figures leave the share a range, the plain share where they fix it.
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { laeaToLonLat } from '../../core/grid/projection.ts';
import { runImport } from '../../import/import.ts';
import type { RunningServer } from '../../server/serve.ts';
import { HAS_CHROMIUM, launchBrowser, pageServer, SKIP_CHROMIUM_REASON } from '../support/browser.ts';
import { cellId, GRID_HEADER, tempDir, writeCsv } from '../support/helpers.ts';
import { startTestServer } from '../support/test-server.ts';

let running: RunningServer;
let browser: Browser;
let site: { server: Server; url: string };
const pages: Record<string, string> = {};

beforeAll(async () => {
  if (!HAS_CHROMIUM) return;
  const dir = tempDir();
  const folder = join(dir, 'set');
  mkdirSync(folder, { recursive: true });
  // one 200 m cell: 97 residents all published (80 NAT, 8 EU, 9 non-EU) and 3 whose every category is hidden;
  // no disclosure.json, so a hidden value can be any count: the 200 m cell is 17-20% born abroad
  writeCsv(
    folder,
    'D4I_UK_grid.csv',
    [...GRID_HEADER, 'NAT_CI', 'EU_OTH_CI', 'OTH_CI'],
    [
      [cellId(0, 0), 'UK', 97, 80, 8, 9, '', '', ''],
      [cellId(1, 1), 'UK', 3, -9999, -9999, -9999, -9999, -9999, -9999],
    ],
  );
  const out = join(dir, 'set.d4ipack');
  await runImport({ grid: [folder], out });
  running = await startTestServer(out);
  site = await pageServer(pages);
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  site?.server.close();
  await running?.close();
});

/** The tooltip's text when the pointer is over the centre of the map, centred on EPSG:3035 (x, y) at `zoom`. */
async function tooltipAt(x: number, y: number, zoom: number): Promise<string> {
  const [lon, lat] = laeaToLonLat(x, y);
  const server = running.url.replace(/\/$/, '');
  const path = `/${Math.random().toString(36).slice(2)}`;
  pages[path] = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<style>html,body{margin:0} d4i-map{display:block;width:600px;height:400px}</style></head><body>
<script type="module" src="${server}/widget/d4i-map.js"></script>
<d4i-map server="${server}" center="${lon},${lat}" zoom="${zoom}" basemap="none"></d4i-map></body></html>`;
  const context = await browser.newContext({ viewport: { width: 600, height: 400 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(() => {
      document.addEventListener('d4i-ready', () => Object.assign(window, { __ready: true }));
    });
    await page.goto(`${site.url}${path}`);
    await page.waitForFunction(() => (window as unknown as { __ready?: boolean }).__ready);
    await page.waitForFunction(() => {
      const map = (document.querySelector('d4i-map') as unknown as { map?: { loaded(): boolean; areTilesLoaded(): boolean } }).map;
      return map?.loaded() && map.areTilesLoaded();
    });
    const box = await page.evaluate(() => {
      const r = document.querySelector('d4i-map')!.shadowRoot!.querySelector('canvas')!.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    await page.mouse.move(box.x - 5, box.y - 5);
    await page.mouse.move(box.x, box.y);
    await page.waitForFunction(() => !!document.querySelector('d4i-map')!.shadowRoot!.querySelector('.tooltip')?.textContent);
    return page.evaluate(() => document.querySelector('d4i-map')!.shadowRoot!.querySelector('.tooltip')!.textContent!.replace(/\s+/g, ' '));
  } finally {
    await context.close();
  }
}

describe.skipIf(!HAS_CHROMIUM)('tooltip over confidential values (real server and browser)', () => {
  it('says "about" with the range where the share is a range, and the share alone where it is known', { timeout: 60_000 }, async () => {
    // z12 draws 200 m cells: the parent sums 97 known residents and 3 hidden ones
    const parent = await tooltipAt(3_900_100, 3_100_100, 12.5);
    expect(parent).toMatch(/Born abroad\s*about 17\.5% \(17%–20%\)/);
    // z14 draws 100 m cells: the published one is 17 of 97 exactly
    const known = await tooltipAt(3_900_050, 3_100_050, 14.5);
    expect(known).toMatch(/Born abroad\s*17 \(17\.5%\)/);
    expect(known).not.toMatch(/about/);
    // the cell whose every category is hidden: no share, and no count printed for a hidden value
    const hidden = await tooltipAt(3_900_150, 3_100_150, 14.5);
    expect(hidden).toMatch(/Residents\s*3/);
    expect(hidden).not.toMatch(/Born abroad\s*\d|another EU country\s*\d|outside the EU\s*\d/);
  });
});

describe.skipIf(HAS_CHROMIUM)('tooltip over confidential values', () => {
  it.skip(SKIP_CHROMIUM_REASON, () => undefined);
});
