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

/**
 * One zoom's tiles as a thread hands them over, in one buffer (moved, not copied: 25 MB at z9 would stall
 * the event loop while being deserialised): a uint32 tile count, then per tile x, y, gzip start, gzip length,
 * brotli start, brotli length (uint32, starts counted from the end of this index), then the bodies.
 */
export type PackedZoom = Uint8Array;

const INDEX_STRIDE = 6;

export class PrebuiltTiles {
  private readonly zooms = new Map<number, { at: Map<number, number>; index: Uint32Array; bytes: Buffer }>();
  private held = 0;

  /** Keep the tiles of zoom z (views on the given bytes: nothing is copied). */
  add(z: number, packed: PackedZoom): void {
    const count = new DataView(packed.buffer, packed.byteOffset).getUint32(0, true);
    // the thread made a fresh, aligned buffer: the index is read in place
    const index = new Uint32Array(packed.buffer, packed.byteOffset + 4, count * INDEX_STRIDE);
    const bodies = 4 + index.byteLength;
    const at = new Map<number, number>();
    for (let k = 0; k < index.length; k += INDEX_STRIDE) at.set(index[k] * 2 ** z + index[k + 1], k);
    this.zooms.set(z, { at, index, bytes: Buffer.from(packed.buffer, packed.byteOffset + bodies, packed.byteLength - bodies) });
    this.held += packed.byteLength;
  }

  /** The tile's body in this encoding, if it was prebuilt (not for identity: cut on demand). */
  get(z: number, x: number, y: number, encoding: Encoding): Buffer | undefined {
    if (encoding === 'identity') return undefined;
    const zoom = this.zooms.get(z);
    const k = zoom?.at.get(x * 2 ** z + y);
    if (zoom === undefined || k === undefined) return undefined;
    const start = zoom.index[k + (encoding === 'gzip' ? 2 : 4)];
    const length = zoom.index[k + (encoding === 'gzip' ? 3 : 5)];
    return zoom.bytes.subarray(start, start + length);
  }

  /** Zooms ready so far. */
  get readyZooms(): number[] {
    return [...this.zooms.keys()].sort((a, b) => a - b);
  }

  get bytes(): number {
    return this.held;
  }
}

/** In a heavy-job thread: every grid tile of zoom z under a populated cell, cut and compressed both ways. */
export function prebuildZoom(grid: GridSource, z: number): PackedZoom {
  const level = levelAt(grid.pack, grid.resolutionAt(z))!;
  const tiles = new Set<number>();
  for (let i = 0; i < level.count; i++) {
    const [lon, lat] = laeaToLonLat((level.x[i] + 0.5) * level.res, (level.y[i] + 0.5) * level.res);
    tiles.add(Math.floor(lonToTileX(lon, z)) * 2 ** z + Math.floor(latToTileY(lat, z)));
  }
  const index: number[] = [];
  const parts: Buffer[] = [];
  let offset = 0;
  for (const key of [...tiles].sort((a, b) => a - b)) {
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
  const head = 4 + index.length * 4;
  const packed = new Uint8Array(new ArrayBuffer(head + offset));
  new DataView(packed.buffer).setUint32(0, index.length / INDEX_STRIDE, true);
  new Uint32Array(packed.buffer, 4, index.length).set(index);
  let at = head;
  for (const part of parts) {
    packed.set(part, at);
    at += part.length;
  }
  return packed;
}
