// Compressed tile responses in memory, bounded by bytes (CACHE_MB), least recently used out first.
import { LRUCache } from 'lru-cache';
import type { CachedTile } from './tile-handler.ts';

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
