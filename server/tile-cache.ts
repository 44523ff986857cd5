// Compressed tiles in memory, bounded by bytes (CACHE_MB), least recently used out first.
import { LRUCache } from 'lru-cache';

/** Per-entry overhead counted on top of the body: key, map slot, buffer header. */
const ENTRY_OVERHEAD = 160;

export class TileCache {
  private readonly lru: LRUCache<string, Buffer> | undefined;

  constructor(megabytes: number) {
    this.lru = megabytes > 0 ? new LRUCache<string, Buffer>({ maxSize: megabytes * 1_000_000, sizeCalculation: (body, key) => body.length + key.length + ENTRY_OVERHEAD }) : undefined;
  }

  get(key: string): Buffer | undefined {
    return this.lru?.get(key);
  }

  set(key: string, body: Buffer): void {
    this.lru?.set(key, body);
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
