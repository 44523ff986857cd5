// The `lau` tile source: LAU polygons with their counts, shares and the small-town flag, sliced and
// simplified per zoom by geojson-vt. One index per 1-degree region of a country, built on the first tile
// that needs it, so memory grows with what is viewed and no request waits long for an index.
import type { Feature, FeatureCollection, MultiPolygon } from 'geojson';
import GeoJSONVT, { type LegacyFeature } from 'geojson-vt';
import { fromGeojsonVt } from 'vt-pbf';
import { BASIS_TOP_GROUPS, SHARE_BORN_ABROAD, TOP_LEVEL_SHARES } from '../grid/groups.ts';
import { type LauFacts, lauCountColumns, SMALL_TOWN_RULE } from '../lau/lau-facts.ts';
import { lauCentre, lauCoordinates } from '../pack/lau-table.ts';
import { LAU_DETAIL_MINZOOM } from '../grid/levels.ts';
import { type CacheArea, MemoryBudget } from '../memory-budget.ts';
import { SMALL_TOWN_LAYER } from './layers.ts';
import {
  describedFields,
  type LayerStats,
  parseFieldList,
  roundedOutward,
  type TileJson,
  type TileRequestOptions,
  type TileSource,
  tileJsonVersion,
} from './tile-source.ts';
import { latToTileY, lonToTileX, TILE_BUFFER, TILE_EXTENT, tileBoundsLonLat } from './tile-math.ts';

export const LAU_MAX_ZOOM = 14;
/** Indicators carried on LAU features (the rest are in /api/laus). */
export const LAU_TILE_INDICATORS = [...TOP_LEVEL_SHARES.map((s) => s.id), 'density'];
/** What a LAU tile carries unless `lau_fields=` asks for more (`all`, or a list). */
export const DEFAULT_LAU_FIELDS = ['GISCO_ID', 'LAU_NAME', 'T', SHARE_BORN_ABROAD, 'small_town_high_share'];

/** Budget of LAU indexes when no shared one is given (the server gives its own). */
const DEFAULT_INDEX_BUDGET = 256_000_000;
/** Heap per tile an index holds: 167 region indexes of France, 6,943 tiles, took 203 MB (europe pack). */
const INDEX_BYTES_PER_TILE = 29_000;

/** Tiles a geojson-vt index holds (its pyramid to indexMaxZoom, and every tile cut below since). */
const indexTiles = (index: GeoJSONVT) => (index as unknown as { total: number }).total;
const indexBytes = (index: GeoJSONVT) => indexTiles(index) * INDEX_BYTES_PER_TILE;

interface LauGroup {
  key: string;
  /** lon/lat box of its LAUs' boundaries */
  bbox: [number, number, number, number];
  laus: number[];
}

/** LAUs (those passing `keep`) grouped by key, each group with the box of its members. */
function groupLaus(bbox: Float64Array, laus: number[], keyOf: (i: number) => string, keep: (i: number) => boolean = () => true): LauGroup[] {
  const groups = new Map<string, LauGroup>();
  for (const i of laus) {
    if (!keep(i)) continue;
    const key = keyOf(i);
    let group = groups.get(key);
    if (!group) {
      group = { key, bbox: [Infinity, Infinity, -Infinity, -Infinity], laus: [] };
      groups.set(key, group);
    }
    group.laus.push(i);
    group.bbox[0] = Math.min(group.bbox[0], bbox[i * 4]);
    group.bbox[1] = Math.min(group.bbox[1], bbox[i * 4 + 1]);
    group.bbox[2] = Math.max(group.bbox[2], bbox[i * 4 + 2]);
    group.bbox[3] = Math.max(group.bbox[3], bbox[i * 4 + 3]);
  }
  return [...groups.values()];
}

