// A piscina worker thread does not inherit tsx's loader: register it, then hand piscina the TypeScript handler.
import { register } from 'tsx/esm/api';

register();
const { runHeavyJob } = await import('./heavy-worker.ts');
export default runHeavyJob;
