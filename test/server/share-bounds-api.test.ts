// Shares where values are confidential, as the API and the tiles give them: the estimate from every
// published figure (T - NAT residents are born abroad even when every migrant value is hidden), and the
// bounds the figures allow (`share_bounds`, `share_*_lo`/`_hi` with fields=all).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatGridId } from '../../core/grid/grid-id.ts';
import { runImport } from '../../import/import.ts';
import type { RunningServer } from '../../server/serve.ts';
import { cellId, GRID_HEADER, tempDir, writeCsv } from '../support/helpers.ts';
import { http } from '../support/http-client.ts';
import { startTestServer } from '../support/test-server.ts';
import { laeaToLonLat } from '../../core/grid/projection.ts';
import { latToTileY, lonToTileX } from '../../core/mvt/tile-math.ts';

let running: RunningServer;
let base: string;
const dir = tempDir();

beforeAll(async () => {
  const folder = join(dir, 'uk');
  mkdirSync(folder, { recursive: true });
  writeCsv(
    folder,
    'D4I_UK_grid.csv',
    [...GRID_HEADER, 'NAT_CI', 'EU_OTH_CI', 'OTH_CI'],
    [
      [cellId(0, 0), 'UK', 40, 37, -9999, -9999, '', -9999, -9999], // every migrant value hidden: 3 born abroad
      [cellId(1, 0), 'UK', 7, -9999, 4, -9999, -9999, '', -9999], // NAT and OTH hidden, 1-2 each: 3 persons, 1 or 2 of them born abroad
      [cellId(2, 0), 'UK', 50, 40, 5, 5, '', '', ''], // nothing hidden
    ],
  );
  writeFileSync(join(folder, 'disclosure.json'), JSON.stringify({ suppressed: { UK: [1, 2] } }));
  const out = join(dir, 'uk.d4ipack');
  await runImport({ grid: [folder], out });
  running = await startTestServer(out);
  base = running.url.replace(/\/$/, '');
}, 60_000);
afterAll(() => running?.close());

const cellPath = (x: number) => `/api/cells/${cellId(x, 0)}`;

describe('shares where values are confidential', () => {
  it('/api/cells gives the estimate and the bounds the published figures allow, and no bounds for a known share', async () => {
    const hidden = (await http(`${base}${cellPath(0)}`)).json();
    expect(hidden.share_born_abroad).toBeCloseTo(3 / 40, 4);
    expect(hidden.share_bounds.share_born_abroad).toBeUndefined(); // T - NAT: a point
    // the flagged values are unknown, never 0
    expect(hidden.values).toMatchObject({ T: 40, NAT: 37, EU_OTH: null, OTH: null });
    expect(hidden.confidential).toEqual({ EU_OTH: 1, OTH: 1 });
    const both = (await http(`${base}${cellPath(1)}`)).json();
    // born abroad: 4 + 1 or 2 of 7, 71-86%: too wide to publish, so the share is unknown and the bounds say why
    expect(both.share_born_abroad).toBeNull();
    expect(both.share_bounds.share_born_abroad).toEqual([0.7143, 0.8571]);
    const known = (await http(`${base}${cellPath(2)}`)).json();
    expect(known.share_born_abroad).toBe(0.2);
    expect(known.share_bounds).toEqual({});
  });

  it('/api/summary of a box with only the first cell prints no number for its confidential values', async () => {
    const [w, south] = laeaToLonLat(3_900_010, 3_100_010);
    const [e, north] = laeaToLonLat(3_900_090, 3_100_090);
    const summary = (await http(`${base}/api/summary?bbox=${w},${south},${e},${north}`)).json();
    expect(summary.values).toMatchObject({ T: 40, NAT: 37, EU_OTH: null, OTH: null });
    expect(summary.share_born_abroad).toBeCloseTo(3 / 40, 4);
  });

  it('tiles carry the estimate, and its bounds with fields=all', async () => {
    const [lon, lat] = laeaToLonLat(3_900_050, 3_100_050);
    const [x, y] = [Math.floor(lonToTileX(lon, 14)), Math.floor(latToTileY(lat, 14))];
    const res = await http(`${base}/tiles/grid/14/${x}/${y}.mvt?fields=all`);
    expect(res.status).toBe(200);
    const layer = new VectorTile(new PbfReader(res.body)).layers.grid;
    const byId = new Map<string, Record<string, unknown>>();
    for (let k = 0; k < layer.length; k++) {
      const props = layer.feature(k).properties;
      byId.set(String(props.GRD_ID), props);
    }
    const first = byId.get(formatGridId({ res: 100, e: 3_900_000, n: 3_100_000 }))!;
    expect(first.share_born_abroad).toBeCloseTo(3 / 40, 4);
    expect(first.share_born_abroad_lo).toBeCloseTo(3 / 40, 4);
    expect(first.share_born_abroad_hi).toBeCloseTo(3 / 40, 4);
    expect(first).not.toHaveProperty('EU_OTH'); // confidential: absent, not 0
    expect(first).not.toHaveProperty('OTH');
    expect(first).toMatchObject({ T: 40, NAT: 37, EU_OTH_conf: 1, OTH_conf: 1 });
    const second = byId.get(formatGridId({ res: 100, e: 3_900_100, n: 3_100_000 }))!;
    expect(second.share_born_abroad).toBeUndefined();
    expect([second.share_born_abroad_lo, second.share_born_abroad_hi]).toEqual([0.7143, 0.8571]);
  });
});
