// Heavy requests (class breaks over a level, box summaries, LAU lists and CSVs) run in a pool of worker
// threads (piscina) that read the served pack from shared memory, so the event loop stays free for
// tiles and /healthz. Answers are kept in the memory budget. Work is bounded: one job per key in flight (the others await it), a cap on jobs
// overall and per client (a 503 with Retry-After beyond it, never an unbounded queue), a time limit per
// job, and a job whose every requester has gone away is cancelled.
import { availableParallelism } from 'node:os';
import type { Piscina } from 'piscina';
import type { Request, Response } from 'express';
import type { BreakMethod } from '../core/indicators/break-methods.ts';
import type { GridSource } from '../core/mvt/grid-source.ts';
import type { LonLatBox } from '../core/indicators/summary.ts';
import { type CacheArea, MemoryBudget } from '../core/memory-budget.ts';
import { HttpError } from './http-error.ts';
import { startPackThreads } from './pack-threads.ts';
import { type PackedZoom, PREBUILT_MAX_ZOOM, PREBUILT_TILES_PER_JOB } from './prebuilt-tiles.ts';
import type { ServedData, SourcesState } from './sources-state.ts';
import { workerHandler } from './worker-bundles.ts';

/** The heavy jobs' threads: heavy-worker.ts, bundled (worker-bundles.ts). */
const heavyHandler = () => workerHandler(new URL('./heavy-worker.ts', import.meta.url), 'runHeavyJob', new URL('./heavy-worker-entry.mjs', import.meta.url));

export interface LauQuery {
  countries?: string[];
  popMin?: number;
  popMax?: number;
  ranges: { id: string; min?: number; max?: number }[];
  smallTown?: boolean;
  /** LAUs whose bbox centre is inside */
  bbox?: LonLatBox;
  sort: { id: string; descending: boolean };
}

/** What a worker can be asked to do; plain data, so it crosses to the thread and serves as the job's key. */
export type HeavyJob =
  | { kind: 'breaks'; indicator: string; method: BreakMethod; classes: number; res: number | 'lau'; box?: LonLatBox }
  | { kind: 'summary'; box: LonLatBox }
  /** the value range of every numeric grid field (TileJSON tilestats) */
  | { kind: 'attribute-ranges' }
  /** the grid tiles of one low zoom, compressed (prebuilt-tiles.ts) */
  | { kind: 'prebuilt-tiles'; z: number; from: number }
  | { kind: 'laus'; query: LauQuery; format: 'json' | 'csv'; offset: number; limit: number; paged: boolean; smallTowns: boolean };

export interface HeavyLimits {
  /** worker threads (default: the cores but one, at least one) */
  threads: number;
  /** jobs queued or running at once, over all clients */
  maxJobs: number;
  /** jobs queued or running at once for one client address */
  perClient: number;
  /** a job still running after this is stopped and answered 503 */
  timeoutMs: number;
}

export const HEAVY_DEFAULTS: HeavyLimits = {
  threads: Math.max(1, availableParallelism() - 1),
  maxJobs: 16,
  perClient: 4,
  timeoutMs: 20_000,
};

/** Scheduling priority of the worker threads, relative to the main thread (Linux nice; @napi-rs/nice). */
const HEAVY_NICE = 10;

/**
 * Old-generation limit of each heavy thread: its LAU facts (~35 MB on europe) and a job's objects; the
 * cells a job scans are typed arrays outside the heap. Without it an idle thread kept ~200 MB after start.
 */
const HEAVY_HEAP_MB = 384;

/** Budget of cached answers when no shared one is given (the server gives its own). */
const DEFAULT_RESULTS_BUDGET = 64_000_000;

/** Bytes an answer holds: a CSV's bytes, or about three times its JSON for an object graph in V8. */
function resultBytes(result: unknown): number {
  const csv = (result as { csv?: Uint8Array }).csv;
  return csv ? csv.byteLength + 200 : JSON.stringify(result).length * 3;
}

/** Seconds a refused client is asked to wait (Retry-After). */
const RETRY_AFTER_SECONDS = 2;

interface Flight {
  promise: Promise<unknown>;
  waiters: number;
  cancel: AbortController;
}

export class HeavyJobs {
  /** one pool per data version: a reload starts a pool on the new pack and lets the old one finish */
  private pools = new Map<string, Promise<Piscina>>();
  private readonly flights = new Map<string, Flight>();
  private readonly perClient = new Map<string, number>();
  /** jobs started, joined to one in flight, answered from the cache, refused, stopped by the time limit, cancelled */
  readonly counts = { started: 0, joined: 0, cached: 0, refused: 0, timedOut: 0, cancelled: 0 };

  /** answers kept for the next identical request, in the server's memory budget */
  private readonly results: CacheArea<unknown>;

  /** per data version: the grid's field ranges computed in a thread and handed to its source */
  private readonly prepared = new Map<string, Promise<void>>();

  constructor(
    private readonly state: SourcesState,
    readonly limits: HeavyLimits = HEAVY_DEFAULTS,
    budget: MemoryBudget = new MemoryBudget(DEFAULT_RESULTS_BUDGET),
  ) {
    this.results = budget.area<unknown>('heavy-result', resultBytes);
    // TileJSON waits for this; the pool itself starts once the server listens
    const first = state.current;
    this.prepared.set(
      first.version,
      state.threadsOpen.then(() => {
        if (state.current === first) this.prepare(first);
        return this.prepared.get(first.version);
      }),
    );
    state.onChange((data, previous) => {
      this.prepare(data);
      this.prepared.delete(previous.version);
      const old = this.pools.get(previous.version);
      this.pools.delete(previous.version);
      void old?.then((pool) => pool.close());
    });
  }

