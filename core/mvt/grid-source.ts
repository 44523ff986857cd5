// The `grid` tile source: the cells of a pack at the aggregate level chosen for each zoom, sliced and
// encoded straight from the pack's typed arrays.
import { resolutionLabel } from '../grid/grid-id.ts';
import { GRID_MAX_ZOOM, levelForZoom, ZOOM_LADDER } from '../grid/levels.ts';
import { levelAt, type GridPack } from '../pack/pack.ts';
import { encodeGridLayer } from './encode.ts';
import { availableFields, type FieldSpec, selectFields } from './fields.ts';
import { sliceTile } from './slice.ts';
import type { TileJson, TileRequestOptions, TileSource } from './tile-source.ts';

/** The population grid of a pack: cells of the aggregate level chosen for each zoom. */
export class GridSource implements TileSource {
  readonly id = 'grid';
  readonly description = 'residents by country of birth and citizenship on the EPSG:3035 grid, aggregated per zoom';
  readonly minzoom = 0;
  readonly maxzoom = GRID_MAX_ZOOM;
  readonly parameters = ['fields'];
  readonly version: string;
  private readonly fields: Map<string, FieldSpec>;
  private readonly built: number[];

  constructor(readonly pack: GridPack) {
    this.version = pack.dataVersion;
    this.fields = availableFields(pack.columns);
    this.built = pack.levels.map((l) => l.res);
  }

  /** The level drawn at zoom z. */
  resolutionAt(z: number): number {
    return levelForZoom(z, this.built);
  }

  checkOptions(options: TileRequestOptions): void {
    selectFields(this.fields, options.fields);
  }

  getTile(z: number, x: number, y: number, options: TileRequestOptions = {}): Uint8Array | undefined {
    const fields = selectFields(this.fields, options.fields);
    const level = levelAt(this.pack, this.resolutionAt(z))!;
    return encodeGridLayer(level, sliceTile(level, z, x, y), fields);
  }

  tileJson(tilesUrl: string): TileJson {
    const [w, s, e, n] = this.pack.bounds.lonLat;
    return {
      tilejson: '3.0.0',
      name: 'd4i grid',
      description: this.description,
      version: this.version,
      attribution: this.pack.source.attribution,
      scheme: 'xyz',
      tiles: [`${tilesUrl}/{z}/{x}/{y}.mvt?v=${this.version}`],
      minzoom: this.minzoom,
      maxzoom: this.maxzoom,
      bounds: [w, s, e, n],
      center: [(w + e) / 2, (s + n) / 2, Math.max(3, Math.min(10, Math.round(Math.log2(360 / Math.max(e - w, 1e-6))) + 1))],
      vector_layers: [
        {
          id: 'grid',
          description: 'one polygon per populated cell (its EPSG:3035 square); feature id = ladder index * 2^48 + y * 2^24 + x',
          minzoom: this.minzoom,
          maxzoom: this.maxzoom,
          fields: Object.fromEntries([...this.fields.values()].map((f) => [f.name, `${f.type}: ${f.description}`])),
        },
      ],
      // where each zoom's cells come from (d4i extension): clients show "100 m cells" etc.
      levels: ZOOM_LADDER.map((_, z) => ({ zoom: z, res: this.resolutionAt(z), label: resolutionLabel(this.resolutionAt(z)) })),
      default_fields: selectFields(this.fields, undefined).map((f) => f.name),
      synthetic: this.pack.source.synthetic,
    };
  }
}
