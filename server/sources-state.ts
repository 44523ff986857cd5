// The data being served, swappable without downtime: requests read `current` once and keep that
// snapshot to the end, so a reload never mixes two packs in one response. The data version of the
// new pack goes into every URL and ETag from then on.
import { loadPack, type GridPack } from '../tiles/pack.ts';
import { GridSource, type TileSource } from '../tiles/sources.ts';

export interface ServedData {
  pack: GridPack;
  /** version of the whole set (the pack's data version) */
  version: string;
  sources: Map<string, TileSource>;
  loadedAt: Date;
}

/** Tile sources of a pack. More sources (lau, base) plug in here. */
export function sourcesOf(pack: GridPack): Map<string, TileSource> {
  const grid = new GridSource(pack);
  return new Map<string, TileSource>([[grid.id, grid]]);
}

export class SourcesState {
  current: ServedData;
  private listeners: ((data: ServedData, previous: ServedData) => void)[] = [];

  constructor(readonly packPath: string) {
    this.current = this.load();
  }

  private load(): ServedData {
    const pack = loadPack(this.packPath);
    return { pack, version: pack.dataVersion, sources: sourcesOf(pack), loadedAt: new Date() };
  }

  /** Load the pack file again; the old data stays served if the new file is unusable (the error is thrown). */
  reload(): ServedData {
    const next = this.load();
    const previous = this.current;
    this.current = next;
    for (const listener of this.listeners) listener(next, previous);
    return next;
  }

  onChange(listener: (data: ServedData, previous: ServedData) => void): void {
    this.listeners.push(listener);
  }
}