export class LauSource implements TileSource {
  readonly id = 'lau';
  readonly description = 'Local Administrative Units with their residents, shares born abroad and the small-town flag';
  readonly minzoom = 0;
  readonly maxzoom = LAU_MAX_ZOOM;
  readonly parameters: readonly string[] = ['lau_fields'];
  readonly version: string;
  /** LAUs grouped by country (small-town indexes, low zooms) and by 1-degree region (detail indexes) */
  private readonly countries: LauGroup[];
  private readonly regions: LauGroup[];
  /** one geojson-vt index per group, built on the first tile that needs it, kept while the budget allows */
  private readonly indexes: CacheArea<GeoJSONVT>;
  private readonly fieldNames: string[];

  constructor(
    readonly facts: LauFacts,
    budget: MemoryBudget = new MemoryBudget(DEFAULT_INDEX_BUDGET),
  ) {
    this.indexes = budget.area<GeoJSONVT>('lau-index', (index) => indexBytes(index));
    this.version = facts.pack.dataVersion;
    this.fieldNames = Object.keys(this.fieldDescriptions());
    const laus = facts.pack.laus;
    const mapped: number[] = [];
    for (let i = 0; i < laus.count; i++) if (!Number.isNaN(laus.bbox[i * 4])) mapped.push(i); // units-table LAUs have no geometry
    this.countries = groupLaus(
      laus.bbox,
      mapped,
      (i) => `${laus.country[i]}/small`,
      (i) => facts.smallTown[i] === 1,
    );
    // regions keep each index small: France's 36,936 communes in one index took 1.15 s to build, a
    // stall for every request on this process; a 1-degree region of them takes tens of milliseconds
    this.regions = groupLaus(laus.bbox, mapped, (i) => {
      const [lon, lat] = lauCentre(laus.bbox, i);
      return `${laus.country[i]}:${Math.floor(lon)}:${Math.floor(lat)}`;
    });
  }

  /** Properties of LAU i as tiles carry them (unknown shares are absent). */
  properties(i: number): Record<string, string | number | boolean> {
    const { pack, values, smallTown } = this.facts;
    const laus = pack.laus;
    const props: Record<string, string | number | boolean> = {
      GISCO_ID: laus.giscoId[i],
      LAU_ID: laus.id[i],
      LAU_NAME: laus.name[i],
      CNTR_CODE: laus.country[i],
    };
    for (const column of lauCountColumns(pack)) props[column] = laus.values[column][i];
    let conf = 0;
    for (const column of BASIS_TOP_GROUPS.birth) conf += laus.unknown[column]?.[i] ?? 0;
    if (conf) props.conf = conf;
    for (const id of LAU_TILE_INDICATORS) {
      const v = values.get(id)?.[i];
      if (v !== undefined && !Number.isNaN(v)) props[id] = v;
    }
    props.small_town_high_share = smallTown[i] === 1;
    return props;
  }

  private index(group: LauGroup): GeoJSONVT {
    // keyed by data version too: the budget is shared with the pack a reload replaces
    const key = `${this.version}|${group.key}`;
    let index = this.indexes.get(key);
    if (!index) {
      const features: Feature<MultiPolygon>[] = group.laus.map((i) => ({
        type: 'Feature',
        id: i,
        geometry: { type: 'MultiPolygon', coordinates: lauCoordinates(this.facts.pack.laus.geometry, i) },
        properties: this.properties(i),
      }));
      const collection: FeatureCollection = { type: 'FeatureCollection', features };
      index = new GeoJSONVT(collection, { maxZoom: LAU_MAX_ZOOM, indexMaxZoom: 5, tolerance: 3, extent: TILE_EXTENT, buffer: TILE_BUFFER });
      this.indexes.set(key, index);
    }
    return index;
  }

  /** A tile of a group's index; the index grows by the tiles it cuts, so its size is counted again. */
  private indexTile(group: LauGroup, z: number, x: number, y: number) {
    const index = this.index(group);
    const before = indexTiles(index);
    const tile = index.getTile(z, x, y);
    if (indexTiles(index) !== before) this.indexes.set(`${this.version}|${group.key}`, index);
    return tile;
  }

