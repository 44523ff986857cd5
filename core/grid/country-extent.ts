// Where each country of a pack lies, for "a map of Ireland": the lon/lat box of its cells without the
// far-off islands (the Azores, Madeira, the Canaries), which would zoom a country map out to the ocean.
// A country's main body is the group of 100 km squares holding its cells that lie within GAP_SQUARES of
// one another (so Corsica, Sardinia, the Balearics and Shetland stay) and hold the most residents.
import { outlineEnvelope } from './box-outline.ts';
import { displayCountry } from './countries.ts';
import type { GridLevel } from './grid-level.ts';
import { laeaToLonLat } from './projection.ts';

export interface CountryExtent {
  /** lon/lat [w, s, e, n] of the country's main body */
  bbox: [number, number, number, number];
  residents: number;
}

const SQUARE_METRES = 100_000;
/** Squares this far apart (Chebyshev, in squares) still belong to one body: 300 km. */
const GAP_SQUARES = 3;

const key = (x: number, y: number) => x * 100_000 + y;

/** Per display country (UK, FR ...): the box of its cells of `level` (10 km is plenty) in its main body. */
export function countryExtents(level: GridLevel, countryCodes: string[]): Map<string, CountryExtent> {
  const T = level.values.T;
  const per = SQUARE_METRES / level.res;
  const squares = new Map<string, Map<number, number>>();
  for (let i = 0; i < level.count; i++) {
    const code = displayCountry(countryCodes[level.country[i]]);
    if (!code) continue;
    let own = squares.get(code);
    if (!own) {
      own = new Map();
      squares.set(code, own);
    }
    const k = key(Math.floor(level.x[i] / per), Math.floor(level.y[i] / per));
    own.set(k, (own.get(k) ?? 0) + (T ? T[i] : 1));
  }
  const out = new Map<string, CountryExtent>();
  for (const [code, own] of squares) {
    const body = mainBody(own);
    const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    let residents = 0;
    for (let i = 0; i < level.count; i++) {
      if (displayCountry(countryCodes[level.country[i]]) !== code) continue;
      residents += T ? T[i] : 0;
      if (!body.has(key(Math.floor(level.x[i] / per), Math.floor(level.y[i] / per)))) continue;
      box[0] = Math.min(box[0], level.x[i]);
      box[1] = Math.min(box[1], level.y[i]);
      box[2] = Math.max(box[2], level.x[i] + 1);
      box[3] = Math.max(box[3], level.y[i] + 1);
    }
    const metres = box.map((v) => v * level.res) as [number, number, number, number];
    out.set(code, { bbox: outlineEnvelope(metres, 16, (e, n, p) => laeaToLonLat(e, n, p)), residents });
  }
  return out;
}

/** The squares (keys, with their residents) of the most populous group within GAP_SQUARES of one another. */
function mainBody(squares: Map<number, number>): Set<number> {
  const seen = new Set<number>();
  let best = { residents: -1, keys: new Set<number>() };
  for (const start of squares.keys()) {
    if (seen.has(start)) continue;
    const group = new Set([start]);
    seen.add(start);
    const queue = [start];
    let residents = 0;
    while (queue.length) {
      const k = queue.pop()!;
      residents += squares.get(k)!;
      const [x, y] = [Math.floor(k / 100_000), k % 100_000];
      for (let dx = -GAP_SQUARES; dx <= GAP_SQUARES; dx++) {
        for (let dy = -GAP_SQUARES; dy <= GAP_SQUARES; dy++) {
          const next = key(x + dx, y + dy);
          if (!squares.has(next) || seen.has(next)) continue;
          seen.add(next);
          group.add(next);
          queue.push(next);
        }
      }
    }
    if (residents > best.residents) best = { residents, keys: group };
  }
  return best.keys;
}
