// The `grid` tile source: the cells of a pack at the aggregate level chosen for each zoom, sliced and
// encoded straight from the pack's typed arrays.
import { resolutionLabel } from '../grid/grid-id.ts';
import type { GridLevel } from '../grid/grid-level.ts';
import { GRID_MAX_ZOOM, levelForZoom, ZOOM_LADDER } from '../grid/levels.ts';
import { laeaToLonLat } from '../grid/projection.ts';
import { levelAt, type GridPack } from '../pack/pack.ts';
import { encodeGridLayer } from './encode.ts';
import { availableFields, type FieldSpec, selectFields } from './fields.ts';
import { sliceTile } from './slice.ts';
import { describedFields, type LayerStats, roundedOutward, type TileJson, type TileRequestOptions, type TileSource, tileJsonVersion } from './tile-source.ts';

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
    this.fields = availableFields(pack.columns, pack);
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

  tileJson(tilesUrl: string, options: TileRequestOptions = {}): TileJson {
    const selected = selectFields(this.fields, options.fields);
    const { bounds, center } = this.extent();
    return {
      tilejson: '3.0.0',
      name: 'd4i grid',
      description: this.description,
      version: tileJsonVersion(this.version),
      data_version: this.version,
      attribution: this.pack.source.attribution,
      scheme: 'xyz',
      tiles: [`${tilesUrl}/{z}/{x}/{y}.mvt?v=${this.version}`],
      minzoom: this.minzoom,
      maxzoom: this.maxzoom,
      bounds,
      center,
      vector_layers: [
        {
          id: 'grid',
          description: 'one polygon per populated cell (its EPSG:3035 square); feature id = ladder index * 2^48 + y * 2^24 + x',
          minzoom: this.minzoom,
          maxzoom: this.maxzoom,
          ...describedFields(Object.fromEntries(selected.map((f) => [f.name, `${f.type}: ${f.description}`]))),
        },
      ],
      tilestats: { layerCount: 1, layers: [this.stats(selected)] },
      // where each zoom's cells come from (d4i extension): clients show "100 m cells" etc.
      levels: ZOOM_LADDER.map((_, z) => ({ zoom: z, res: this.resolutionAt(z), label: resolutionLabel(this.resolutionAt(z)) })),
      default_fields: selectFields(this.fields, undefined).map((f) => f.name),
      available_fields: [...this.fields.keys()],
      synthetic: this.pack.source.synthetic,
    };
  }

  private extentCache?: { bounds: [number, number, number, number]; center: [number, number, number] };

  /**
   * Bounds from the populated cells (the corners of the 10 km cells, rounded outward), not from the EPSG:3035
   * rectangle, whose WGS84 box reaches into the ocean; the centre on the most populous 10 km cell, at z9.
   */
  private extent(): { bounds: [number, number, number, number]; center: [number, number, number] } {
    if (this.extentCache) return this.extentCache;
    const level = this.pack.levels.find((l) => l.res >= 10_000) ?? this.pack.levels.at(-1)!;
    const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    const p = [0, 0];
    const T = level.values.T;
    let top = 0;
    for (let i = 0; i < level.count; i++) {
      if (T && T[i] > T[top]) top = i;
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ]) {
        laeaToLonLat((level.x[i] + dx) * level.res, (level.y[i] + dy) * level.res, p);
        box[0] = Math.min(box[0], p[0]);
        box[1] = Math.min(box[1], p[1]);
        box[2] = Math.max(box[2], p[0]);
        box[3] = Math.max(box[3], p[1]);
      }
    }
    const [lon, lat] = laeaToLonLat((level.x[top] + 0.5) * level.res, (level.y[top] + 0.5) * level.res);
    this.extentCache = { bounds: roundedOutward(box), center: [Math.round(lon * 1e4) / 1e4, Math.round(lat * 1e4) / 1e4, 9] };
    return this.extentCache;
  }

  /** [min, max] of each numeric field over the finest and the coarsest level (null: no value), once computed */
  private readonly ranges = new Map<string, [number, number] | null>();

  /**
   * The ranges of every numeric field: a scan of every cell per field (seconds on the europe pack), so the
   * server computes them in a worker thread and hands them over with useAttributeRanges.
   */
  attributeRanges(): Record<string, [number, number] | null> {
    const out: Record<string, [number, number] | null> = {};
    for (const field of this.fields.values()) if (field.type === 'Number') out[field.name] = this.range(field);
    return out;
  }

  useAttributeRanges(ranges: Record<string, [number, number] | null>): void {
    for (const [name, range] of Object.entries(ranges)) this.ranges.set(name, range);
  }

  private range(field: FieldSpec): [number, number] | null {
    if (!this.ranges.has(field.name)) {
      if (field.together) this.scanTogether(field.together);
      else this.ranges.set(field.name, this.scan(field.reader));
    }
    return this.ranges.get(field.name)!;
  }

  /** The two levels a range is taken over. */
  private get rangeLevels(): GridLevel[] {
    return [this.pack.levels[0], this.pack.levels.at(-1)!];
  }

  private scan(reader: FieldSpec['reader']): [number, number] | null {
    let [min, max] = [Infinity, -Infinity];
    for (const level of this.rangeLevels) {
      const read = reader(level);
      for (let i = 0; i < level.count; i++) {
        const v = read(i);
        if (typeof v !== 'number') continue;
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
    // kept per field, not per field list: the scans are bounded by the number of fields, whatever clients ask
    return Number.isFinite(min) ? [min, max] : null;
  }

  /** Every member of a group of fields computed together, in one scan (a share's estimate and bounds: 3x fewer). */
  private scanTogether(together: NonNullable<FieldSpec['together']>): void {
    const n = together.names.length;
    const min = new Array<number>(n).fill(Infinity);
    const max = new Array<number>(n).fill(-Infinity);
    const out = new Array<number | undefined>(n);
    for (const level of this.rangeLevels) {
      const read = together.values(level);
      for (let i = 0; i < level.count; i++) {
        read(i, out);
        for (let k = 0; k < n; k++) {
          const v = out[k];
          if (v === undefined) continue;
          if (v < min[k]) min[k] = v;
          if (v > max[k]) max[k] = v;
        }
      }
    }
    together.names.forEach((name, k) => {
      this.ranges.set(name, Number.isFinite(min[k]) ? [min[k], max[k]] : null);
    });
  }

  /** tilestats of the grid layer for these fields: numeric ranges over the finest and the coarsest level. */
  private stats(fields: FieldSpec[]): LayerStats {
    const attributes = fields.map((f) => {
      if (f.type !== 'Number') return { attribute: f.name, type: 'string' as const };
      const range = this.range(f);
      return range ? { attribute: f.name, type: 'number' as const, min: range[0], max: range[1] } : { attribute: f.name, type: 'number' as const };
    });
    return { layer: 'grid', count: this.pack.levels[0].count, geometry: 'Polygon', attributeCount: attributes.length, attributes };
  }
}
