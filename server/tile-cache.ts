// Compressed tile responses in memory, in the server's one memory budget (CACHE_MB), least recently used out first.
import type { OutgoingHttpHeaders } from 'node:http';
import type { CacheArea, MemoryBudget } from '../core/memory-budget.ts';

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

/** Per-entry overhead counted on top of the body: headers objects, map slot, buffer header. */
const ENTRY_OVERHEAD = 600;

export class TileCache {
  private readonly area: CacheArea<CachedTile> | undefined;

  /** Tiles kept in the budget's "tile" area; `enabled` false (CACHE_MB=0) keeps none. */
  constructor(budget: MemoryBudget, enabled = true) {
    this.area = enabled ? budget.area<CachedTile>('tile', (tile) => tile.body.length + ENTRY_OVERHEAD) : undefined;
  }

  get(key: string): CachedTile | undefined {
    return this.area?.get(key);
  }

  set(key: string, tile: CachedTile): void {
    this.area?.set(key, tile);
  }

  clear(): void {
    this.area?.clear();
  }

  get bytes(): number {
    return this.area?.bytes ?? 0;
  }

  get entries(): number {
    return this.area?.entries ?? 0;
  }
}
