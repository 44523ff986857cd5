// d4i bench encode: why grid tiles are written by our own protobuf writer (core/mvt/encode.ts) and not
// by vt-pbf. Per zoom, the same sliced cells of the same tiles are encoded by both, the bytes compared,
// and the time per tile reported (slicing and compression are left out: they are the same for both).
import { levelForZoom, GRID_MAX_ZOOM } from '../core/grid/levels.ts';
import { encodeGridLayer, encodeGridLayerVtPbf } from '../core/mvt/encode.ts';
import { availableFields, selectFields } from '../core/mvt/fields.ts';
import { sliceTile } from '../core/mvt/slice.ts';
import { levelAt, loadPack } from '../core/pack/pack.ts';
import { sampleTiles } from './support/sample-tiles.ts';
import { ascending, quantile } from './support/stats.ts';

export interface BenchEncodeOptions {
  pack: string;
  tiles: number;
  fields?: string;
}

/** Milliseconds per call of `encode` over every tile, best of `rounds` passes (the least disturbed). */
function timePerTile(tiles: unknown[], encode: (k: number) => void, rounds = 5): number[] {
  const best = new Array<number>(tiles.length).fill(Infinity);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < tiles.length; k++) {
      const started = performance.now();
      encode(k);
      best[k] = Math.min(best[k], performance.now() - started);
    }
  }
  return best;
}

export async function benchEncode(options: BenchEncodeOptions): Promise<void> {
  const pack = loadPack(options.pack);
  const fields = selectFields(availableFields(pack.columns), options.fields);
  const built = pack.levels.map((l) => l.res);
  console.log(
    `bench encode: ${options.pack} (${pack.levels[0].count.toLocaleString('en')} cells), ` +
      `up to ${options.tiles} tiles per zoom, fields ${fields.map((f) => f.name).join(',')}`,
  );
  console.log('zoom  res      tiles  cells/tile  ours p50   vt-pbf p50  ours total  vt-pbf total  speed-up  same bytes');
  let oursAll = 0;
  let theirsAll = 0;
  for (let z = 0; z <= GRID_MAX_ZOOM; z++) {
    const level = levelAt(pack, levelForZoom(z, built))!;
    const sliced = sampleTiles(pack, z, options.tiles)
      .map(([tz, x, y]) => sliceTile(level, tz, x, y))
      .filter((s) => s.count > 0);
    if (sliced.length === 0) continue;
    // warm both encoders on these tiles before timing (the JIT, not a cache: nothing is kept between calls)
    for (const s of sliced) {
      encodeGridLayer(level, s, fields);
      encodeGridLayerVtPbf(level, s, fields);
    }
    const same = sliced.every((s) => Buffer.from(encodeGridLayer(level, s, fields)!).equals(Buffer.from(encodeGridLayerVtPbf(level, s, fields)!)));
    const ours = timePerTile(sliced, (k) => encodeGridLayer(level, sliced[k], fields));
    const theirs = timePerTile(sliced, (k) => encodeGridLayerVtPbf(level, sliced[k], fields));
    const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
    oursAll += sum(ours);
    theirsAll += sum(theirs);
    const cells = quantile(ascending(sliced.map((s) => s.count)), 0.5);
    const ms = (v: number) => `${v.toFixed(3)} ms`.padEnd(11);
    const row = [
      `z${String(z).padEnd(4)}${String(level.res).padEnd(9)}${String(sliced.length).padEnd(7)}${String(Math.round(cells)).padEnd(12)}`,
      `${ms(quantile(ascending(ours), 0.5))}${ms(quantile(ascending(theirs), 0.5))} ${ms(sum(ours))}${ms(sum(theirs))}`,
      `   ${(sum(theirs) / sum(ours)).toFixed(2)}x     ${same}`,
    ];
    console.log(row.join(''));
  }
  console.log(
    `all zooms: ours ${oursAll.toFixed(1)} ms, vt-pbf ${theirsAll.toFixed(1)} ms: ${(theirsAll / oursAll).toFixed(2)}x faster, same bytes as checked above`,
  );
}
