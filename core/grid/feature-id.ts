// The MVT feature id of a grid cell: ladder index * 2^48 + y * 2^24 + x (grid coordinates of its level;
// all below 2^53, so exact in a JavaScript number). The widget decodes it to name the cell.
import { LADDER } from './levels.ts';

const LEVEL_FACTOR = 2 ** 48;
const ROW_FACTOR = 2 ** 24;

export function featureId(res: number, x: number, y: number): number {
  return (LADDER as readonly number[]).indexOf(res) * LEVEL_FACTOR + y * ROW_FACTOR + x;
}

/** The inverse of featureId: the level's resolution and the cell's grid coordinates. */
export function parseFeatureId(id: number): { res: number; x: number; y: number } {
  const level = Math.floor(id / LEVEL_FACTOR);
  const rest = id - level * LEVEL_FACTOR;
  return { res: LADDER[level], y: Math.floor(rest / ROW_FACTOR), x: rest % ROW_FACTOR };
}
