// GDAL 3.6 (Debian's gdal-bin) reads our tiles as a GIS user's tool would: typed fields (TileJSON
// "Number"/"String"/"Boolean"), polygons, numeric columns in a GeoPackage, values equal to the API's.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latToTileY, lonToTileX } from '../../core/mvt/tile-math.ts';
import type { RunningServer } from '../../server/serve.ts';
import { buildTinyPack, tempDir } from '../support/helpers.ts';
import { http } from '../support/http-client.ts';
import { startTestServer } from '../support/test-server.ts';

const HAS_GDAL = spawnSync('ogrinfo', ['--version']).status === 0;
if (!HAS_GDAL) console.log('no ogrinfo: apt-get install -y gdal-bin (GDAL tests skipped)');

let running: RunningServer;
let base: string;
let tile: string;
const dir = tempDir();

// asynchronous: the server answering GDAL runs in this process
const run = promisify(execFile);
const ogrinfo = async (...args: string[]) => (await run('ogrinfo', ['-ro', ...args], { encoding: 'utf8', maxBuffer: 64 << 20 })).stdout;
/** "name: Type" lines of an `ogrinfo -so` summary. */
const fieldTypes = (summary: string) => Object.fromEntries([...summary.matchAll(/^(\w+): (\w+(?:\(\w+\))?) \(/gm)].map((m) => [m[1], m[2]]));

beforeAll(async () => {
  if (!HAS_GDAL) return;
  const pack = await buildTinyPack(dir, 1);
  running = await startTestServer(pack);
  base = running.url.replace(/\/$/, '');
  const z = 13;
  tile = `${z}/${Math.floor(lonToTileX(6.17, z))}/${Math.floor(latToTileY(51.37, z))}`;
}, 60_000);
afterAll(() => running?.close());

describe.skipIf(!HAS_GDAL)('GDAL reads the tiles', () => {
  it('types every field of a tile and of the tileset, and sees polygons', { timeout: 60_000 }, async () => {
    for (const summary of [
      await ogrinfo('-al', '-so', `MVT:/vsicurl/${base}/tiles/grid/${tile}.mvt`),
      await ogrinfo('-al', '-so', '-oo', 'TILE_EXTENSION=mvt', `MVT:${base}/tiles/grid/10`),
    ]) {
      expect(summary).toMatch(/Geometry: (Multi )?Polygon/);
      const types = fieldTypes(summary);
      for (const name of ['res', 'T', 'NAT', 'EU_OTH', 'OTH', 'conf']) expect(types[name], name).toMatch(/^(Integer|Real|Integer64)$/);
    }
    // every field with fields=all (the metadata of the same field set), shares as Real, the id as String
    const all = fieldTypes(
      await ogrinfo('-al', '-so', '-oo', `METADATA_FILE=${base}/tiles/grid/metadata.json?fields=all`, `MVT:/vsicurl/${base}/tiles/grid/${tile}.mvt?fields=all`),
    );
    expect(all.share_born_abroad).toBe('Real');
    expect(all.share_foreign_citizens).toBe('Real');
    expect(all.GRD_ID).toBe('String');
    // the LAU flag is a boolean
    const lau = fieldTypes(await ogrinfo('-al', '-so', `MVT:/vsicurl/${base}/tiles/lau/${tile}.mvt`));
    expect(lau.small_town_high_share).toBe('Integer(Boolean)');
    expect(lau.T).toMatch(/^(Integer|Real)$/);
  });

  it('converts to a GeoPackage with numeric columns whose values equal /api/cells', { timeout: 60_000 }, async () => {
    const gpkg = join(dir, 'grid.gpkg');
    await run('ogr2ogr', [
      '-f',
      'GPKG',
      gpkg,
      '-oo',
      `METADATA_FILE=${base}/tiles/grid/metadata.json?fields=all`,
      `MVT:/vsicurl/${base}/tiles/grid/${tile}.mvt?fields=all`,
    ]);
    const summary = await ogrinfo('-so', gpkg, 'grid');
    expect(summary).toMatch(/Geometry: (Multi )?Polygon/);
    const types = fieldTypes(summary);
    expect(types.T).toMatch(/^(Integer|Real|Integer64)$/);
    expect(types.share_born_abroad).toBe('Real');
    // a few features: their counts are the cell's counts
    const features = (await ogrinfo('-al', '-q', '-fid', '1', gpkg)) + (await ogrinfo('-al', '-q', '-fid', '7', gpkg));
    const ids = [...features.matchAll(/GRD_ID \(String\) = (\S+)/g)].map((m) => m[1]);
    const counts = [...features.matchAll(/^ {2}T \(\w+\) = ([\d.]+)/gm)].map((m) => Number(m[1]));
    expect(ids).toHaveLength(2);
    for (const [k, id] of ids.entries()) {
      const cell = (await http(`${base}/api/cells/${id}`)).json();
      expect(counts[k], id).toBe(cell.values.T);
    }
  });
});
