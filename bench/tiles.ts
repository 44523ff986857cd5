// d4i bench tiles: per zoom 0-14, cold tile build time (cache off: slice + encode + gzip), gzipped
// bytes and features, for tiles under populated cells, in process and over HTTP; then warm throughput over HTTP (wrk, keep-alive,
// gzip) of `d4i serve` against a bare node:http server and nginx sending the same cached bodies, alternated
// in the same run; and the server's RSS.
// Targets: cold p50 <= 5 ms and p95 <= 15 ms at every zoom; p95 <= 64 KB and max <= 128 KB gzipped;
// warm >= 90% of bare node:http.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compressTile } from '../server/tile-compression.ts';
import { GRID_MAX_ZOOM } from '../core/grid/levels.ts';
import { loadPack, type GridPack } from '../core/pack/pack.ts';
import { GridSource } from '../core/mvt/grid-source.ts';
import { type Child, metricValue, rssOf, startChild, startServeChild, stopChild, untilStartedUp } from './support/child.ts';
import { PREBUILT_MAX_ZOOM } from '../server/prebuilt-tiles.ts';
import { HAS_NGINX, startNginx } from './support/nginx.ts';
import { CAN_PIN, CLIENT_CPUS, CLIENT_THREADS, SERVER_CPUS } from './support/cpus.ts';
import { HAS_WRK, type WrkFigures, wrkRunner } from './support/wrk.ts';
import { sampleTiles } from './support/sample-tiles.ts';
import { ascending, quantile, range } from './support/stats.ts';

export interface BenchTilesOptions {
  pack: string;
  tiles: number;
  seconds: number;
  connections: number;
  /** alternated rounds of the warm comparison (at least 2) */
  rounds: number;
  /** comma-separated sections to run: cold, http, warm, workers */
  only: string;
}

interface ZoomFigures {
  z: number;
  res: number;
  tiles: number;
  p50: number;
  p95: number;
  max: number;
  bytesP50: number;
  bytesP95: number;
  bytesMax: number;
  featuresP95: number;
}

function coldFigures(source: GridSource, pack: GridPack, z: number, count: number): ZoomFigures {
  const list = sampleTiles(pack, z, count);
  const times: number[] = [];
  const bytes: number[] = [];
  const features: number[] = [];
  for (const [tz, x, y] of list) {
    const started = performance.now();
    const raw = source.getTile(tz, x, y);
    const body = raw ? compressTile(raw, 'gzip') : undefined;
    times.push(performance.now() - started);
    bytes.push(body?.length ?? 0);
    features.push(raw ? countFeatures(raw) : 0);
  }
  const t = ascending(times);
  const b = ascending(bytes);
  return {
    z,
    res: source.resolutionAt(z),
    tiles: list.length,
    p50: quantile(t, 0.5),
    p95: quantile(t, 0.95),
    max: t[t.length - 1] ?? 0,
    bytesP50: quantile(b, 0.5),
    bytesP95: quantile(b, 0.95),
    bytesMax: b[b.length - 1] ?? 0,
    featuresP95: quantile(ascending(features), 0.95),
  };
}

/** Features in a one-layer tile, counted from the protobuf without decoding properties. */
function countFeatures(tile: Uint8Array): number {
  // layer = field 3; features = field 2 inside it (length-delimited): walk the layer's fields
  let count = 0;
  let pos = 0;
  const varint = () => {
    let v = 0;
    let shift = 0;
    let b: number;
    do {
      b = tile[pos++];
      v += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return v;
  };
  while (pos < tile.length) {
    const key = varint();
    const len = varint();
    const end = pos + len;
    if (key >> 3 === 3) {
      while (pos < end) {
        const k = varint();
        const type = k & 7;
        if (type === 2) {
          const l = varint();
          if (k >> 3 === 2) count++;
          pos += l;
        } else if (type === 0) varint();
        else if (type === 1) pos += 8;
        else if (type === 5) pos += 4;
      }
    }
    pos = end;
  }
  return count;
}

/** The gzip bytes exactly as the server sends them (fetch would decompress), or undefined unless 200. */
function rawGzip(url: string): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(res.statusCode === 200 ? Buffer.concat(chunks) : undefined));
    }).on('error', reject);
  });
}

/** Wait for a server's start-up threads (untilStartedUp), and say how long they took. */
async function untilStarted(server: Child, what: string, processes = 1): Promise<void> {
  const seconds = await untilStartedUp(server.url, processes);
  const bytes = await metricValue(server.url, 'd4i_tile_prebuilt_bytes');
  console.log(`${what}: prebuilt tiles z0-z${PREBUILT_MAX_ZOOM} ready ${seconds.toFixed(1)} s after the server listened, ${(bytes / 1e6).toFixed(0)} MB`);
}

