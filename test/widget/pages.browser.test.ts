// <d4i-map> where people read it: host pages at phone to desktop widths, stable classes, the small-town
// finding, the report PNG, a browser without WebGL, axe-core and the keyboard. Real servers on two
// synthetic packs (tiny: NL-DE, no small town; city:Ballyhaunis: IE, with small towns), cross-origin pages.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import { loadImage, createCanvas } from '@napi-rs/canvas';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/serve.ts';
import { HAS_CHROMIUM, launchBrowser, pageServer } from '../support/browser.ts';
import { buildPresetPack, tempDir } from '../support/helpers.ts';
import { startTestServer } from '../support/test-server.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let tiny: RunningServer;
let irish: RunningServer;
let browser: Browser;
let site: { server: Server; url: string };
const pages: Record<string, string> = {};
const origin = (s: RunningServer) => s.url.replace(/\/$/, '');

/** A host page with the configurator's kind of snippet (width:100%) inside a body of some width. */
function host(server: RunningServer, widgets: string[], lang = 'en'): string {
  const path = `/${Math.random().toString(36).slice(2)}`;
  pages[path] = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>Host page</title><style>body{margin:0;font:16px sans-serif} main{padding:8px}</style></head><body><main>
<h1>City news</h1><script type="module" src="${origin(server)}/widget/d4i-map.js"></script>
${widgets.map((attrs) => `<d4i-map server="${origin(server)}" ${attrs} style="width:100%"></d4i-map>`).join('\n')}
<p>Text after the map.</p></main></body></html>`;
  return `${site.url}${path}`;
}

async function openPage(url: string, viewport = { width: 1280, height: 900 }, b = browser): Promise<Page> {
  // bypassCSP: the server's pages allow only their own scripts, and the axe test injects axe-core
  const context = await b.newContext({ viewport, bypassCSP: true });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __events: { type: string; detail: unknown }[] };
    w.__events = [];
    for (const type of ['d4i-ready', 'd4i-select', 'd4i-download'])
      document.addEventListener(type, (e) => w.__events.push({ type, detail: (e as CustomEvent).detail }));
  });
  await page.goto(url);
  return page;
}

/** Resolves when every widget on the page has fired d4i-ready and drawn its tiles. */
async function allReady(page: Page, count = 1): Promise<void> {
  await page.waitForFunction((n) => (window as unknown as { __events: { type: string }[] }).__events.filter((e) => e.type === 'd4i-ready').length >= n, count, {
    timeout: 30_000,
  });
  await page.waitForFunction(() =>
    [...document.querySelectorAll('d4i-map')].every((el) => {
      const map = (el as unknown as { map?: { loaded(): boolean; areTilesLoaded(): boolean } }).map;
      return !map || (map.loaded() && map.areTilesLoaded());
    }),
  );
}

const legendTexts = (page: Page, k = 0) =>
  page.evaluate((i) => {
    const root = document.querySelectorAll('d4i-map')[i].shadowRoot!;
    return [...root.querySelectorAll('.legend li')].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
  }, k);

/** WCAG relative luminance and contrast ratio of two #rrggbb / rgb() colours. */
function contrast(a: string, b: string): number {
  const rgb = (c: string) => (c.startsWith('#') ? [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)) : c.match(/\d+/g)!.slice(0, 3).map(Number));
  const lum = (c: string) => {
    const [r, g, b2] = rgb(c).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b2;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

beforeAll(async () => {
  if (!HAS_CHROMIUM) return;
  const dir = tempDir();
  const [tinyPack, irishPack] = await Promise.all([buildPresetPack(dir, 'tiny'), buildPresetPack(dir, 'city:Ballyhaunis')]);
  tiny = await startTestServer(tinyPack);
  irish = await startTestServer(irishPack);
  site = await pageServer(pages);
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  site?.server.close();
  await tiny?.close();
  await irish?.close();
});

describe.skipIf(!HAS_CHROMIUM)('<d4i-map> on real pages', () => {
  it('fits phones to desktops: no sideways scroll, legend, buttons and footer inside the map and apart, tooltip inside', { timeout: 90_000 }, async () => {
    const url = host(tiny, ['place="Venlo" basemap="none"']);
    for (const width of [320, 390, 768, 1280]) {
      const page = await openPage(url, { width, height: 800 });
      await allReady(page);
      const layout = await page.evaluate(() => {
        const el = document.querySelector('d4i-map')!;
        const root = el.shadowRoot!;
        const box = (sel: string) => {
          const r = root.querySelector(sel)?.getBoundingClientRect();
          return r ? { left: r.left, top: r.top, right: r.right, bottom: r.bottom } : undefined;
        };
        return {
          scrollWidth: document.scrollingElement!.scrollWidth,
          innerWidth,
          map: box('section')!,
          legend: box('.legend') ?? box('.legend-toggle')!,
          controls: box('.controls')!,
          footer: box('.footer')!,
        };
      });
      expect(layout.scrollWidth, `${width} px`).toBeLessThanOrEqual(layout.innerWidth);
      const inside = (b: { left: number; top: number; right: number; bottom: number }) =>
        b.left >= layout.map.left - 0.5 && b.right <= layout.map.right + 0.5 && b.top >= layout.map.top - 0.5 && b.bottom <= layout.map.bottom + 0.5;
      const apart = (a: typeof layout.map, b: typeof layout.map) => a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
      for (const part of ['legend', 'controls', 'footer'] as const) expect(inside(layout[part]), `${part} at ${width} px`).toBe(true);
      expect(apart(layout.legend, layout.controls), `legend and buttons at ${width} px`).toBe(true);
      expect(apart(layout.legend, layout.footer), `legend and footer at ${width} px`).toBe(true);
      expect(apart(layout.controls, layout.footer), `buttons and footer at ${width} px`).toBe(true);
      if (width < 480) expect(await page.evaluate(() => Boolean(document.querySelector('d4i-map')!.shadowRoot!.querySelector('.legend-toggle')))).toBe(true);
      // hover near the bottom-right corner of the map: the tooltip flips to stay inside
      const canvas = await page.evaluate(() => {
        const r = document.querySelector('d4i-map')!.shadowRoot!.querySelector('canvas')!.getBoundingClientRect();
        return { right: r.right, bottom: r.bottom, left: r.left, top: r.top };
      });
      for (let k = 0; k < 8; k++) {
        await page.mouse.move(canvas.right - 10 - k * 15, canvas.bottom - 30 - k * 10);
        const tip = await page.evaluate(() => {
          const r = document.querySelector('d4i-map')!.shadowRoot!.querySelector('.tooltip')?.getBoundingClientRect();
          return r ? { left: r.left, top: r.top, right: r.right, bottom: r.bottom } : undefined;
        });
        if (!tip) continue;
        expect(inside(tip), `tooltip at ${width} px`).toBe(true);
        break;
      }
      await page.context().close();
    }
  });

  it('shows the same classes for the same indicator on a phone, a desktop, and beside another place', { timeout: 60_000 }, async () => {
    const url = host(tiny, ['place="Venlo"', 'center="6.0,51.2" zoom="12"']);
    const phone = await openPage(url, { width: 390, height: 844 });
    await allReady(phone, 2);
    const desktop = await openPage(url, { width: 1280, height: 800 });
    await allReady(desktop, 2);
    // the phone folds its legend: open it
    await phone.evaluate(() => {
      for (const el of document.querySelectorAll('d4i-map')) (el.shadowRoot!.querySelector('.legend-toggle') as HTMLButtonElement | null)?.click();
    });
    await phone.waitForFunction(() => [...document.querySelectorAll('d4i-map')].every((el) => el.shadowRoot!.querySelector('.legend li')));
    const [a, b, c] = [await legendTexts(phone, 0), await legendTexts(desktop, 0), await legendTexts(desktop, 1)];
    expect(a.length).toBeGreaterThanOrEqual(3);
    expect(a).toEqual(b);
    expect(c).toEqual(b);
    // round numbers, in percent, with a unit that says percent
    expect(b[0]).toMatch(/^< \d+(\.\d)?%$/);
    const unit = await desktop.evaluate(() => document.querySelector('d4i-map')!.shadowRoot!.querySelector('.legend-unit')!.textContent);
    expect(unit).toMatch(/^% of residents/);
    await phone.context().close();
    await desktop.context().close();
  });

  it('makes the small-town finding readable: legend entry, hover names the town, markers at country zoom, none in NL', { timeout: 90_000 }, async () => {
    const towns = (await (await fetch(`${origin(irish)}/api/small-towns?limit=5`)).json()).items as { name: string; bbox: number[] }[];
    expect(towns.length).toBeGreaterThan(0);
    const town = towns[0];
    const [w, s, e, n] = town.bbox;
    const page = await openPage(host(irish, [`highlight="small-towns" bounds="${w},${s},${e},${n}" basemap="none" opacity="0.3"`]), {
      width: 1000,
      height: 800,
    });
    await allReady(page);
    const legend = await legendTexts(page);
    expect(legend.at(-1)).toMatch(/^Small towns \(under 10,000 residents\) over 20% born abroad · list \(CSV\)$/);
    // hover across the town until the tooltip names it
    const canvas = await page.evaluate(() => {
      const r = document.querySelector('d4i-map')!.shadowRoot!.querySelector('canvas')!.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    let named = '';
    for (const [dx, dy] of [
      [0, 0],
      [20, 0],
      [-20, 0],
      [0, 20],
      [0, -20],
      [40, 40],
      [-40, -40],
    ]) {
      await page.mouse.move(canvas.x + dx, canvas.y + dy);
      named = await page.evaluate(() => document.querySelector('d4i-map')!.shadowRoot!.querySelector('.tooltip strong')?.textContent ?? '');
      if (named.includes('(Municipality')) break;
    }
    expect(named).toBe(`${town.name} (Municipality (LAU))`);
    // at country zoom the towns are dots: black pixels with the highlight, none without
    const darkPixels = () =>
      page.evaluate(() => {
        const canvasEl = document.querySelector('d4i-map')!.shadowRoot!.querySelector('canvas')!;
        const copy = document.createElement('canvas');
        copy.width = canvasEl.width;
        copy.height = canvasEl.height;
        const ctx = copy.getContext('2d')!;
        ctx.drawImage(canvasEl, 0, 0);
        const data = ctx.getImageData(0, 0, copy.width, copy.height).data;
        let dark = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 200 && data[i] < 30 && data[i + 1] < 30 && data[i + 2] < 30) dark++;
        return dark;
      });
    await page.evaluate(() => {
      const el = document.querySelector('d4i-map')!;
      el.removeAttribute('bounds');
      el.setAttribute('center', '-8.5,53.3');
      el.setAttribute('zoom', '6');
    });
    await page.waitForTimeout(300);
    await allReady(page);
    await page.waitForTimeout(400);
    const withTowns = await darkPixels();
    await page.evaluate(() => document.querySelector('d4i-map')!.setAttribute('highlight', 'none'));
    await page.waitForTimeout(800);
    const without = await darkPixels();
    expect(withTowns).toBeGreaterThan(without + 30);
    await page.context().close();

    const dutch = await openPage(host(tiny, ['place="Venlo" highlight="small-towns"']));
    await allReady(dutch);
    await dutch.waitForFunction(() =>
      /none in view/.test(document.querySelector('d4i-map')!.shadowRoot!.querySelector('.legend li.highlight')?.textContent ?? ''),
    );
    await dutch.context().close();
  });

  it('downloads a report PNG at twice the size with the legend and the source line', { timeout: 60_000 }, async () => {
    const page = await openPage(host(tiny, ['place="Venlo" title="Venlo: born abroad" source="Test source line" basemap="none" opacity="1"']), {
      width: 900,
      height: 800,
    });
    await allReady(page);
    const css = await page.evaluate(() => {
      const c = document.querySelector('d4i-map')!.shadowRoot!.querySelector('canvas')!;
      return {
        width: c.clientWidth,
        height: c.clientHeight,
        colours: [...document.querySelector('d4i-map')!.shadowRoot!.querySelectorAll('.legend li:not(.no-data) .swatch')].map(
          (s) => getComputedStyle(s).backgroundColor,
        ),
      };
    });
    await page.evaluate(() => {
      const button = [...document.querySelector('d4i-map')!.shadowRoot!.querySelectorAll('.controls button')].find(
        (b) => b.textContent === 'Download PNG',
      ) as HTMLButtonElement;
      button.click();
    });
    const download = await page.waitForFunction(
      () => (window as unknown as { __events: { type: string; detail: { href: string } }[] }).__events.find((e) => e.type === 'd4i-download')?.detail.href,
      undefined,
      {
        timeout: 20_000,
      },
    );
    const href = String(await download.jsonValue());
    const image = await loadImage(Buffer.from(href.split(',')[1], 'base64'));
    expect(image.width).toBe(css.width * 2);
    expect(image.height).toBeGreaterThan(css.height * 2);
    // below the map: every legend colour as a swatch, and dark text pixels in the footer
    const canvas = createCanvas(image.width, image.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    const below = ctx.getImageData(0, image.height - (image.height - css.height * 2) + 60, image.width, image.height - css.height * 2 - 60).data;
    for (const colour of css.colours) {
      const [r, g, b] = colour.match(/\d+/g)!.map(Number);
      let found = false;
      for (let i = 0; i < below.length && !found; i += 4)
        found = Math.abs(below[i] - r) < 3 && Math.abs(below[i + 1] - g) < 3 && Math.abs(below[i + 2] - b) < 3;
      expect(found, colour).toBe(true);
    }
    const footer = ctx.getImageData(0, image.height - 70, image.width, 60).data;
    let ink = 0;
    for (let i = 0; i < footer.length; i += 4) if (footer[i] < 120) ink++;
    expect(ink).toBeGreaterThan(200);
    await page.context().close();
  });

  it('shows the server image and the table, not an endless spinner, in a browser without WebGL', { timeout: 60_000 }, async () => {
    const noGl = await launchBrowser(['--disable-webgl', '--disable-3d-apis']);
    try {
      const page = await openPage(host(tiny, ['place="Venlo"']), { width: 900, height: 800 }, noGl);
      await page.waitForFunction(
        () => {
          const img = document.querySelector('d4i-map')!.shadowRoot!.querySelector('img.fallback') as HTMLImageElement | null;
          return img?.complete && img.naturalWidth > 0;
        },
        undefined,
        { timeout: 30_000 },
      );
      await page.waitForFunction(() => document.querySelector('d4i-map')!.shadowRoot!.querySelectorAll('.table tbody tr').length > 0);
      const state = await page.evaluate(() => ({
        loading: Boolean(document.querySelector('d4i-map')!.shadowRoot!.querySelector('.state[role=status]:not(.notice)')),
        src: (document.querySelector('d4i-map')!.shadowRoot!.querySelector('img.fallback') as HTMLImageElement).src,
      }));
      expect(state.loading).toBe(false);
      expect(state.src).toMatch(/\/render\.png\?bbox=/);
      await page.context().close();
    } finally {
      await noGl.close();
    }
  });

  it("draws the grid over a host site's own basemap style: above its land, below its labels", { timeout: 60_000 }, async () => {
    pages['/host-style.json'] = JSON.stringify({
      version: 8,
      glyphs: `${origin(tiny)}/fonts/{fontstack}/{range}.pbf`,
      sources: {
        host: {
          type: 'geojson',
          data: {
            type: 'FeatureCollection',
            features: [
              {
                type: 'Feature',
                properties: {},
                geometry: {
                  type: 'Polygon',
                  coordinates: [
                    [
                      [5, 51],
                      [7, 51],
                      [7, 52],
                      [5, 52],
                      [5, 51],
                    ],
                  ],
                },
              },
              { type: 'Feature', properties: { name: 'Host label' }, geometry: { type: 'Point', coordinates: [6.17, 51.37] } },
            ],
          },
        },
      },
      layers: [
        { id: 'host-background', type: 'background', paint: { 'background-color': '#e0f0ff' } },
        { id: 'host-land', type: 'fill', source: 'host', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#ffeedd' } },
        { id: 'host-labels', type: 'symbol', source: 'host', layout: { 'text-field': ['get', 'name'], 'text-font': ['Open Sans Regular'] } },
      ],
    });
    const page = await openPage(host(tiny, [`place="Venlo" basemap="${site.url}/host-style.json"`]));
    await allReady(page);
    const layers = await page.evaluate(() =>
      (document.querySelector('d4i-map') as unknown as { map: { getStyle(): { layers: { id: string }[] } } }).map.getStyle().layers.map((l) => l.id),
    );
    expect(layers.slice(0, 3)).toEqual(['host-background', 'host-land', 'grid']);
    expect(layers.at(-1)).toBe('host-labels');
    expect(layers).not.toContain('land');
    // the footer does not credit a basemap this server did not draw
    expect(await page.evaluate(() => document.querySelector('d4i-map')!.shadowRoot!.querySelector('.footer')!.textContent)).not.toMatch(/Natural Earth/);
    await page.context().close();
  });

  it("speaks the page's language in maplibre's own strings too, and hatches unknown cells", { timeout: 60_000 }, async () => {
    const page = await openPage(host(tiny, ['place="Venlo"'], 'fr'));
    await allReady(page);
    const seen = await page.evaluate(() => {
      const el = document.querySelector('d4i-map') as unknown as HTMLElement & {
        map: { getStyle(): { layers: { id: string; paint?: Record<string, unknown> }[] } };
      };
      const root = el.shadowRoot!;
      return {
        gestures: root.querySelector('.maplibregl-cooperative-gesture-screen')?.textContent ?? '',
        canvas: root.querySelector('canvas')!.getAttribute('aria-label'),
        hatch: el.map.getStyle().layers.find((l) => l.id === 'grid-no-data')?.paint?.['fill-pattern'],
      };
    });
    expect(seen.gestures).toContain('Utilisez Ctrl + molette pour zoomer');
    expect(seen.canvas).toBe("Part des nés à l'étranger : Venlo (carte)");
    expect(seen.hatch).toBe('d4i-no-data');
    await page.context().close();
  });

  it('has no axe-core violations on the configurator, /embed and a page with two maps', { timeout: 90_000 }, async () => {
    for (const [url, count] of [
      [`${origin(tiny)}/`, 1],
      [`${origin(tiny)}/embed?place=Venlo`, 1],
      [host(tiny, ['place="Venlo"', 'place="Venlo" indicator="share_foreign_citizens"']), 2],
    ] as const) {
      const page = await openPage(url);
      await allReady(page, count);
      await page.addScriptTag({ content: AXE });
      const violations = await page.evaluate(async () => {
        const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe.run();
        return result.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
      });
      const names = await page.evaluate(() =>
        [...document.querySelectorAll('d4i-map')].map((el) => [
          el.shadowRoot!.querySelector('section')!.getAttribute('aria-label'),
          el.shadowRoot!.querySelector('canvas')?.getAttribute('aria-label'),
        ]),
      );
      expect(violations, `${url} ${JSON.stringify(names)}`).toEqual([]);
      await page.context().close();
    }
  });

  it('works from the keyboard alone: Tab, arrows, +/-, Enter reads a cell and selects it, Escape closes the table', { timeout: 60_000 }, async () => {
    const page = await openPage(host(tiny, ['place="Venlo" zoom="13"']), { width: 900, height: 800 });
    await allReady(page);
    const active = () => page.evaluate(() => document.querySelector('d4i-map')!.shadowRoot!.activeElement?.className ?? document.activeElement?.tagName);
    for (let k = 0; k < 10 && !String(await active()).includes('maplibregl-canvas'); k++) await page.keyboard.press('Tab');
    expect(await active()).toContain('maplibregl-canvas');
    // the focus ring: a black outline inside a white one, one of which contrasts 3:1 with every class colour
    const ring = await page.evaluate(() => {
      const el = document.querySelector('d4i-map')!.shadowRoot!;
      const style = getComputedStyle(el.querySelector('canvas')!);
      return {
        outline: style.outlineColor,
        inner: style.boxShadow,
        colours: [...el.querySelectorAll('.legend .swatch')].map((s) => getComputedStyle(s).backgroundColor),
      };
    });
    const inner = ring.inner.match(/rgb\([^)]*\)/)![0];
    for (const colour of ring.colours) expect(Math.max(contrast(ring.outline, colour), contrast(inner, colour)), colour).toBeGreaterThanOrEqual(3);
    const zoom = () => page.evaluate(() => (document.querySelector('d4i-map') as unknown as { map: { getZoom(): number } }).map.getZoom());
    const before = await zoom();
    await page.keyboard.press('Equal');
    await page.waitForTimeout(600);
    expect(await zoom()).toBeGreaterThan(before);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Minus');
    await page.waitForTimeout(600);
    await page.keyboard.press('Enter');
    const selected = await page.waitForFunction(
      () => (window as unknown as { __events: { type: string; detail: { kind: string } }[] }).__events.find((e) => e.type === 'd4i-select')?.detail,
    );
    expect(((await selected.jsonValue()) as { kind: string }).kind).toBe('cell');
    expect(await page.evaluate(() => document.querySelector('d4i-map')!.shadowRoot!.querySelector('.summary')!.textContent)).toMatch(
      /cells: CRS3035RES100m.*Residents: \d/,
    );
    // on to the Table button, open it, close it with Escape
    await page.keyboard.press('Tab');
    for (let k = 0; k < 6 && (await page.evaluate(() => document.querySelector('d4i-map')!.shadowRoot!.activeElement?.textContent)) !== 'Table'; k++)
      await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('d4i-map')!.shadowRoot!.querySelector('.table caption'));
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('d4i-map')!.shadowRoot!.querySelector('.table'));
    await page.context().close();
  });
});
