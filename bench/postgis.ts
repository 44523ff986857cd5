// d4i bench postgis: the same cells, levels, zoom ladder and default properties in a throwaway
// PostgreSQL 15 + PostGIS 3 cluster on 127.0.0.1 (Debian postgresql-15-postgis-3), tiles made the usual
// way (ST_AsMVT(ST_AsMVTGeom(ST_Transform(...))) over GiST-indexed tables), against d4i serve with its
// cache off; tiles/s for the same random tile lists per zoom (PostGIS with pgbench, ours over HTTP
// with gzip, by wrk), the two alternated per zoom. Target: ours >= 3x PostGIS at every zoom from 6 to 14. The cluster is removed after.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASIS_TOP_GROUPS } from '../core/grid/groups.ts';
import { levelForZoom } from '../core/grid/levels.ts';
import { levelAt, loadPack, type GridPack } from '../core/pack/pack.ts';
import { startServeChild, stopChild, untilStartedUp } from './support/child.ts';
import { wrkRunner } from './support/wrk.ts';
import { range } from './support/stats.ts';
import { PREBUILT_MAX_ZOOM } from '../server/prebuilt-tiles.ts';
import { availableFields, selectFields } from '../core/mvt/fields.ts';
import { sampleTiles } from './support/sample-tiles.ts';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const ZOOMS = [6, 7, 8, 9, 10, 11, 12, 13, 14];

export interface BenchPostgisOptions {
  pack: string;
  tiles: number;
  seconds: number;
  clients: number;
  /** d4i server processes (node:cluster), as PostGIS runs one backend per client */
  workers: number;
  /** alternated rounds per zoom (at least 2) */
  rounds: number;
}

/** Run a command as the postgres OS user (PostgreSQL refuses to run as root). */
function asPostgres(command: string, args: string[], input?: string): string {
  const isRoot = process.getuid?.() === 0;
  const result = spawnSync(isRoot ? 'runuser' : command, isRoot ? ['-u', 'postgres', '--', command, ...args] : args, {
    encoding: 'utf8',
    input,
    maxBuffer: 1 << 26,
  });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  return result.stdout;
}

