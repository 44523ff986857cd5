// Compressed tile responses in memory, bounded by bytes (CACHE_MB), least recently used out first.
import type { OutgoingHttpHeaders } from 'node:http';
import { LRUCache } from 'lru-cache';

/** A whole tile response, kept in the cache: a hit is one lookup and one write. */
export interface CachedTile {
  /** data version it was built from: a reload makes it stale */
  version: string;
  z: number;
  status: 200 | 204;
  etag: string;
  headers: OutgoingHttpHeaders;
  notModified: OutgoingHttpHeaders;
  body: Buffer;
}

/** Per-entry overhead counted on top of the body: key, headers objects, map slot, buffer header. */
const ENTRY_OVERHEAD = 600;

export class TileCache {
  private readonly lru: LRUCache<string, CachedTile> | undefined;

  constructor(megabytes: number) {
    this.lru =
      megabytes > 0
        ? new LRUCache<string, CachedTile>({ maxSize: megabytes * 1_000_000, sizeCalculation: (tile, key) => tile.body.length + key.length + ENTRY_OVERHEAD })
        : undefined;
  }

  get(key: string): CachedTile | undefined {
    return this.lru?.get(key);
  }

  set(key: string, tile: CachedTile): void {
    this.lru?.set(key, tile);
  }

  clear(): void {
    this.lru?.clear();
  }

  get bytes(): number {
    return this.lru?.calculatedSize ?? 0;
  }

  get entries(): number {
    return this.lru?.size ?? 0;
  }
}
