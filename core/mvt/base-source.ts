// The `base` tile source: an offline basemap under the grid. Layers `land` (country polygons),
// `boundary` (borders between countries), `coastline` and `place` (labelled points, each with the
// first zoom it shows at). Polygons and lines are sliced by geojson-vt; places are few enough per tile
// to pick by zoom and box directly.
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import GeoJSONVT from 'geojson-vt';
import { fromGeojsonVt } from 'vt-pbf';
import { describedFields, type LayerStats, type TileJson, type TileSource, tileJsonVersion } from './tile-source.ts';
import { lonToTileX, latToTileY, TILE_BUFFER, TILE_EXTENT } from './tile-math.ts';

export interface PlaceLabel {
  name: string;
  country: string;
  lon: number;
  lat: number;
  population: number;
}

export interface BasemapData {
  /** country polygons with `name` */
  land: Feature[];
  boundary: Feature[];
  coastline: Feature[];
  places: PlaceLabel[];
  attribution: string;
}

export const BASE_MAX_ZOOM = 14;

/** First zoom a place label shows at, by population (MapLibre also drops labels that collide). */
export function placeMinZoom(population: number): number {
  if (population >= 1_000_000) return 4;
  if (population >= 300_000) return 5;
  if (population >= 100_000) return 6;
  if (population >= 50_000) return 7;
  if (population >= 20_000) return 8;
  if (population >= 10_000) return 9;
  if (population >= 5_000) return 10;
  return 11;
}

export const BASE_DESCRIPTION = 'offline basemap: land, country borders, coastline and place labels';

export class BaseSource implements TileSource {
  readonly id = 'base';
  readonly description = BASE_DESCRIPTION;
  readonly minzoom = 0;
  readonly maxzoom = BASE_MAX_ZOOM;
  readonly parameters: readonly string[] = [];
  /** fixed content from npm packages: changes only with this program */
  readonly version: string;
  /** geojson-vt indexes of the line and polygon layers, built on the first tile (~0.4 s, off start-up) */
  private indexes?: Map<string, GeoJSONVT>;
  /** places sorted by min zoom then population (descending) */
  private readonly places: (PlaceLabel & { minzoom: number })[];

  constructor(
    private readonly data: BasemapData,
    version: string,
  ) {
    this.version = version;
    this.places = data.places.map((p) => ({ ...p, minzoom: placeMinZoom(p.population) })).sort((a, b) => a.minzoom - b.minzoom || b.population - a.population);
  }

  private layerIndexes(): Map<string, GeoJSONVT> {
    if (!this.indexes) {
      const options = { maxZoom: BASE_MAX_ZOOM, indexMaxZoom: 4, tolerance: 3, extent: TILE_EXTENT, buffer: TILE_BUFFER };
      const collection = (features: Feature[]): FeatureCollection<Geometry> => ({ type: 'FeatureCollection', features });
      this.indexes = new Map([
        ['land', new GeoJSONVT(collection(this.data.land), options)],
        ['boundary', new GeoJSONVT(collection(this.data.boundary), options)],
        ['coastline', new GeoJSONVT(collection(this.data.coastline), options)],
      ]);
    }
    return this.indexes;
  }

  checkOptions(): void {
    // no options
  }

  getTile(z: number, x: number, y: number): Uint8Array | undefined {
    const layers: Record<string, { features: unknown[] }> = {};
    for (const [name, index] of this.layerIndexes()) {
      const tile = index.getTile(z, x, y);
      if (tile?.features.length) layers[name] = tile;
    }
    const places = this.placeFeatures(z, x, y);
    if (places.length) layers.place = { features: places };
    if (Object.keys(layers).length === 0) return undefined;
    return fromGeojsonVt(layers as never, { version: 2, extent: TILE_EXTENT });
  }

  /** Places shown at z inside the tile (no buffer: a label belongs to one tile), as geojson-vt features. */
  private placeFeatures(z: number, x: number, y: number): unknown[] {
    const out = [];
    for (const p of this.places) {
      if (p.minzoom > z) break;
      const px = (lonToTileX(p.lon, z) - x) * TILE_EXTENT;
      const py = (latToTileY(p.lat, z) - y) * TILE_EXTENT;
      if (px < 0 || px >= TILE_EXTENT || py < 0 || py >= TILE_EXTENT) continue;
      out.push({
        type: 1,
        geometry: [[Math.round(px), Math.round(py)]],
        tags: { name: p.name, country: p.country, population: p.population, minzoom: p.minzoom },
      });
    }
    return out;
  }

  /** What TileJSON says of the content: feature counts and the places' population range. */
  summary(): BaseSummary {
    const populations = this.places.map((p) => p.population);
    return {
      counts: { land: this.data.land.length, boundary: this.data.boundary.length, coastline: this.data.coastline.length, place: this.places.length },
      population: [Math.min(...populations), Math.max(...populations)],
      attribution: this.data.attribution,
    };
  }

  tileJson(tilesUrl: string): TileJson {
    return baseTileJson(this, this.summary(), tilesUrl);
  }
}

/** What the basemap's TileJSON needs to know of its content (a thread that holds it can send this). */
export interface BaseSummary {
  counts: { land: number; boundary: number; coastline: number; place: number };
  /** smallest and largest population of the places */
  population: [number, number];
  attribution: string;
}

/** The basemap's TileJSON. */
export function baseTileJson(source: Pick<TileSource, 'description' | 'version' | 'minzoom' | 'maxzoom'>, summary: BaseSummary, tilesUrl: string): TileJson {
  const layer = (id: string, description: string, minzoom: number, described: Record<string, string>) => ({
    id,
    description,
    minzoom,
    maxzoom: source.maxzoom,
    ...describedFields(described),
  });
  const { counts } = summary;
  const stats = (name: keyof typeof counts, geometry: LayerStats['geometry'], attributes: LayerStats['attributes']): LayerStats => ({
    layer: name,
    count: counts[name],
    geometry,
    attributeCount: attributes.length,
    attributes,
  });
  return {
    tilejson: '3.0.0',
    name: 'd4i base',
    description: source.description,
    version: tileJsonVersion(source.version),
    data_version: source.version,
    attribution: summary.attribution,
    scheme: 'xyz',
    tiles: [`${tilesUrl}/{z}/{x}/{y}.mvt?v=${source.version}`],
    minzoom: source.minzoom,
    maxzoom: source.maxzoom,
    // the window the basemap is cut to (geodata/basemap.ts)
    bounds: [-32, 26, 48, 72],
    center: [5, 50, 4],
    vector_layers: [
      layer('land', 'country polygons', 0, { name: 'String: country name (English)' }),
      layer('boundary', 'borders between countries', 0, {}),
      layer('coastline', 'coastlines', 0, {}),
      layer('place', 'populated places of the D4I countries (GeoNames)', 4, {
        name: 'String: name',
        country: 'String: country code',
        population: 'Number: GeoNames population',
        minzoom: 'Number: first zoom it is shown at',
      }),
    ],
    tilestats: {
      layerCount: 4,
      layers: [
        stats('land', 'Polygon', [{ attribute: 'name', type: 'string' }]),
        stats('boundary', 'LineString', []),
        stats('coastline', 'LineString', []),
        stats('place', 'Point', [
          { attribute: 'name', type: 'string' },
          { attribute: 'country', type: 'string' },
          {
            attribute: 'population',
            type: 'number',
            min: summary.population[0],
            max: summary.population[1],
          },
          { attribute: 'minzoom', type: 'number', min: 4, max: source.maxzoom },
        ]),
      ],
    },
  };
}
