// d4i bench widget: the widget bundle's size (whole, and its own code without maplibre-gl, gzipped) and
// the time from page load to `d4i-ready` with tiles drawn, in Debian's Chromium against d4i serve on a
// pack; optionally a screenshot of the configurator (the README's).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { CHROMIUM, HAS_CHROMIUM, launchBrowser, pageServer } from '../test/support/browser.ts';
import { startServeChild, stopChild, untilStartedUp } from './support/child.ts';
import { ascending, quantile } from './support/stats.ts';

export interface BenchWidgetOptions {
  pack: string;
  place: string;
  runs: number;
  screenshot?: string;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/** Build the widget with vite; `external` leaves maplibre-gl out (to weigh the widget's own code). */
function build(outDir: string, external: boolean): Buffer {
  const config = join(ROOT, 'widget/vite.config.ts');
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', config, '--outDir', outDir, '--emptyOutDir'], {
    env: { ...process.env, D4I_WIDGET_EXTERNAL: external ? 'maplibre-gl' : '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return readFileSync(join(outDir, 'd4i-map.js'));
}

/** Beside the configurator's screenshot: a city page on a phone, and the report PNG the widget downloads. */
async function phoneAndReport(browser: Browser, site: { url: string }, server: string, options: BenchWidgetOptions): Promise<void> {
  const folder = dirname(options.screenshot!);
  pagesForShots['/phone'] = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>City news</title><style>body{margin:0;font:16px/1.5 Georgia,serif} main{padding:12px}</style></head><body><main>
<h1 style="font-size:22px">Who lives in ${options.place}?</h1><p>One resident in five was born abroad: see where.</p>
<script type="module" src="${server}/widget/d4i-map.js"></script>
<d4i-map server="${server}" place="${options.place}" title="Born abroad in ${options.place}" highlight="small-towns" style="width:100%"></d4i-map>
<p>Figures: synthetic data for the demonstration.</p></main></body></html>`;
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  const page = await phone.newPage();
  await page.goto(`${site.url}/phone`);
  await page.waitForFunction(() => (document.querySelector('d4i-map') as unknown as { ready?: boolean } | null)?.ready, undefined, { timeout: 30_000 });
  await page.waitForTimeout(3000);
  await page.screenshot({ path: join(folder, 'phone.png') });
  await phone.close();
  const desk = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  const report = await desk.newPage();
  await report.goto(`${site.url}/phone`);
  await report.waitForFunction(() => (document.querySelector('d4i-map') as unknown as { ready?: boolean } | null)?.ready, undefined, { timeout: 30_000 });
  await report.waitForTimeout(3000);
  const download = report.waitForEvent('download');
  await report.locator('d4i-map').getByRole('button', { name: 'Download PNG' }).click();
  await (await download).saveAs(join(folder, 'report.png'));
  await desk.close();
  console.log(`screenshots of a phone page and a report PNG: ${join(folder, 'phone.png')}, ${join(folder, 'report.png')}`);
}

const pagesForShots: Record<string, string> = {};

export async function benchWidget(options: BenchWidgetOptions): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'd4i-bench-widget-'));
  try {
    const full = build(join(dir, 'full'), false);
    const own = build(join(dir, 'own'), true);
    console.log(`bundle /widget/d4i-map.js: ${kb(full.length)} (${kb(gzipSync(full, { level: 9 }).length)} gzipped), maplibre-gl and its CSS inside`);
    console.log(`the widget's own code (maplibre-gl left out): ${kb(own.length)} (${kb(gzipSync(own, { level: 9 }).length)} gzipped; budget 40 KB)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (!HAS_CHROMIUM) {
    console.log(`no Chromium at ${CHROMIUM}: apt-get install -y chromium for the timing`);
    return;
  }
  const browser = await launchBrowser();
  const site = await pageServer(pagesForShots);
  /** One page load to d4i-ready against the server at `url`, in a new browser context. */
  const loadOnce = async (url: string): Promise<{ ms: number; bytes: number }> => {
    const path = `/map-${encodeURIComponent(url)}`;
    pagesForShots[path] = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body>
<script type="module" src="${url}/widget/d4i-map.js"></script>
<d4i-map server="${url}" place="${options.place}" style="display:block;width:900px;height:600px"></d4i-map></body></html>`;
    const context = await browser.newContext({ viewport: { width: 920, height: 620 } });
    try {
      const page = await context.newPage();
      // bytes as they crossed the wire (compressed bodies and headers), every request of the page
      const sizes: Promise<number>[] = [];
      page.on('requestfinished', (request) => sizes.push(request.sizes().then((s) => s.responseBodySize + s.responseHeadersSize)));
      await page.addInitScript(() => document.addEventListener('d4i-ready', () => ((window as unknown as { __ready: number }).__ready = performance.now())));
      await page.goto(`${site.url}${path}`);
      const ms = await page.waitForFunction(() => (window as unknown as { __ready?: number }).__ready, undefined, { timeout: 30_000 });
      return { ms: Number(await ms.jsonValue()), bytes: (await Promise.all(sizes)).reduce((a, b) => a + b, 0) };
    } finally {
      await context.close();
    }
  };
  const report = (label: string, loads: { ms: number; bytes: number }[]) => {
    const sorted = ascending(loads.map((l) => l.ms));
    console.log(
      `  ${label}: median ${quantile(sorted, 0.5).toFixed(0)} ms, worst ${sorted[sorted.length - 1].toFixed(0)} ms over ${sorted.length} runs; ` +
        `transferred median ${kb(quantile(ascending(loads.map((l) => l.bytes)), 0.5))}`,
    );
  };
  console.log(
    `page load to d4i-ready with tiles drawn (${options.place}, ${options.pack}, 900x600, a new browser context each; budget: median 1,500 ms, 700 KB):`,
  );
  // cold server: one started for each load, its tile cache empty (after its start-up threads are done,
  // start-up itself is bench api's); the browser context is new each time too
  try {
    const cold: { ms: number; bytes: number }[] = [];
    for (let run = 0; run < options.runs; run++) {
      const fresh = await startServeChild(options.pack);
      try {
        await untilStartedUp(fresh.url);
        cold.push(await loadOnce(fresh.url));
      } finally {
        await stopChild(fresh);
      }
    }
    report('cold server (new process, tile cache empty)', cold);
    const server = await startServeChild(options.pack);
    try {
      await untilStartedUp(server.url);
      await loadOnce(server.url); // fills the server's tile cache and warms its JIT
      const warm: { ms: number; bytes: number }[] = [];
      for (let run = 0; run < options.runs; run++) warm.push(await loadOnce(server.url));
      report('warm server (the same tiles cached by an earlier load)', warm);
      if (options.screenshot) {
        const context = await browser.newContext({ viewport: { width: 1100, height: 720 } });
        const page = await context.newPage();
        await page.goto(`${server.url}/`);
        await page.fill('input[name=place]', options.place);
        await page.check('input[name=highlight]');
        await page.dispatchEvent('form', 'change');
        await page.waitForFunction(() => (document.querySelector('d4i-map') as unknown as { ready?: boolean } | null)?.ready);
        await page.waitForTimeout(4000);
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: options.screenshot });
        console.log(`screenshot of the configurator: ${options.screenshot}`);
        await context.close();
        await phoneAndReport(browser, site, server.url, options);
      }
    } finally {
      await stopChild(server);
    }
  } finally {
    await browser.close();
    site.server.close();
  }
}
