// The LAU tile thread: LAU tiles are cut from geojson-vt indexes per region, and building one takes tens
// of milliseconds, so they are built here, beside the pack in shared memory, and never on the main thread.
import { workerData } from 'piscina';
import { buildLauFacts } from '../core/lau/lau-facts.ts';
import { MemoryBudget } from '../core/memory-budget.ts';
import { LauSource } from '../core/mvt/lau-source.ts';
import { packFromBytes } from '../core/pack/pack.ts';

const { bytes, name, budgetBytes } = workerData as { bytes: Uint8Array; name: string; budgetBytes: number };
const budget = new MemoryBudget(budgetBytes);
// the main thread checked these very bytes when it loaded them
const source = new LauSource(buildLauFacts(packFromBytes(bytes, name, { bodyChecked: true })), budget);

export interface LauTileJob {
  z: number;
  x: number;
  y: number;
  lauFields?: string;
}

/** The tile's bytes (undefined when empty) and the bytes the indexes now hold. */
export function lauTile({ z, x, y, lauFields }: LauTileJob): { tile: Uint8Array | undefined; indexBytes: number } {
  const tile = source.getTile(z, x, y, { lauFields });
  return { tile, indexBytes: budget.used };
}
