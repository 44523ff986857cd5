// A piscina worker thread does not inherit tsx's loader: register it, then hand piscina the TypeScript handler.
import { register } from 'tsx/esm/api';

register();
const { baseTileJob } = await import('./base-tile-worker.ts');
export default baseTileJob;