class Cluster {
  readonly dir: string;
  readonly port = 54000 + Math.floor(Math.random() * 1000);
  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'd4i-pg-'));
    chmodSync(this.dir, 0o777);
    spawnSync('chown', ['postgres', this.dir]);
    asPostgres(`${PG_BIN}/initdb`, ['-D', join(this.dir, 'data'), '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
    asPostgres(`${PG_BIN}/pg_ctl`, [
      '-D',
      join(this.dir, 'data'),
      '-w',
      '-l',
      join(this.dir, 'log'),
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c work_mem=64MB ` +
        `-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=4GB -c jit=off`,
      'start',
    ]);
  }
  psql(sql: string): string {
    return asPostgres('psql', ['-h', this.dir, '-p', String(this.port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', sql]);
  }
  /** COPY rows from a generator into a table, streaming through psql's stdin. */
  async copy(table: string, columns: string[], rows: Iterable<string>): Promise<void> {
    const isRoot = process.getuid?.() === 0;
    const args = [
      '-h',
      this.dir,
      '-p',
      String(this.port),
      '-U',
      'postgres',
      '-v',
      'ON_ERROR_STOP=1',
      '-qc',
      `COPY ${table} (${columns.join(',')}) FROM STDIN WITH (FORMAT csv)`,
    ];
    const child = spawn(isRoot ? 'runuser' : 'psql', isRoot ? ['-u', 'postgres', '--', 'psql', ...args] : args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const done = new Promise<void>((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`COPY ${table}: ${stderr}`)))));
    let batch = '';
    for (const row of rows) {
      batch += row;
      if (batch.length > 1 << 20) {
        if (!child.stdin.write(batch)) await new Promise((r) => child.stdin.once('drain', r));
        batch = '';
      }
    }
    child.stdin.end(batch);
    await done;
  }
  stop(): void {
    try {
      asPostgres(`${PG_BIN}/pg_ctl`, ['-D', join(this.dir, 'data'), '-m', 'fast', 'stop']);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

/** Cells of a level as CSV rows: the same default properties as d4i's tiles. */
function* levelRows(pack: GridPack, res: number): Generator<string> {
  const level = levelAt(pack, res)!;
  const { NAT, EU_OTH, OTH, T } = level.values;
  const unknown = BASIS_TOP_GROUPS.birth.map((c) => level.unknown[c]).filter(Boolean);
  for (let i = 0; i < level.count; i++) {
    let conf = 0;
    for (const u of unknown) conf += u![i];
    yield `${level.x[i]},${level.y[i]},${T[i]},${NAT[i]},${EU_OTH[i]},${OTH[i]},${conf || ''}\n`;
  }
}

function tileFunctionSql(resolutions: Map<number, number>): string {
  const branches = [...resolutions.entries()]
    .map(
      ([z, res]) => `  IF z = ${z} THEN
    SELECT ST_AsMVT(t, 'grid', 4096, 'geom', 'id') INTO mvt FROM (
      SELECT c.id, ${res} AS res, c."T", c."NAT", c."EU_OTH", c."OTH", c.conf,
             ST_AsMVTGeom(ST_Transform(c.geom, 3857), bounds, 4096, 64, true) AS geom
      FROM cells_${res} c
      WHERE c.geom && ST_Transform(bounds, 3035)
    ) t WHERE t.geom IS NOT NULL;
    RETURN mvt;
  END IF;`,
    )
    .join('\n');
  return `CREATE OR REPLACE FUNCTION d4i_tile(z integer, x integer, y integer) RETURNS bytea AS $$
DECLARE
  bounds geometry := ST_TileEnvelope(z, x, y, margin => 64.0 / 4096);
  mvt bytea;
BEGIN
${branches}
  RETURN NULL;
END
$$ LANGUAGE plpgsql STABLE PARALLEL SAFE;`;
}

function pgbench(cluster: Cluster, zoom: number, count: number, seconds: number, clients: number, dir: string): number {
  const script = join(dir, `tiles-${zoom}.sql`);
  writeFileSync(script, `\\set n random(1, ${count})\nSELECT d4i_tile(z, x, y) FROM bench_tiles WHERE z = ${zoom} AND n = :n;\n`);
  chmodSync(script, 0o644);
  const out = asPostgres(`${PG_BIN}/pgbench`, [
    '-h',
    cluster.dir,
    '-p',
    String(cluster.port),
    '-U',
    'postgres',
    '-n',
    '-c',
    String(clients),
    '-j',
    String(clients),
    '-T',
    String(seconds),
    '-f',
    script,
    'postgres',
  ]);
  return Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? 0);
}

export async function benchPostgis(options: BenchPostgisOptions): Promise<void> {
  if (!existsSync(`${PG_BIN}/initdb`) || !existsSync(`${PG_BIN}/pgbench`)) {
    console.error('bench postgis needs PostgreSQL 15 + PostGIS 3: apt-get install -y postgresql-15-postgis-3');
    process.exitCode = 1;
    return;
  }
  const pack = loadPack(options.pack);
  const built = pack.levels.map((l) => l.res);
  const resolutions = new Map(ZOOMS.map((z) => [z, levelForZoom(z, built)]));
  const lists = new Map(ZOOMS.map((z) => [z, sampleTiles(pack, z, options.tiles)]));
  const work = mkdtempSync(join(tmpdir(), 'd4i-bench-pg-'));
  chmodSync(work, 0o755);
  const cluster = new Cluster();
  try {
    cluster.psql('CREATE EXTENSION postgis;');
    for (const res of new Set(resolutions.values())) {
      const started = performance.now();
      cluster.psql(`CREATE UNLOGGED TABLE cells_${res} (x integer, y integer, "T" integer, "NAT" integer, "EU_OTH" integer, "OTH" integer, conf integer);`);
      await cluster.copy(`cells_${res}`, ['x', 'y', '"T"', '"NAT"', '"EU_OTH"', '"OTH"', 'conf'], levelRows(pack, res));
      // the same feature id packing as d4i's tiles; the square in EPSG:3035, GiST-indexed
      const ladderIndex = [100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000].indexOf(res);
      cluster.psql(`ALTER TABLE cells_${res} ADD COLUMN id bigint, ADD COLUMN geom geometry(Polygon, 3035);
        UPDATE cells_${res} SET id = ${ladderIndex}::bigint * 281474976710656 + y::bigint * 16777216 + x,
          geom = ST_MakeEnvelope(x * ${res}, y * ${res}, (x + 1) * ${res}, (y + 1) * ${res}, 3035);
        CREATE INDEX ON cells_${res} USING gist (geom);`);
      cluster.psql(`VACUUM ANALYZE cells_${res};`);
      console.log(
        `postgis: loaded ${levelAt(pack, res)!.count.toLocaleString('en')} cells of ${res} m in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    cluster.psql(tileFunctionSql(resolutions));
    cluster.psql('CREATE TABLE bench_tiles (z integer, n integer, x integer, y integer);');
    await cluster.copy(
      'bench_tiles',
      ['z', 'n', 'x', 'y'],
      [...lists.entries()].flatMap(([z, list]) => list.map(([, x, y], k) => `${z},${k + 1},${x},${y}\n`)),
    );

    const server = await startServeChild(options.pack, { CACHE_MB: '0', LOG_LEVEL: 'info' }, ['--workers', String(options.workers)]);
    // z0-z9 are prebuilt by d4i after start: wait for them, and also measure those zooms cut on demand
    // (the default fields spelled out in fields=, which bypasses the prebuilt tiles: the same tile content)
    await untilStartedUp(server.url, options.workers);
    const defaults = selectFields(availableFields(pack.columns), undefined)
      .map((f) => f.name)
      .join(',');
    const rounds = Math.max(2, options.rounds);
    try {
      console.log(
        `\nzoom  res      tiles  PostGIS tiles/s  d4i tiles/s      ratio        ` +
          `(${options.clients} clients, ${options.seconds} s per run, ${rounds} rounds alternated; PostGIS: pgbench, no HTTP; ` +
          `d4i: ${options.workers} worker${options.workers > 1 ? 's' : ''}, wrk over HTTP, gzip, cache off)`,
      );
      for (const z of ZOOMS) {
        const list = lists.get(z)!;
        const arms: { label: string; query: string }[] = [{ label: z <= PREBUILT_MAX_ZOOM ? 'prebuilt' : '', query: '' }];
        if (z <= PREBUILT_MAX_ZOOM) arms.push({ label: 'cut on demand', query: `&fields=${encodeURIComponent(defaults)}` });
        for (const arm of arms) {
          const wrk = wrkRunner(
            work,
            list.map(([, x, y]) => `/tiles/grid/${z}/${x}/${y}.mvt?v=${pack.dataVersion}${arm.query}`),
          );
          pgbench(cluster, z, list.length, 2, options.clients, work); // warm
          await wrk(server.url, 2, options.clients);
          const pg: number[] = [];
          const ours: number[] = [];
          for (let round = 0; round < rounds; round++) {
            // A B, then B A: drift on the machine falls on both
            const runPg = () => pg.push(pgbench(cluster, z, list.length, options.seconds, options.clients, work));
            const runOurs = async () => ours.push((await wrk(server.url, options.seconds, options.clients)).rps);
            if (round % 2) {
              await runOurs();
              runPg();
            } else {
              runPg();
              await runOurs();
            }
          }
          const ratios = ours.map((r, k) => r / pg[k]);
          console.log(
            `z${String(z).padEnd(4)}${String(resolutions.get(z)).padEnd(9)}${String(list.length).padEnd(7)}${range(pg, 1).padStart(15)} ` +
              ` ${range(ours, 0).padStart(15)}  ${range(ratios, 1)}x${arm.label ? `  (d4i ${arm.label})` : ''}`,
          );
        }
      }
    } finally {
      await stopChild(server);
    }
  } finally {
    cluster.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
