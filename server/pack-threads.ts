// Worker threads that read the served pack from shared memory (the pack's bytes are a SharedArrayBuffer,
// so no thread holds a copy): the pool side, started by the main thread, and the thread side, which
// rebuilds the pack's views and LAU lookups over what it was given (the LAU values are shared too).
import { Piscina, workerData } from 'piscina';
import { buildLauFacts, type ComputedLauFacts, type LauFacts } from '../core/lau/lau-facts.ts';
import { packFromBytes } from '../core/pack/pack.ts';
import { threadLimits } from './node-flags.ts';

interface PackThreadData {
  bytes: Uint8Array;
  name: string;
  /** the per-country totals the main thread computed (each thread would scan every cell again) */
  countries: LauFacts['countries'];
  /** the main thread's LAU values and flags: shared memory, read in place */
  computed: ComputedLauFacts;
  options: Record<string, unknown>;
}

/**
 * A fixed pool of `threads` threads running `handler` (worker-bundles.ts) over the pack of `facts`.
 * `heapMb`: the old generation's limit of each thread, so that V8 collects before its heap (and the
 * process's RSS) grows far past what the thread keeps.
 */
export async function startPackThreads(
  handler: Promise<{ filename: string; name: string; execArgv?: string[] }>,
  facts: LauFacts,
  threads: number,
  niceIncrement = 0,
  options: Record<string, unknown> = {},
  heapMb?: number,
): Promise<Piscina> {
  const { pack } = facts;
  return new Piscina({
    ...(await handler),
    workerData: {
      bytes: pack.bytes,
      name: `pack ${pack.dataVersion}`,
      countries: facts.countries,
      computed: { values: facts.values, smallTown: facts.smallTown },
      options,
    } satisfies PackThreadData,
    minThreads: threads,
    maxThreads: threads,
    niceIncrement,
    resourceLimits: threadLimits(heapMb),
    // idle threads keep their prepared data; they never keep the process alive
    idleTimeout: Number.POSITIVE_INFINITY,
  });
}

/** In a pack thread: the pack's LAU facts (over its shared bytes) and the options the pool gave. */
export function packThreadFacts(): { facts: LauFacts; name: string; options: Record<string, unknown> } {
  const { bytes, name, countries, computed, options } = workerData as PackThreadData;
  // the main thread checked these very bytes when it loaded them
  return { facts: buildLauFacts(packFromBytes(bytes, name, { bodyChecked: true }), countries, computed), name, options };
}
