// Tile sources behind one interface (as Martin does it): an id, TileJSON, getTile(z, x, y) and a
// version that flows into URLs and ETags. The HTTP layer knows nothing of where tiles come from; each
// source is a file of its own (grid-source.ts, lau-source.ts, base-source.ts).
import { UserError } from '../errors.ts';

/** What TileJSON 3.0.0 allows as a field's type: GDAL's MVT driver types a field only when it reads exactly one of these. */
export type FieldType = 'Number' | 'String' | 'Boolean';

export interface VectorLayer {
  id: string;
  description: string;
  minzoom: number;
  maxzoom: number;
  fields: Record<string, FieldType>;
  /** d4i extension: what each field holds */
  fields_description?: Record<string, string>;
}

/** A layer in the tilestats extension (the mapbox-geostats layout GDAL and tippecanoe read). */
export interface LayerStats {
  layer: string;
  count: number;
  geometry: 'Polygon' | 'LineString' | 'Point';
  attributeCount: number;
  attributes: { attribute: string; type: 'number' | 'string' | 'boolean'; min?: number; max?: number }[];
}

/** Fields written as {name: "Number: what it is"}, as TileJSON wants them: the type, and the description apart. */
export function describedFields(described: Record<string, string>): Pick<VectorLayer, 'fields' | 'fields_description'> {
  const fields: Record<string, FieldType> = {};
  const descriptions: Record<string, string> = {};
  for (const [name, text] of Object.entries(described)) {
    const at = text.indexOf(':');
    const type = (at < 0 ? text : text.slice(0, at)).trim() as FieldType;
    fields[name] = type;
    if (at >= 0) descriptions[name] = text.slice(at + 1).trim();
  }
  return { fields, fields_description: descriptions };
}

/** TileJSON's `version` must be semver: ours, with the data version as build metadata, so it still changes with the data. */
export const tileJsonVersion = (dataVersion: string) => `1.0.0+${dataVersion}`;

/** A lon/lat box rounded outward to a thousandth of a degree. */
export const roundedOutward = ([w, s, e, n]: [number, number, number, number]): [number, number, number, number] => [
  Math.floor(w * 1000) / 1000,
  Math.floor(s * 1000) / 1000,
  Math.ceil(e * 1000) / 1000,
  Math.ceil(n * 1000) / 1000,
];

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
  /** TileJSON with tile URLs under `tilesUrl` (absolute, ending in /tiles/{id}); its layers list the fields the options ask for */
  tileJson(tilesUrl: string, options?: TileRequestOptions): TileJson;
  /**
   * Raw (uncompressed) MVT bytes, or undefined for an empty tile; throws TileRequestError on bad options.
   * A source may make them in another thread and answer a promise (the server's LAU tiles).
   */
  getTile(z: number, x: number, y: number, options?: TileRequestOptions): Uint8Array | undefined | Promise<Uint8Array | undefined>;
  /** throws TileRequestError when the options are not valid for this source (no tile is made) */
  checkOptions(options: TileRequestOptions): void;
  /** for a source prepared in another thread: resolves once tileJson() can answer */
  readonly ready?: Promise<void>;
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
