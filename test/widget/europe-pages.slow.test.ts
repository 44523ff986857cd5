// On the europe pack (D4I_SLOW=1, and data/europe.d4ipack from `npm start`): the small towns show at
// country zoom in France, Ireland and Spain, and the configurator makes country maps of Ireland and France.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/serve.ts';
import { HAS_CHROMIUM, launchBrowser, pageServer } from '../support/browser.ts';
import { PROJECT } from '../support/helpers.ts';
import { startTestServer } from '../support/test-server.ts';

const EUROPE = join(PROJECT, 'data/europe.d4ipack');
const RUN = Boolean(process.env.D4I_SLOW) && HAS_CHROMIUM && existsSync(EUROPE);
if (process.env.D4I_SLOW && !existsSync(EUROPE)) console.log(`no ${EUROPE}: run npm start once to build it (europe page tests skipped)`);

let running: RunningServer;
let browser: Browser;
let site: Awaited<ReturnType<typeof pageServer>>;
const pages: Record<string, string> = {};

beforeAll(async () => {
  if (!RUN) return;
  running = await startTestServer(EUROPE);
  site = await pageServer(pages);
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  site?.server.close();
  await running?.close();
});

const ready = (page: Page) =>
  page.waitForFunction(
    () => {
      const el = document.querySelector('d4i-map') as unknown as { ready?: boolean; map?: { loaded(): boolean; areTilesLoaded(): boolean } } | null;
      return el?.ready && el.map?.loaded() && el.map.areTilesLoaded();
    },
    undefined,
    { timeout: 60_000 },
  );

/** Near-black pixels of the map canvas: the small-town dots and outlines (the grid and basemap have none). */
const darkPixels = (page: Page) =>
  page.evaluate(() => {
    const canvas = document.querySelector('d4i-map')!.shadowRoot!.querySelector('canvas')!;
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const ctx = copy.getContext('2d')!;
    ctx.drawImage(canvas, 0, 0);
    const data = ctx.getImageData(0, 0, copy.width, copy.height).data;
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 200 && data[i] < 30 && data[i + 1] < 30 && data[i + 2] < 30) dark++;
    return dark;
  });

describe.skipIf(!RUN)('europe pack in Chromium (D4I_SLOW=1)', () => {
  it('shows the small towns at country zoom in France, Ireland and Spain', { timeout: 180_000 }, async () => {
    const server = running.url.replace(/\/$/, '');
    for (const [country, center, zoom] of [
      ['FR', '2.5,46.6', 5.2],
      ['IE', '-8.2,53.4', 6.2],
      ['ES', '-3.7,40.2', 5.3],
    ] as const) {
      const path = `/${country}`;
      pages[path] = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body>
<script type="module" src="${server}/widget/d4i-map.js"></script>
<d4i-map server="${server}" center="${center}" zoom="${zoom}" highlight="small-towns" basemap="none" style="width:900px"></d4i-map></body></html>`;
      const context = await browser.newContext({ viewport: { width: 920, height: 700 } });
      const page = await context.newPage();
      await page.goto(`${site.url}${path}`);
      await ready(page);
      await page.waitForTimeout(800);
      const withTowns = await darkPixels(page);
      await page.evaluate(() => document.querySelector('d4i-map')!.setAttribute('highlight', 'none'));
      await page.waitForTimeout(1200);
      const without = await darkPixels(page);
      console.log(`${country}: ${withTowns} dark pixels with the small towns, ${without} without`);
      expect(withTowns, country).toBeGreaterThan(without + 50);
      await context.close();
    }
  });

  it('makes country maps of Ireland and France from the configurator', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    const page = await context.newPage();
    await page.goto(running.url);
    await ready(page);
    for (const [name, inside] of [
      ['Ireland', [-10.6, 51.4, -5.9, 55.4]],
      ['France', [-5, 42.3, 8.3, 51.1]],
    ] as const) {
      await page.fill('input[name=place]', name);
      await page.dispatchEvent('form', 'change');
      await page.waitForTimeout(3500);
      const view = await page.evaluate(() => {
        const el = document.querySelector('d4i-map') as unknown as HTMLElement & { map: { getCenter(): { lng: number; lat: number }; getZoom(): number } };
        return { ...el.map.getCenter(), zoom: el.map.getZoom(), error: el.shadowRoot!.querySelector('.state.error')?.textContent ?? '' };
      });
      expect(view.error, name).toBe('');
      expect(view.lng > inside[0] && view.lng < inside[2] && view.lat > inside[1] && view.lat < inside[3], `${name}: ${JSON.stringify(view)}`).toBe(true);
      expect(view.zoom, name).toBeLessThan(8);
    }
    await context.close();
  });
});
