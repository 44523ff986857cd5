// A piscina worker thread does not inherit tsx's loader: register it, then hand piscina the TypeScript handler.
import { register } from 'tsx/esm/api';

register();
const { lauTile } = await import('./lau-tile-worker.ts');
export default lauTile;
