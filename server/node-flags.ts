// Node flags the server runs with (cli/d4i.js starts it with them; the benchmarks too): the main thread's
// young generation held at 8 MB semi-spaces, and no allocation-site pretenuring.
//
// The young generation's size is a trade: each young-generation collection costs a fixed ~0.5-0.8 ms with
// the served data on the heap, so a small one (V8's default starts at 1 MB) spends ~5% of the CPU on them
// under warm load; a large one (32 MB, tried until 2026-12-04) runs every request's
// allocations through memory that no longer fits the caches. Under callgrind with a 32 MB last-level cache
// (20,000 warm requests): 32 MB semi-spaces 86.3 k instructions and 152 last-level write misses per request,
// 8 MB 86.9 k and 12, 4 MB 91.4 k and 7. The floor matters as much as the ceiling: V8 shrinks an idle
// isolate's young generation to 1 MB (after start-up, or a quiet night) and regrows it only as objects
// survive, which a tile server's hardly do; on the europe pack it then stayed at 1 MB under load, a
// collection every ~10 ms instead of every ~110 ms (--trace-gc under wrk, 2026-12-04).
//
// --no-allocation-site-pretenuring: V8 tenures an allocation site (allocates its objects straight into the old
// generation) once most of its objects survived a few young collections, and keeps that decision. Requests
// that arrive while the server is still loading (a health check, a /metrics scrape, bench tiles' own start-up
// poll) live through many collections, Node's http sites are tenured, and from then on every request's
// garbage is old-generation garbage: a server started that way grew its old space by 50-64 MB per 5 s of
// warm load, a major collection every ~1.5 s, against 1.1-1.2 MB without pretenuring (the europe pack,
// 2026-12-08); pretenuring.test.ts replays it.
//
// V8 reads them only at start, so they cannot be set from inside a running process.
import type { ResourceLimits } from 'node:worker_threads';
import { setFlagsFromString } from 'node:v8';

export const SERVER_NODE_FLAGS = ['--max-semi-space-size=8', '--min-semi-space-size=8', '--no-allocation-site-pretenuring'];

/**
 * The environment the server process starts with, besides the caller's: glibc's malloc gives each thread
 * that allocates an arena of its own (up to 8 per core), and the worker threads, zlib's and libuv's threads
 * each keep freed memory in theirs. Two arenas: RSS after bench api's sweep of the europe pack 1,915-1,958
 * -> 1,854 MB (one arena: 1,811 MB, with the main thread and the threads contending for it). A value the
 * caller set is kept.
 */
export function serverEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? '2' };
}

/** This process was started with them. */
export const hasServerNodeFlags = (execArgv: readonly string[]): boolean => SERVER_NODE_FLAGS.every((flag) => execArgv.includes(flag));

/**
 * Young generation of every worker thread (V8 makes a semi-space a third of it). The threads answer one job
 * at a time and keep little of what they allocate: 8 MB semi-spaces instead of the main thread's 32 save
 * ~50 MB of RSS per thread (bench api, RSS after the sweep).
 */
const THREAD_YOUNG_GENERATION_MB = 24;

/** A worker thread's limits: its young generation, and `oldMb` (its old generation) if given. */
export function threadLimits(oldMb?: number): ResourceLimits {
  return { maxYoungGenerationSizeMb: THREAD_YOUNG_GENERATION_MB, ...(oldMb ? { maxOldGenerationSizeMb: oldMb } : {}) };
}

/**
 * The semi-space flags are process-wide and outrank a thread's resourceLimits (V8 reads them for every isolate
 * it creates), so without this each thread would take the main thread's 16 MB of young generation as a floor. The main
 * isolate has its sizes already; unsetting the flags only lets the threads made from now on keep their own.
 */
export function keepSemiSpaceFlagToMainThread(): void {
  // only where the flag was given: unset in a process without it (a test runner), the main isolate's young
  // generation shrank, and streaming a gzipped download took 3-5x the CPU (timeouts.alone.test.ts)
  if (!hasServerNodeFlags(process.execArgv)) return;
  setFlagsFromString('--max-semi-space-size=0');
  setFlagsFromString('--min-semi-space-size=0');
}
