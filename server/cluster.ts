// Several server processes on one port (node:cluster): the pack is read-only, so each worker loads it and
// cuts tiles on its own core. The primary forwards SIGHUP, drains on SIGTERM, replaces a worker that
// dies, and answers /metrics for all of them (prom-client's AggregatorRegistry over the cluster IPC).
import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

/** Worker -> primary messages. */
type WorkerMessage = { type: 'd4i:listening'; url: string; summary: string } | { type: 'd4i:metrics'; id: number };
/** Primary -> worker answer to a metrics request. */
type MetricsAnswer = { type: 'd4i:metrics-answer'; id: number; text?: string; error?: string };

export const isClusterWorker = (): boolean => cluster.isWorker;

/**
 * Run in the primary: fork `count` workers (each runs the same command line), print the URL once all
 * listen, and keep them running until SIGTERM / SIGINT.
 */
export function runPrimary(count: number, printReady: (url: string, summary: string) => void): void {
  const aggregator = new AggregatorRegistry();
  let stopping = false;
  const listened = new Set<number>();
  let announced = false;
  const fork = (): Worker => {
    const worker = cluster.fork();
    worker.on('message', (message: WorkerMessage) => {
      if (message?.type === 'd4i:listening') {
        listened.add(worker.id);
        if (!announced && listened.size === count) {
          announced = true;
          printReady(message.url, `${message.summary}; ${count} worker processes`);
        }
      } else if (message?.type === 'd4i:metrics') {
        aggregator.clusterMetrics().then(
          (text) => worker.send({ type: 'd4i:metrics-answer', id: message.id, text } satisfies MetricsAnswer),
          (error: Error) => worker.send({ type: 'd4i:metrics-answer', id: message.id, error: error.message } satisfies MetricsAnswer),
        );
      }
    });
    return worker;
  };
  const workers = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => Boolean(w));
  for (let i = 0; i < count; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      // a worker that had to cut responses makes the whole stop unclean
      if (code) process.exitCode = code;
      if (workers().length === 0) process.exit(process.exitCode ?? 0);
      return;
    }
    if (!listened.has(worker.id)) {
      // it never got to listen (bad pack, port taken): another would fail the same way
      console.error(`worker ${worker.process.pid} failed to start (${signal ?? code}); stopping`);
      stopping = true;
      for (const w of workers()) w.process.kill('SIGTERM');
      process.exitCode = 1;
      if (workers().length === 0) process.exit(1);
      return;
    }
    console.error(`worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    listened.delete(worker.id);
    fork();
  });
  process.on('SIGHUP', () => {
    for (const w of workers()) w.process.kill('SIGHUP');
  });
  const stop = () => {
    stopping = true;
    const alive = workers();
    if (alive.length === 0) process.exit(0);
    for (const w of alive) w.process.kill('SIGTERM');
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** Run in a worker once it listens: tell the primary, and let it collect this worker's metrics. */
export function announceWorker(url: string, summary: string, registry: Registry): void {
  AggregatorRegistry.setRegistries([registry]);
  new AggregatorRegistry(); // constructing one is what makes prom-client answer the primary's requests

  process.send?.({ type: 'd4i:listening', url, summary } satisfies WorkerMessage);
}

let nextRequest = 0;
/** In a worker: the metrics of every worker, summed by the primary. */
export function clusterMetrics(): Promise<string> {
  const id = nextRequest++;
  return new Promise((resolve, reject) => {
    const onMessage = (message: MetricsAnswer) => {
      if (message?.type !== 'd4i:metrics-answer' || message.id !== id) return;
      process.off('message', onMessage);
      clearTimeout(timer);
      if (message.text !== undefined) resolve(message.text);
      else reject(new Error(message.error ?? 'no metrics'));
    };
    const timer = setTimeout(() => {
      process.off('message', onMessage);
      reject(new Error('the primary did not answer for the metrics in 5 s'));
    }, 5000);
    process.on('message', onMessage);
    process.send?.({ type: 'd4i:metrics', id } satisfies WorkerMessage);
  });
}
