// The data being served, swappable without downtime: requests read `current` once and keep that
// snapshot to the end, so a reload never mixes two packs in one response. The data version of the
// new pack goes into every URL and ETag from then on.
import { displayCountry } from '../core/grid/countries.ts';
import { countryExtents } from '../core/grid/country-extent.ts';
import { countryNames } from '../geodata/country-names.ts';
import { buildLauFacts, type LauFacts } from '../core/lau/lau-facts.ts';
import { LauSource } from '../core/mvt/lau-source.ts';
import { lauCentre } from '../core/pack/lau-table.ts';
import { loadPack, type GridPack } from '../core/pack/pack.ts';
import { LOCAL_NAMES, type SearchEntry, SearchIndex } from '../core/lau/search-index.ts';
import { GridSource } from '../core/mvt/grid-source.ts';
import type { TileSource } from '../core/mvt/tile-source.ts';
import { sharedBaseSource, loadBasemapData } from '../geodata/basemap.ts';
import { PooledLauSource } from './pooled-lau-source.ts';

export interface ServedData {
  pack: GridPack;
  /** version of the whole set (the pack's data version) */
  version: string;
  sources: Map<string, TileSource>;
  /** LAU indicators, flags and lookups (lau tiles and the /api/laus family) */
  facts: LauFacts;
  search: SearchIndex;
  loadedAt: Date;
}

/** Tile sources of a pack: its grid and LAUs, and the basemap shared by every pack. */
export function sourcesOf(pack: GridPack, facts: LauFacts, lauIndexBytes?: number): Map<string, TileSource> {
  // the server cuts LAU tiles in a thread of their own; without a budget for it, here
  const lau = lauIndexBytes === undefined ? new LauSource(facts) : new PooledLauSource(new LauSource(facts), pack, lauIndexBytes);
  const sources: TileSource[] = [new GridSource(pack), lau, sharedBaseSource()];
  return new Map(sources.map((s) => [s.id, s]));
}

/** LAU names and the populated places of the pack's countries, for /api/search. */
export function searchIndexOf(pack: GridPack): SearchIndex {
  const laus = pack.laus;
  const entries: SearchEntry[] = [];
  for (let i = 0; i < laus.count; i++) {
    const bbox = Array.from(laus.bbox.subarray(i * 4, i * 4 + 4)) as [number, number, number, number];
    if (Number.isNaN(bbox[0])) continue;
    const aliases = LOCAL_NAMES[`${laus.country[i]}:${laus.name[i]}`];
    const [lon, lat] = lauCentre(laus.bbox, i);
    entries.push({
      kind: 'lau',
      name: laus.name[i],
      country: laus.country[i],
      population: laus.values.T?.[i] ?? 0,
      id: laus.giscoId[i],
      lon,
      lat,
      bbox,
      aliases,
    });
  }
  // whole countries, by their name in any of the seven languages
  const tenKm = pack.levels.find((l) => l.res >= 10_000) ?? pack.levels.at(-1)!;
  for (const [code, extent] of countryExtents(tenKm, pack.countries)) {
    const [name, ...aliases] = countryNames(code);
    if (!name) continue;
    const [w, s, e, n] = extent.bbox;
    entries.push({ kind: 'country', name, country: code, population: extent.residents, lon: (w + e) / 2, lat: (s + n) / 2, bbox: extent.bbox, aliases });
  }
  const countries = new Set(pack.countries.map(displayCountry));
  for (const place of loadBasemapData().places) {
    if (countries.has(place.country)) entries.push({ kind: 'place', ...place, aliases: LOCAL_NAMES[`${place.country}:${place.name}`] });
  }
  return new SearchIndex(entries);
}

async function closeSources(data: ServedData, now: boolean): Promise<void> {
  for (const source of data.sources.values()) if (source instanceof PooledLauSource) await (now ? source.close() : source.finish());
}

export class SourcesState {
  current: ServedData;
  private listeners: ((data: ServedData, previous: ServedData) => void)[] = [];

  /** `lauIndexBytes`: LAU tiles are cut in a thread of their own whose indexes may hold this much. */
  constructor(
    readonly packPath: string,
    private readonly lauIndexBytes?: number,
  ) {
    this.current = this.load();
  }

  private load(): ServedData {
    const pack = loadPack(this.packPath);
    const facts = buildLauFacts(pack);
    return { pack, version: pack.dataVersion, sources: sourcesOf(pack, facts, this.lauIndexBytes), facts, search: searchIndexOf(pack), loadedAt: new Date() };
  }

  /** Load the pack file again; the old data stays served if the new file is unusable (the error is thrown). */
  reload(): ServedData {
    const next = this.load();
    const previous = this.current;
    this.current = next;
    for (const listener of this.listeners) listener(next, previous);
    // the old LAU tile thread finishes the tiles it was asked for, then stops
    void closeSources(previous, false);
    return next;
  }

  /** Stop the threads of the data being served (the server stops). */
  close(): Promise<void> {
    return closeSources(this.current, true);
  }

  onChange(listener: (data: ServedData, previous: ServedData) => void): void {
    this.listeners.push(listener);
  }
}