  /** The properties to send: the default set, `all`, or a checked list. */
  private selectFields(requested: string | undefined): Set<string> {
    return new Set(parseFieldList(requested, this.fieldNames, DEFAULT_LAU_FIELDS, 'LAU field'));
  }

  checkOptions(options: TileRequestOptions): void {
    this.selectFields(options.lauFields);
  }

  getTile(z: number, x: number, y: number, options: TileRequestOptions = {}): Uint8Array | undefined {
    const fields = this.selectFields(options.lauFields);
    const [w, s, e, n] = tileBoundsLonLat(z, x, y);
    const pad = ((e - w) * TILE_BUFFER) / TILE_EXTENT;
    const features: LegacyFeature[] = [];
    for (const group of z < LAU_DETAIL_MINZOOM ? this.countries : this.regions) {
      const [gw, gs, ge, gn] = group.bbox;
      if (gw > e + pad || ge < w - pad || gs > n + pad || gn < s - pad) continue;
      const tile = this.indexTile(group, z, x, y);
      if (!tile) continue;
      for (const f of tile.features) {
        const tags: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(f.tags ?? {})) if (fields.has(k)) tags[k] = v;
        features.push({ ...f, tags });
      }
    }
    const points = this.smallTownPoints(z, x, y);
    if (features.length === 0 && points.length === 0) return undefined;
    const layers: Record<string, { features: LegacyFeature[] }> = {};
    if (features.length) layers.lau = { features };
    if (points.length) layers[SMALL_TOWN_LAYER] = { features: points };
    return fromGeojsonVt(layers as never, { version: 2, extent: TILE_EXTENT });
  }

  /**
   * The small towns of the D4I finding as points (at their box centre) inside the tile: at country zoom a
   * town is a few pixels wide, so maps mark it with a symbol.
   */
  private smallTownPoints(z: number, x: number, y: number): LegacyFeature[] {
    const laus = this.facts.pack.laus;
    const [w, s, e, n] = tileBoundsLonLat(z, x, y);
    const points: LegacyFeature[] = [];
    for (const group of this.countries) {
      const [gw, gs, ge, gn] = group.bbox;
      if (gw > e || ge < w || gs > n || gn < s) continue;
      for (const i of group.laus) {
        const [lon, lat] = lauCentre(laus.bbox, i);
        if (lon < w || lon >= e || lat <= s || lat > n) continue;
        const px = Math.round((lonToTileX(lon, z) - x) * TILE_EXTENT);
        const py = Math.round((latToTileY(lat, z) - y) * TILE_EXTENT);
        const tags = {
          GISCO_ID: laus.giscoId[i],
          LAU_NAME: laus.name[i],
          T: laus.values.T?.[i] ?? 0,
          [SHARE_BORN_ABROAD]: this.facts.values.get(SHARE_BORN_ABROAD)?.[i],
        };
        if (tags[SHARE_BORN_ABROAD] === undefined || Number.isNaN(tags[SHARE_BORN_ABROAD])) delete tags[SHARE_BORN_ABROAD];
        points.push({ type: 1, id: i, geometry: [[px, py]], tags } as unknown as LegacyFeature);
      }
    }
    return points;
  }

  /** Every property a LAU feature can carry, described (TileJSON `fields`; `lau_fields=` chooses). */
  private fieldDescriptions(): Record<string, string> {
    const counts = lauCountColumns(this.facts.pack);
    return {
      GISCO_ID: 'String: GISCO id (country code + national code)',
      LAU_ID: 'String: national LAU code',
      LAU_NAME: 'String: name',
      CNTR_CODE: 'String: country',
      ...Object.fromEntries(counts.map((c) => [c, `Number: ${c} summed over the LAU's cells (known values)`])),
      conf: `Number: confidential values beneath among ${BASIS_TOP_GROUPS.birth.join(', ')} (absent when none; shares then absent)`,
      ...Object.fromEntries(
        this.facts.indicators.filter((ind) => LAU_TILE_INDICATORS.includes(ind.id)).map((ind) => [ind.id, `Number: ${ind.labels.en} (${ind.unit.en})`]),
      ),
      small_town_high_share: `Boolean: ${SMALL_TOWN_RULE.text}`,
    };
  }

  tileJson(tilesUrl: string, options: TileRequestOptions = {}): TileJson {
    const laus = this.facts.pack.laus;
    const selected = this.selectFields(options.lauFields);
    const described = Object.fromEntries(Object.entries(this.fieldDescriptions()).filter(([name]) => selected.has(name)));
    // bounds from the LAUs' boundaries (rounded outward), else the grid's box
    const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    let mapped = 0;
    for (let i = 0; i < laus.count; i++) {
      if (Number.isNaN(laus.bbox[i * 4])) continue;
      mapped++;
      for (let k = 0; k < 2; k++) box[k] = Math.min(box[k], laus.bbox[i * 4 + k]);
      for (let k = 2; k < 4; k++) box[k] = Math.max(box[k], laus.bbox[i * 4 + k]);
    }
    const bounds = mapped ? roundedOutward(box) : this.facts.pack.bounds.lonLat;
    const [w, s, e, n] = bounds;
    const attributes = Object.keys(described).map((name) => this.attributeStats(name, described[name]));
    return {
      tilejson: '3.0.0',
      name: 'd4i LAUs',
      description: this.description,
      version: tileJsonVersion(this.version),
      data_version: this.version,
      attribution: this.facts.pack.source.attribution,
      scheme: 'xyz',
      tiles: [`${tilesUrl}/{z}/{x}/{y}.mvt?v=${this.version}`],
      minzoom: this.minzoom,
      maxzoom: this.maxzoom,
      bounds,
      center: [(w + e) / 2, (s + n) / 2, 6],
      vector_layers: [
        {
          id: 'lau',
          description:
            `one (multi)polygon per LAU, simplified per zoom (below z${LAU_DETAIL_MINZOOM}: the small towns only); feature id ` +
            `= LAU index in the pack; properties ${DEFAULT_LAU_FIELDS.join(', ')} unless lau_fields= asks for others (or all)`,
          minzoom: this.minzoom,
          maxzoom: this.maxzoom,
          ...describedFields(described),
        },
        {
          id: SMALL_TOWN_LAYER,
          description: `the small towns of the D4I finding as points at the centre of their box: ${SMALL_TOWN_RULE.text}`,
          minzoom: this.minzoom,
          maxzoom: this.maxzoom,
          fields: { GISCO_ID: 'String', LAU_NAME: 'String', T: 'Number', [SHARE_BORN_ABROAD]: 'Number' },
        },
      ],
      tilestats: {
        layerCount: 2,
        layers: [
          { layer: 'lau', count: mapped, geometry: 'Polygon', attributeCount: attributes.length, attributes },
          {
            layer: SMALL_TOWN_LAYER,
            count: this.countries.reduce((sum, g) => sum + g.laus.length, 0),
            geometry: 'Point',
            attributeCount: 4,
            attributes: ['GISCO_ID', 'LAU_NAME', 'T', SHARE_BORN_ABROAD].map((name) => ({
              attribute: name,
              type: name === 'T' || name === SHARE_BORN_ABROAD ? 'number' : 'string',
            })),
          },
        ],
      },
    };
  }

  /** The tilestats entry of a LAU property: its type, and its range for numbers. */
  private attributeStats(name: string, described: string): LayerStats['attributes'][number] {
    if (described.startsWith('Boolean')) return { attribute: name, type: 'boolean' };
    if (!described.startsWith('Number')) return { attribute: name, type: 'string' };
    const laus = this.facts.pack.laus;
    // counts from the LAU table, indicators from the facts (conf is summed per tile: no range here)
    const values = laus.values[name] ?? this.facts.values.get(name);
    if (!values) return { attribute: name, type: 'number' };
    let [min, max] = [Infinity, -Infinity];
    for (let i = 0; i < laus.count; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return Number.isFinite(min) ? { attribute: name, type: 'number', min, max } : { attribute: name, type: 'number' };
  }
}
