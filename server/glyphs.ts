// Label glyphs for MapLibre, served by this server: `{fontstack}/{start}-{end}.pbf` rendered as SDF
// ranges by fontnik (prebuilt binary in its npm package) from Open Sans (Apache-2.0, npm
// open-sans-fonts) on first request, then kept in memory. No npm package ships ready PBF glyphs.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const fontnik = require('fontnik') as { range(options: { font: Buffer; start: number; end: number }, done: (error: Error | null, pbf?: Buffer) => void): void };

/** Font names a style may ask for, and their files. */
export const FONTS: Record<string, string> = {
  'Open Sans Regular': 'Regular/OpenSans-Regular.ttf',
  'Open Sans Semibold': 'Semibold/OpenSans-Semibold.ttf',
  'Open Sans Bold': 'Bold/OpenSans-Bold.ttf',
};
export class GlyphError extends Error {}

const fontDir = join(dirname(require.resolve('open-sans-fonts/package.json')), 'open-sans');
const fontFiles = new Map<string, Buffer>();
const ranges = new Map<string, Promise<Buffer>>();

/**
 * The PBF of one 256-glyph range for a font stack ("Open Sans Regular" or a comma list: the first font
 * served here is used, as MapLibre asks for the whole stack at once).
 */
export function glyphRange(fontstack: string, range: string): Promise<Buffer> {
  const match = /^(\d+)-(\d+)$/.exec(range);
  const start = match ? Number(match[1]) : NaN;
  const end = match ? Number(match[2]) : NaN;
  if (!(start % 256 === 0 && end === start + 255 && end <= 65535)) {
    return Promise.reject(new GlyphError(`bad glyph range "${range}": expected N-M with N a multiple of 256 and M = N + 255, up to 65535`));
  }
  const font = fontstack
    .split(',')
    .map((f) => f.trim())
    .find((f) => FONTS[f]);
  if (!font) return Promise.reject(new GlyphError(`no font of "${fontstack}" is served here; available: ${Object.keys(FONTS).join(', ')}`));
  const key = `${font}/${start}`;
  let pbf = ranges.get(key);
  if (!pbf) {
    let bytes = fontFiles.get(font);
    if (!bytes) {
      bytes = readFileSync(join(fontDir, FONTS[font]));
      fontFiles.set(font, bytes);
    }
    const fontBytes = bytes;
    pbf = new Promise((resolve, reject) =>
      fontnik.range({ font: fontBytes, start, end }, (error, out) => (error || !out ? reject(error ?? new Error('no glyphs')) : resolve(out))),
    );
    ranges.set(key, pbf);
    pbf.catch(() => ranges.delete(key));
  }
  return pbf;
}
