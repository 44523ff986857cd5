// The low zooms' grid tiles, built in a heavy-job thread when a pack is loaded and kept compressed
// (gzip and brotli): at z0-z9 a tile holds up to ~3,500 cells and costs 2-8 ms to cut, and Europe has
// only ~1,600 such tiles (33 MB gzip, 32 MB brotli). A request for one of them costs a lookup even with
// the tile cache off. The bytes are those the tile handler would make (same builder, same levels).
import { laeaToLonLat } from '../core/grid/projection.ts';
import type { GridSource } from '../core/mvt/grid-source.ts';
import { latToTileY, lonToTileX } from '../core/mvt/tile-math.ts';
import { levelAt } from '../core/pack/pack.ts';
import { compressTile, type Encoding } from './tile-compression.ts';

/** Grid tiles up to this zoom are prebuilt. */
export const PREBUILT_MAX_ZOOM = 9;

/** Tiles per job: a heavy request waits for at most one such job (~0.5 s), not for a whole zoom (~6 s at z9). */
export const PREBUILT_TILES_PER_JOB = 100;

/**
 * Tiles of one zoom as a thread hands them over, in one buffer (moved, not copied: deserialising tens of MB
 * would stall the event loop): a uint32 tile count, a uint32 1 if they complete the zoom, then per tile x, y,
 * gzip start, gzip length, brotli start, brotli length (uint32, starts counted from the end of this index),
 * then the bodies.
 */
export type PackedZoom = Uint8Array;

const INDEX_STRIDE = 6;

interface Prebuilt {
  gzip: Buffer;
  br: Buffer;
}

export class PrebuiltTiles {
  /** per zoom, tile key (x * 2^z + y) -> its bodies */
  private readonly zooms = new Map<number, Map<number, Prebuilt>>();
  private readonly complete = new Set<number>();
  private held = 0;

  /** Keep some tiles of zoom z (views on the given bytes: nothing is copied); true when they complete the zoom. */
  add(z: number, packed: PackedZoom): boolean {
    const head = new DataView(packed.buffer, packed.byteOffset);
    const count = head.getUint32(0, true);
    const last = head.getUint32(4, true) === 1;
    // the thread made a fresh, aligned buffer: the index is read in place
    const index = new Uint32Array(packed.buffer, packed.byteOffset + 8, count * INDEX_STRIDE);
    const bodies = Buffer.from(packed.buffer, packed.byteOffset + 8 + index.byteLength);
    const tiles = this.zooms.get(z) ?? new Map<number, Prebuilt>();
    this.zooms.set(z, tiles);
    for (let k = 0; k < index.length; k += INDEX_STRIDE) {
      const [x, y, gzipAt, gzipLength, brAt, brLength] = index.subarray(k, k + INDEX_STRIDE);
      tiles.set(x * 2 ** z + y, { gzip: bodies.subarray(gzipAt, gzipAt + gzipLength), br: bodies.subarray(brAt, brAt + brLength) });
    }
    this.held += packed.byteLength;
    if (last) this.complete.add(z);
    return last;
  }

  /** The tile's body in this encoding, if it was prebuilt (not for identity: cut on demand). */
  get(z: number, x: number, y: number, encoding: Encoding): Buffer | undefined {
    if (encoding === 'identity') return undefined;
    const tile = this.zooms.get(z)?.get(x * 2 ** z + y);
    return tile && (encoding === 'gzip' ? tile.gzip : tile.br);
  }

  /** Zooms whose every tile is ready. */
  get readyZooms(): number[] {
    return [...this.complete].sort((a, b) => a - b);
  }

  get bytes(): number {
    return this.held;
  }
}

/** The grid tiles of zoom z under a populated cell of the level drawn there, by key (x * 2^z + y) ascending. */
export function tilesToPrebuild(grid: GridSource, z: number): number[] {
  const level = levelAt(grid.pack, grid.resolutionAt(z))!;
  const tiles = new Set<number>();
  for (let i = 0; i < level.count; i++) {
    const [lon, lat] = laeaToLonLat((level.x[i] + 0.5) * level.res, (level.y[i] + 0.5) * level.res);
    tiles.add(Math.floor(lonToTileX(lon, z)) * 2 ** z + Math.floor(latToTileY(lat, z)));
  }
  return [...tiles].sort((a, b) => a - b);
}

/**
 * In a heavy-job thread: the given tiles of zoom z (keys from tilesToPrebuild), cut and compressed both
 * ways; `last`: they complete the zoom.
 */
export function prebuildTiles(grid: GridSource, z: number, keys: number[], last: boolean): PackedZoom {
  const index: number[] = [];
  const parts: Buffer[] = [];
  let offset = 0;
  for (const key of keys) {
    const x = Math.floor(key / 2 ** z);
    const y = key % 2 ** z;
    const raw = grid.getTile(z, x, y);
    if (!raw) continue;
    const gzip = compressTile(raw, 'gzip');
    const br = compressTile(raw, 'br');
    index.push(x, y, offset, gzip.length, offset + gzip.length, br.length);
    parts.push(gzip, br);
    offset += gzip.length + br.length;
  }
  const head = 8 + index.length * 4;
  const packed = new Uint8Array(new ArrayBuffer(head + offset));
  new DataView(packed.buffer).setUint32(0, index.length / INDEX_STRIDE, true);
  new DataView(packed.buffer).setUint32(4, last ? 1 : 0, true);
  new Uint32Array(packed.buffer, 8, index.length).set(index);
  let at = head;
  for (const part of parts) {
    packed.set(part, at);
    at += part.length;
  }
  return packed;
}