/**
 * Cold tiles as a client sees them: `d4i serve` with the tile cache off, one keep-alive client asking for the
 * same tiles per zoom in turn (gzip), time to the last byte. The in-process figures above leave out HTTP and
 * the server's own compression path.
 */
async function coldOverHttp(options: BenchTilesOptions, pack: GridPack): Promise<void> {
  const server = await startServeChild(options.pack, { CACHE_MB: '0', LOG_LEVEL: 'info' });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  await untilStarted(server, 'cold over HTTP');
  const fetchTile = (path: string) => timedGet(agent, `${server.url}${path}`);
  /** the gzip bodies of the tiles measured, for the floor */
  const measured = new Map<string, Buffer>();
  try {
    const tilePath = ([z, x, y]: [number, number, number]) => `/tiles/grid/${z}/${x}/${y}.mvt?v=${pack.dataVersion}`;
    // the server's JIT warmed on other tiles of every zoom, as in-process
    for (let z = 0; z <= GRID_MAX_ZOOM; z++) for (const tile of sampleTiles(pack, z, 20, 99)) await fetchTile(tilePath(tile));
    console.log('cold over HTTP (cache off, one keep-alive client, gzip, to the last byte)');
    console.log('zoom  tiles  p50      p95      max      gz p95');
    for (let z = 0; z <= GRID_MAX_ZOOM; z++) {
      const answers = [];
      for (const tile of sampleTiles(pack, z, options.tiles)) {
        const answer = await fetchTile(tilePath(tile));
        if (answer.status === 200) measured.set(tilePath(tile), answer.body);
        answers.push(answer);
      }
      const failed = answers.filter((a) => a.status >= 300 && a.status !== 204).length;
      const t = ascending(answers.map((a) => a.ms));
      const b = ascending(answers.map((a) => a.bytes));
      const ms = (n: number) => `${n.toFixed(2)} ms`.padEnd(9);
      console.log(
        `z${String(z).padEnd(4)}${String(answers.length).padEnd(7)}${ms(quantile(t, 0.5))}${ms(quantile(t, 0.95))}${ms(t.at(-1)!)}` +
          `${(quantile(b, 0.95) / 1024).toFixed(1)} KB${failed ? `  ${failed} failed` : ''}`,
      );
    }
    await latencyFloor(measured);
  } finally {
    agent.destroy();
    server.child.kill('SIGTERM');
  }
}

/** One GET over `agent` (gzip), timed to the last byte; the body as sent (still compressed). */
function timedGet(agent: Agent, url: string): Promise<{ ms: number; bytes: number; status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    get(url, { agent, headers: { 'accept-encoding': 'gzip' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const ms = performance.now() - started;
        const body = Buffer.concat(chunks);
        resolve({ ms, bytes: body.length, status: res.statusCode ?? 0, body });
      });
    }).on('error', reject);
  });
}

/**
 * What the machine itself adds to a one-client latency: the bare node:http server sending the very bodies
 * just measured, asked for them in the same order by the same kind of client. Its max is the floor under
 * d4i's max per zoom (on a 2-core VM, 5-12 ms for requests that cost nothing).
 */
