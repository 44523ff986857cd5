// The LAU tile thread: LAU tiles are cut from geojson-vt indexes per region, and building one takes tens
// of milliseconds, so they are built here, beside the pack in shared memory, and never on the main thread.
import { MemoryBudget } from '../core/memory-budget.ts';
import { LauSource } from '../core/mvt/lau-source.ts';
import { packThreadFacts } from './pack-threads.ts';

const { facts, options } = packThreadFacts();
const budget = new MemoryBudget(options.budgetBytes as number);
const source = new LauSource(facts, budget);

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
