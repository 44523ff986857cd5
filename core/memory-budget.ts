// One memory budget for every cache of derived data (tile responses, LAU tile indexes, API results):
// a single least-recently-used list sized in bytes, so a burst of one kind evicts the stalest entries of
// any kind and the total never passes the budget. Each kind sees its own area of it.
import { LRUCache } from 'lru-cache';

interface Entry {
  kind: string;
  value: unknown;
  bytes: number;
}

/** The part of a budget one kind of cache uses: a map whose entries may be evicted at any time. */
export interface CacheArea<V> {
  get(key: string): V | undefined;
  /** store (or replace) an entry; one larger than the whole budget is not kept */
  set(key: string, value: V): void;
  /** this kind's entries only */
  clear(): void;
  readonly bytes: number;
  readonly entries: number;
}

export class MemoryBudget {
  private readonly lru: LRUCache<string, Entry> | undefined;
  private readonly usage = new Map<string, { bytes: number; entries: number }>();

  /** `bytes` 0: nothing is kept. */
  constructor(readonly bytes: number) {
    this.lru =
      bytes > 0
        ? new LRUCache<string, Entry>({
            maxSize: bytes,
            sizeCalculation: (entry) => Math.max(1, entry.bytes),
            // evicted, replaced or deleted: the kind's count goes down
            dispose: (entry) => {
              const used = this.usage.get(entry.kind)!;
              used.bytes -= entry.bytes;
              used.entries--;
            },
          })
        : undefined;
  }

  /** The area of kind `kind` (a key prefix), each value's size given by `sizeOf` in bytes. */
  area<V>(kind: string, sizeOf: (value: V, key: string) => number): CacheArea<V> {
    if (!this.usage.has(kind)) this.usage.set(kind, { bytes: 0, entries: 0 });
    const used = this.usage.get(kind)!;
    const prefix = `${kind}\u0000`;
    const lru = this.lru;
    return {
      get: (key) => lru?.get(prefix + key)?.value as V | undefined,
      set: (key, value) => {
        if (!lru) return;
        const bytes = sizeOf(value, key) + key.length * 2;
        if (bytes > this.bytes) return;
        used.bytes += bytes;
        used.entries++;
        lru.set(prefix + key, { kind, value, bytes });
      },
      clear: () => {
        if (!lru) return;
        for (const key of [...lru.keys()]) if (key.startsWith(prefix)) lru.delete(key);
      },
      get bytes() {
        return used.bytes;
      },
      get entries() {
        return used.entries;
      },
    };
  }

  /** Bytes held per kind. */
  byKind(): Record<string, number> {
    return Object.fromEntries([...this.usage].map(([kind, u]) => [kind, u.bytes]));
  }

  /** Bytes held in all. */
  get used(): number {
    return this.lru?.calculatedSize ?? 0;
  }
}