  /** Resolves once the data's TileJSON can be made without scanning cells on the main thread. */
  ready(data: ServedData): Promise<void> {
    return this.prepared.get(data.version) ?? Promise.resolve();
  }

  private prepare(data: ServedData): void {
    const grid = data.sources.get('grid') as GridSource | undefined;
    const ranges = this.poolFor(data).then((pool) => pool.run({ kind: 'attribute-ranges' } satisfies HeavyJob)) as Promise<
      Record<string, [number, number] | null>
    >;
    // if the thread fails, the source computes what it needs itself
    this.prepared.set(
      data.version,
      ranges.then(
        (r) => grid?.useAttributeRanges(r),
        () => {},
      ),
    );
    void this.prebuild(data);
  }

  /** The low zooms' grid tiles, a hundred per job so that API requests get the threads between them. */
  private async prebuild(data: ServedData): Promise<void> {
    try {
      for (let z = 0; z <= PREBUILT_MAX_ZOOM; z++) {
        for (let from = 0, last = false; !last; from += PREBUILT_TILES_PER_JOB) {
          if (this.state.current.version !== data.version) return; // replaced meanwhile
          const packed = (await (await this.poolFor(data)).run({ kind: 'prebuilt-tiles', z, from } satisfies HeavyJob)) as PackedZoom;
          last = data.prebuilt.add(z, packed);
        }
      }
    } catch {
      // a pool closed by a reload or a stop: those tiles are cut on demand, as any other
    }
  }

  /** Jobs queued or running now. */
  get active(): number {
    return this.flights.size;
  }

  /**
   * The job's result, computed in a worker over `data`, or joined to the same job in flight. The request
   * is the one that waits: its client is counted against the caps, and its going away withdraws it.
   */
  async run<T>(data: ServedData, job: HeavyJob, req: Request, res: Response): Promise<T> {
    const key = `${data.version}|${JSON.stringify(job)}`;
    const known = this.results.get(key);
    if (known !== undefined) {
      this.counts.cached++;
      return known as T;
    }
    let flight = this.flights.get(key);
    if (flight) this.counts.joined++;
    else flight = this.start(key, data, job, req.ip ?? req.socket.remoteAddress ?? '?');
    const joined = flight;
    joined.waiters++;
    // a requester gone before its answer no longer waits; the last one gone cancels the job
    const leave = () => {
      if (res.writableFinished || !this.flights.has(key)) return;
      if (--joined.waiters === 0) {
        this.counts.cancelled++;
        joined.cancel.abort(new Error('every client waiting for it went away'));
      }
    };
    res.once('close', leave);
    try {
      return (await joined.promise) as T;
    } finally {
      res.off('close', leave);
    }
  }

  private start(key: string, data: ServedData, job: HeavyJob, client: string): Flight {
    const { maxJobs, perClient, timeoutMs } = this.limits;
    const mine = this.perClient.get(client) ?? 0;
    if (this.flights.size >= maxJobs || mine >= perClient) {
      this.counts.refused++;
      const why = mine >= perClient ? `${mine} of your requests are being computed` : `${this.flights.size} requests are being computed`;
      throw new HttpError(503, 'the server is busy with other heavy requests', `${why}; retry in ${RETRY_AFTER_SECONDS} s`, {
        'Retry-After': String(RETRY_AFTER_SECONDS),
      });
    }
    const pool = this.poolFor(data);
    this.counts.started++;
    this.perClient.set(client, mine + 1);
    const cancel = new AbortController();
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = AbortSignal.any([cancel.signal, timeout]);
    const promise = pool
      .then((threads) => threads.run(job, { signal }))
      .then(
        (result: unknown) => {
          this.results.set(key, result);
          return result;
        },
        (error: unknown) => {
          if (timeout.aborted) {
            this.counts.timedOut++;
            throw new HttpError(503, `the request took longer than ${timeoutMs / 1000} s and was stopped`, 'ask for a smaller area, or retry later', {
              'Retry-After': String(RETRY_AFTER_SECONDS),
            });
          }
          if (cancel.signal.aborted) throw new HttpError(499, 'the client went away');
          throw error;
        },
      );
    const flight: Flight = { promise, waiters: 0, cancel };
    this.flights.set(key, flight);
    promise
      .finally(() => {
        this.flights.delete(key);
        const left = (this.perClient.get(client) ?? 1) - 1;
        if (left > 0) this.perClient.set(client, left);
        else this.perClient.delete(client);
      })
      .catch(() => {});
    return flight;
  }

  private poolFor(data: ServedData): Promise<Piscina> {
    let pool = this.pools.get(data.version);
    // a request that began on data a reload has since replaced: no new pool for old data
    if (!pool && data.version !== this.state.current.version) {
      throw new HttpError(503, 'the data was replaced while this request was under way', `retry in ${RETRY_AFTER_SECONDS} s`, {
        'Retry-After': String(RETRY_AFTER_SECONDS),
      });
    }
    if (!pool) {
      // below the main thread's priority: when cores are short, tiles and /healthz get them first
      pool = startPackThreads(heavyHandler(), data.facts, this.limits.threads, HEAVY_NICE, {}, HEAVY_HEAP_MB);
      this.pools.set(data.version, pool);
    }
    return pool;
  }

  /** Stop every pool (running jobs are cut). */
  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.then((threads) => threads.destroy())));
  }
}
