// A pack reload without stalling the server: a one-off worker thread reads the new file into shared
// memory, checks it, and builds its LAU facts and search index (together seconds on the europe pack);
// the main thread gets them back and only puts the typed-array views on the same bytes. This module is
// both the client (loadInThread) and the thread's body (run when loaded as that thread).
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { buildLauFacts, type LauFacts } from '../core/lau/lau-facts.ts';
import { SearchIndex, type SearchIndexParts } from '../core/lau/search-index.ts';
import { type GridPack, loadPack, PackError, packFromBytes } from '../core/pack/pack.ts';
import { oneOffThread } from './one-off-thread.ts';
import { searchIndexOf } from './search-entries.ts';

const ROLE = 'd4i-pack-loader';

type Loaded = { bytes: Uint8Array; facts: Omit<LauFacts, 'pack'>; search: SearchIndexParts } | { error: string; packError: boolean };

/** The pack at `path`, its LAU facts and its search index, prepared in a worker thread. */
export async function loadInThread(path: string): Promise<{ pack: GridPack; facts: LauFacts; search: SearchIndex }> {
  const loaded = await oneOffThread<Loaded>(new URL('./pack-loader.ts', import.meta.url), { role: ROLE, path }, 'pack loader');
  if ('error' in loaded) throw loaded.packError ? new PackError(loaded.error) : new Error(loaded.error);
  // the thread checked these bytes; only the views are made here
  const pack = packFromBytes(loaded.bytes, path, { bodyChecked: true });
  return { pack, facts: { ...loaded.facts, pack }, search: SearchIndex.restore(loaded.search) };
}

function load(path: string): void {
  let loaded: Loaded;
  try {
    const pack = loadPack(path);
    const { pack: _pack, ...facts } = buildLauFacts(pack);
    loaded = { bytes: pack.bytes, facts, search: searchIndexOf(pack).parts() };
  } catch (error) {
    loaded = { error: (error as Error).message, packError: error instanceof PackError };
  }
  parentPort!.postMessage(loaded);
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === ROLE) load((workerData as { path: string }).path);
