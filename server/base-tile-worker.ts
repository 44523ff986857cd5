// The basemap thread: Natural Earth's polygons and lines cut with geojson-vt and the GeoNames places hold
// ~100 MB of JavaScript objects, and indexing them takes ~0.4 s; here they stay off the main thread's heap
// (whose size every young-generation collection pays for) and off its event loop.
import type { BaseSummary } from '../core/mvt/base-source.ts';
import { sharedBaseSource } from '../geodata/basemap.ts';

export type BaseTileJob = { kind: 'tile'; z: number; x: number; y: number } | { kind: 'summary' };

export function baseTileJob(job: BaseTileJob): Uint8Array | undefined | BaseSummary {
  const source = sharedBaseSource();
  return job.kind === 'summary' ? source.summary() : source.getTile(job.z, job.x, job.y);
}
