// Map images (/render.png, /render.pdf) are drawn in one worker thread per server process: drawing and
// encoding a large view takes up to a few seconds of CPU, which on the main thread would stall every
// tile request. The main thread sends what to draw (the cells in view, already classified, as
// transferred typed arrays); the worker holds the prepared basemap and the fonts. This module is both
// the client (MapRenderWorker, in the main thread) and the worker's loop (run when loaded as the worker).
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { type MapImageSpec, type PreparedBasemap, prepareBasemap, registerMapFonts, renderMapImage } from '../core/render/map-image.ts';
import { loadBasemapData } from '../geodata/basemap.ts';
import { HttpError } from './http-error.ts';
import { threadLimits } from './node-flags.ts';

const ROLE = 'd4i-map-render';
/** jobs waiting or drawing; beyond this a request is refused (503) instead of queueing for minutes */
export const MAX_RENDER_JOBS = 8;

type Job = { id: number; format: 'png' | 'pdf'; spec: Omit<MapImageSpec, 'basemap'> };
type Reply = { id: number; bytes: Uint8Array } | { id: number; error: string };

export class MapRenderWorker {
  private worker?: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (bytes: Buffer) => void; reject: (error: Error) => void }>();

  /** The image's bytes; the typed arrays of `spec.cells` are transferred (unusable afterwards). */
  render(spec: Omit<MapImageSpec, 'basemap'>, format: 'png' | 'pdf'): Promise<Buffer> {
    if (this.pending.size >= MAX_RENDER_JOBS) throw new HttpError(503, 'the map renderer is busy: try again in a few seconds');
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      const { x, y, classStart } = spec.cells;
      worker.postMessage({ id, format, spec } satisfies Job, [x.buffer, y.buffer, classStart.buffer] as ArrayBuffer[]);
    });
  }

  close(): Promise<number> | undefined {
    return this.worker?.terminate();
  }

  private start(): Worker {
    const basemap: PreparedBasemap = prepareBasemap(loadBasemapData());
    const worker = new Worker(new URL('./ts-worker-entry.mjs', import.meta.url), {
      workerData: { role: ROLE, module: new URL('./render-worker.ts', import.meta.url).href, basemap },
      resourceLimits: threadLimits(),
    });
    // an idle renderer does not keep the process alive (one with jobs does)
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const job = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (!job) return;
      if ('error' in reply) job.reject(new Error(`map rendering failed: ${reply.error}`));
      else job.resolve(Buffer.from(reply.bytes.buffer, reply.bytes.byteOffset, reply.bytes.byteLength));
    });
    // 'error' is followed by 'exit': only the first reaches the jobs of this worker (a new one may have started since)
    const fail = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      for (const job of this.pending.values()) job.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the map render worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }
}

let shared: MapRenderWorker | undefined;

/** One renderer per process, started on the first image. */
export function sharedMapRenderer(): MapRenderWorker {
  shared ??= new MapRenderWorker();
  return shared;
}

function serveJobs(basemap: PreparedBasemap): void {
  registerMapFonts();
  parentPort!.on('message', async ({ id, format, spec }: Job) => {
    try {
      const bytes = await renderMapImage({ ...spec, basemap }, format);
      parentPort!.postMessage({ id, bytes } satisfies Reply);
    } catch (error) {
      parentPort!.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies Reply);
    }
  });
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === ROLE) serveJobs((workerData as { basemap: PreparedBasemap }).basemap);