async function latencyFloor(measured: Map<string, Buffer>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'd4i-bench-floor-'));
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const bodies = Object.fromEntries([...measured].map(([path, body]) => [path, body.toString('base64')]));
    writeFileSync(join(dir, 'bodies.json'), JSON.stringify(bodies));
    const bare = await startChild([fileURLToPath(new URL('./support/bare-server.ts', import.meta.url)), join(dir, 'bodies.json')]);
    try {
      const sent = Object.keys(bodies);
      for (const path of sent.slice(0, 200)) await timedGet(agent, `${bare.url}${path}`); // its JIT warmed
      const t = [];
      for (const path of sent) t.push((await timedGet(agent, `${bare.url}${path}`)).ms);
      const sorted = ascending(t);
      console.log(
        `  floor: bare node:http sending the same ${sent.length} bodies to one client: p50 ${quantile(sorted, 0.5).toFixed(2)} ms, ` +
          `p95 ${quantile(sorted, 0.95).toFixed(2)} ms, max ${sorted.at(-1)!.toFixed(2)} ms`,
      );
    } finally {
      bare.child.kill('SIGTERM');
    }
  } finally {
    agent.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Warm throughput of d4i serve, a bare node:http server and nginx (gzip_static) on the same cached bodies and
 * URLs, measured by wrk, the three alternated (A B C, then C B A ...) so that drift hits them alike; nginx shows
 * what the generator can measure on this machine, so a ratio near 100% is not just a saturated client.
 */
async function warmThroughput(ours: Child, dir: string, paths: string[], bodies: Record<string, string>, options: BenchTilesOptions): Promise<void> {
  if (!HAS_WRK || !HAS_NGINX) {
    console.log(`warm: skipped, needs ${HAS_WRK ? '' : 'wrk '}${HAS_NGINX ? '' : 'nginx '}(apt-get install wrk nginx)`);
    return;
  }
  const bare = await startChild([fileURLToPath(new URL('./support/bare-server.ts', import.meta.url)), join(dir, 'bodies.json')], {}, SERVER_CPUS);
  const nginx = await startNginx(join(dir, 'nginx'), new Map(Object.entries(bodies).map(([path, b64]) => [path, Buffer.from(b64, 'base64')])), SERVER_CPUS);
  try {
    const wrk = wrkRunner(dir, paths);
    const servers = [
      { name: 'd4i serve', url: ours.url },
      { name: 'bare node:http', url: bare.url },
      { name: 'nginx gzip_static', url: nginx.url },
    ];
    const threads = CAN_PIN ? CLIENT_THREADS : 2;
    for (const server of servers) await wrk(server.url, 2, options.connections, threads, CLIENT_CPUS); // JIT, caches, connections
    const figures = new Map<string, WrkFigures[]>(servers.map((s) => [s.name, []]));
    const rounds = Math.max(2, options.rounds);
    for (let round = 0; round < rounds; round++) {
      for (const server of round % 2 ? [...servers].reverse() : servers)
        figures.get(server.name)!.push(await wrk(server.url, options.seconds, options.connections, threads, CLIENT_CPUS));
    }
    const pinning = CAN_PIN ? `servers on CPU ${SERVER_CPUS}, wrk ${threads} thread(s) on CPU ${CLIENT_CPUS}` : 'wrk 2 threads, not pinned (no taskset)';
    console.log(
      `warm (${paths.length} cached tiles, ${pinning}, ${options.connections} connections, ${options.seconds} s x ${rounds} rounds alternated, gzip):`,
    );
    for (const server of servers) {
      const runs = figures.get(server.name)!;
      const failed = runs.reduce((n, r) => n + r.errors + r.non2xx, 0);
      console.log(
        `  ${server.name.padEnd(18)} ${range(runs.map((r) => r.rps))} req/s, p50 ${range(
          runs.map((r) => r.p50),
          2,
        )} ms, p99 ${range(
          runs.map((r) => r.p99),
          2,
        )} ms${failed ? `, ${failed} errors or non-2xx` : ''}`,
      );
    }
    // per round: the arms of one round ran back to back, so they share the machine's state
    const ratio = (a: string, b: string) => {
      const ratios = figures.get(a)!.map((r, k) => (r.rps / figures.get(b)![k].rps) * 100);
      return `${range(ratios, 1)}% per round (median ${quantile(ascending(ratios), 0.5).toFixed(1)}%)`;
    };
    console.log(`  d4i / bare node:http ${ratio('d4i serve', 'bare node:http')}; bare / nginx ${ratio('bare node:http', 'nginx gzip_static')}`);
  } finally {
    bare.child.kill('SIGTERM');
    nginx.stop();
  }
}

export async function benchTiles(options: BenchTilesOptions): Promise<void> {
  const pack = loadPack(options.pack);
  const sections = new Set(options.only.split(',').map((s) => s.trim()));
  console.log(`bench tiles: ${options.pack} (${pack.levels[0].count.toLocaleString('en')} cells), ${options.tiles} tiles per zoom under populated cells`);
  if (sections.has('cold')) coldInProcess(pack, options);
  if (sections.has('http')) await coldOverHttp(options, pack);
  if (sections.has('warm')) await warm(pack, options);
  if (sections.has('workers')) await workersThroughput(pack, options);
}

function coldInProcess(pack: GridPack, options: BenchTilesOptions): void {
  const source = new GridSource(pack);
  // "cold" means the tile cache is off, not the JIT: warm the code on other tiles of every zoom first
  for (let z = 0; z <= GRID_MAX_ZOOM; z++) for (const [tz, x, y] of sampleTiles(pack, z, 20, 99)) source.getTile(tz, x, y);
  console.log('cold in process (slice + encode + gzip)');
  console.log('zoom  res      tiles  cold p50  p95     max      gz p50   p95      max      features p95');
  for (let z = 0; z <= GRID_MAX_ZOOM; z++) {
    const f = coldFigures(source, pack, z, options.tiles);
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`.padEnd(9);
    const ms = (n: number) => `${n.toFixed(2)} ms`.padEnd(8);
    console.log(
      `z${String(z).padEnd(4)}${String(f.res).padEnd(9)}${String(f.tiles).padEnd(7)}${ms(f.p50)}${ms(f.p95)}${ms(f.max)} ` +
        `${kb(f.bytesP50)}${kb(f.bytesP95)}${kb(f.bytesMax)}${Math.round(f.featuresP95)}`,
    );
  }
}

/** Warm: the same tile URLs from d4i serve, bare node:http and nginx, bodies cached; then the server's RSS. */
async function warm(pack: GridPack, options: BenchTilesOptions): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'd4i-bench-tiles-'));
  const paths: string[] = [];
  for (let z = 0; z <= GRID_MAX_ZOOM; z++)
    for (const [tz, x, y] of sampleTiles(pack, z, Math.min(40, options.tiles))) paths.push(`/tiles/grid/${tz}/${x}/${y}.mvt?v=${pack.dataVersion}`);
  // the default log level: what a deployment runs
  const ours = await startServeChild(options.pack, { CACHE_MB: '1024', LOG_LEVEL: 'info' }, [], SERVER_CPUS);
  const bodies: Record<string, string> = {};
  try {
    await untilStarted(ours, 'warm');
    for (const path of paths) {
      const body = await rawGzip(`${ours.url}${path}`);
      if (body) bodies[path] = body.toString('base64');
    }
    const warmPaths = Object.keys(bodies);
    writeFileSync(join(dir, 'bodies.json'), JSON.stringify(bodies));
    await warmThroughput(ours, dir, warmPaths, bodies, options);
    console.log(`server RSS ${rssOf(ours.child.pid!).toFixed(0)} MB (pack ${(pack.fileBytes / 1e6).toFixed(0)} MB)`);
  } finally {
    ours.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Cold tiles under load: wrk at `--connections` over a list mixing every zoom's tiles (cache off), against
 * `d4i serve` with one process and with `--workers 2`, alternated; wrk shares the machine's cores with them.
 */
async function workersThroughput(pack: GridPack, options: BenchTilesOptions): Promise<void> {
  if (!HAS_WRK) {
    console.log('workers: skipped, needs wrk (apt-get install wrk)');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'd4i-bench-workers-'));
  const paths: string[] = [];
  for (let z = 0; z <= GRID_MAX_ZOOM; z++)
    for (const [tz, x, y] of sampleTiles(pack, z, options.tiles)) paths.push(`/tiles/grid/${tz}/${x}/${y}.mvt?v=${pack.dataVersion}`);
  // shuffled with a fixed seed: every zoom mixed through the run, the same order for every server
  let seed = 7;
  for (let i = paths.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [paths[i], paths[j]] = [paths[j], paths[i]];
  }
  const wrk = wrkRunner(dir, paths);
  const arms = [1, 2].map((workers) => ({ workers, runs: [] as WrkFigures[] }));
  try {
    const rounds = Math.max(2, options.rounds);
    for (let round = 0; round < rounds; round++) {
      for (const arm of round % 2 ? [...arms].reverse() : arms) {
        const server = await startServeChild(options.pack, { CACHE_MB: '0', LOG_LEVEL: 'info' }, arm.workers > 1 ? ['--workers', String(arm.workers)] : []);
        try {
          await untilStarted(server, `--workers ${arm.workers}`, arm.workers);
          await wrk(server.url, 2, options.connections); // JIT
          arm.runs.push(await wrk(server.url, options.seconds, options.connections));
        } finally {
          await stopChild(server);
        }
      }
    }
    console.log(
      `cold mixed list (${paths.length} tiles of z0-z${GRID_MAX_ZOOM}, cache off, wrk 2 threads, ${options.connections} connections, ` +
        `${options.seconds} s x ${rounds} rounds alternated):`,
    );
    for (const arm of arms) {
      const failed = arm.runs.reduce((n, r) => n + r.errors + r.non2xx, 0);
      console.log(
        `  --workers ${arm.workers}  ${range(arm.runs.map((r) => r.rps))} req/s, p50 ${range(
          arm.runs.map((r) => r.p50),
          1,
        )} ms, p99 ${range(
          arm.runs.map((r) => r.p99),
          1,
        )} ms${failed ? `, ${failed} errors or non-2xx` : ''}`,
      );
    }
    console.log(
      `  2 workers / 1: ${range(
        arms[1].runs.map((r, k) => r.rps / arms[0].runs[k].rps),
        2,
      )}x per round`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
