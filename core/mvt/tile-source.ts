// Tile sources behind one interface (as Martin does it): an id, TileJSON, getTile(z, x, y) and a
// version that flows into URLs and ETags. The HTTP layer knows nothing of where tiles come from; each
// source is a file of its own (grid-source.ts, lau-source.ts, base-source.ts).
import { UserError } from '../errors.ts';

export interface VectorLayer {
  id: string;
  description: string;
  minzoom: number;
  maxzoom: number;
  fields: Record<string, string>;
}

export interface TileJson {
  tilejson: '3.0.0';
  name: string;
  description: string;
  version: string;
  attribution: string;
  scheme: 'xyz';
  tiles: string[];
  minzoom: number;
  maxzoom: number;
  bounds: [number, number, number, number];
  center: [number, number, number];
  vector_layers: VectorLayer[];
  [extension: string]: unknown;
}

export interface TileRequestOptions {
  /** the `fields=` parameter (grid source) */
  fields?: string;
  /** the `lau_fields=` parameter (lau source) */
  lauFields?: string;
}

export interface TileSource {
  readonly id: string;
  readonly description: string;
  /** changes whenever the tiles change: goes into tile URLs (?v=) and ETags */
  readonly version: string;
  readonly minzoom: number;
  readonly maxzoom: number;
  /** query parameters this source understands (others are refused) */
  readonly parameters: readonly string[];
  /** TileJSON with tile URLs under `tilesUrl` (absolute, ending in /tiles/{id}) */
  tileJson(tilesUrl: string): TileJson;
  /** raw (uncompressed) MVT bytes, or undefined for an empty tile; throws TileRequestError on bad options */
  getTile(z: number, x: number, y: number, options?: TileRequestOptions): Uint8Array | undefined;
  /** throws TileRequestError when the options are not valid for this source (no tile is made) */
  checkOptions(options: TileRequestOptions): void;
}

export class TileRequestError extends UserError {}

/**
 * The properties a `fields=` (or `lau_fields=`) value asks for: "all", or names separated by commas;
 * undefined or empty gives the source's default set. Unknown names are a TileRequestError.
 */
export function parseFieldList(requested: string | undefined, available: readonly string[], defaults: readonly string[], what = 'field'): string[] {
  if (requested === undefined || requested === '') return defaults.filter((n) => available.includes(n));
  if (requested === 'all') return [...available];
  const names = requested.split(',').map((n) => n.trim());
  const unknown = names.filter((n) => !available.includes(n));
  if (unknown.length) throw new TileRequestError(`unknown ${what} ${unknown.map((n) => `"${n}"`).join(', ')}; available: ${available.join(', ')}, or "all"`);
  return [...new Set(names)];
}
