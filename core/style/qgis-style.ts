// The styles for QGIS (3.22 and later) as QML files of its vector tile renderer: one style per class and
// one for unknown values, with the same classes, colours and coverage rule as the web map; for the LAUs,
// the small towns outlined and marked as the web map does. QGIS's MapLibre style converter skips our
// data-driven fill-color expression, so GIS users load these.
import { BASIS_TOP_GROUPS, CONFIDENTIAL_FIELD, type GroupBasis } from '../grid/groups.ts';
import { MIN_KNOWN_COVERAGE } from '../indicators/readers.ts';
import { SMALL_TOWN_LAYER } from '../mvt/layers.ts';
import { HIGHLIGHT_CASING, HIGHLIGHT_COLOUR, type IndicatorInfo, SMALL_TOWN_MARKER_MAXZOOM } from './map-style.ts';
import { NO_DATA_COLOUR } from './palettes.ts';

export interface QgisStyleOptions {
  indicator: IndicatorInfo;
  breaks: number[];
  colours: string[];
  /** class and no-data names shown in QGIS's layer panel */
  labels: string[];
  noDataLabel: string;
  opacity: number;
}

const field = (name: string) => `"${name}"`;
const sum = (columns: readonly string[]) => `(${columns.map((c) => `coalesce(${field(c)}, 0)`).join(' + ')})`;

/** The QGIS expression of the indicator's value for a grid feature (as core/style/map-style.ts valueExpression). */
export function qgisValueExpression(indicator: IndicatorInfo): string {
  if (indicator.kind === 'density') return `${field('T')} / ((${field('res')} / 1000) ^ 2)`;
  if (indicator.kind === 'count') return sum(indicator.numerator);
  const basis = BASIS_TOP_GROUPS[indicator.basis as GroupBasis];
  return `${sum(indicator.numerator)} / max(1, ${sum(basis)})`;
}

/** True where the value is unknown under the coverage rule (as map-style.ts unknownExpression). */
export function qgisUnknownExpression(indicator: IndicatorInfo): string | undefined {
  if (indicator.basis === 'total') return undefined;
  const basis = indicator.basis as GroupBasis;
  return `(${field(CONFIDENTIAL_FIELD[basis])} IS NOT NULL AND ${field('T')} - ${sum(BASIS_TOP_GROUPS[basis])} > ${1 - MIN_KNOWN_COVERAGE} * ${field('T')})`;
}

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const rgba = (hex: string, alpha = 255) => `${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(',')},${alpha}`;

interface StyleRule {
  name: string;
  layer: string;
  /** QGIS geometry type: 0 point, 1 line, 2 polygon */
  geometry: 0 | 1 | 2;
  expression: string;
  symbol: string;
  maxZoom?: number;
}

function styleRule(r: StyleRule): string {
  const zooms = `min-zoom="-1" max-zoom="${r.maxZoom ?? -1}"`;
  return `      <style name="${xml(r.name)}" layer="${r.layer}" geometry="${r.geometry}" enabled="1" ${zooms} expression="${xml(r.expression)}">
        <symbols>
${r.symbol}
        </symbols>
      </style>`;
}

/** A symbol layer's properties as QML writes them. */
const props = (entries: Record<string, string | number>) =>
  Object.entries(entries)
    .map(([k, v]) => `<prop k="${k}" v="${v}"/>`)
    .join('');

/** A fill, solid or empty, with an outline in millimetres or none. */
function fillSymbol(colour: string | undefined, outline?: { colour: string; alpha?: number; width: number }): string {
  const fill: Record<string, string> = colour ? { color: rgba(colour), style: 'solid' } : { style: 'no' };
  const line: Record<string, string | number> = outline
    ? { outline_color: rgba(outline.colour, outline.alpha), outline_style: 'solid', outline_width: outline.width, outline_width_unit: 'MM' }
    : { outline_style: 'no' };
  return `          <symbol type="fill" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
            <layer class="SimpleFill" enabled="1" pass="0" locked="0">${props({ ...fill, ...line })}</layer>
          </symbol>`;
}

/** The small-town dot: black on a white casing, as the web map's marker. */
function markerSymbol(): string {
  const marker = {
    name: 'circle',
    color: rgba(HIGHLIGHT_COLOUR),
    outline_color: rgba(HIGHLIGHT_CASING),
    outline_style: 'solid',
    outline_width: 0.4,
    outline_width_unit: 'MM',
    size: 2.2,
    size_unit: 'MM',
  };
  return `          <symbol type="marker" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
            <layer class="SimpleMarker" enabled="1" pass="0" locked="0">${props(marker)}</layer>
          </symbol>`;
}

function qmlDocument(rules: StyleRule[], opacity: number): string {
  return `<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.0" styleCategories="AllStyleCategories" hasScaleBasedVisibilityFlag="0" minScale="1e+08" maxScale="0">
  <renderer type="basic">
    <styles>
${rules.map(styleRule).join('\n')}
    </styles>
  </renderer>
  <layerOpacity>${opacity}</layerOpacity>
  <blendMode>0</blendMode>
</qgis>
`;
}

/** The expression of each class k of `breaks` over `value`, after `known`. */
function classExpressions(value: string, breaks: number[], known: string): string[] {
  return Array.from({ length: breaks.length + 1 }, (_, k) => {
    const lower = k === 0 ? '' : ` AND ${value} >= ${breaks[k - 1]}`;
    const upper = k === breaks.length ? '' : ` AND ${value} < ${breaks[k]}`;
    return `${known}${lower}${upper}`;
  });
}

/** The grid's QML: apply it to a vector tile layer of /tiles/grid/{z}/{x}/{y}.mvt. */
export function qgisGridStyle(o: QgisStyleOptions): string {
  const value = qgisValueExpression(o.indicator);
  const unknown = qgisUnknownExpression(o.indicator);
  const known = `${unknown ? `NOT ${unknown} AND ` : ''}${field('T')} IS NOT NULL`;
  const fill = (name: string, expression: string, colour: string): StyleRule => ({ name, layer: 'grid', geometry: 2, expression, symbol: fillSymbol(colour) });
  const rules = classExpressions(value, o.breaks, known).map((expression, k) => fill(o.labels[k], expression, o.colours[k]));
  if (unknown) rules.push(fill(o.noDataLabel, unknown, NO_DATA_COLOUR));
  return qmlDocument(rules, o.opacity);
}

/** The LAUs' QML: apply it to a vector tile layer of /tiles/lau/{z}/{x}/{y}.mvt (the indicator must be a field of its tiles). */
export function qgisLauStyle(o: QgisStyleOptions & { smallTownLabel: string }): string {
  const value = field(o.indicator.id);
  const outline = { colour: '#333333', alpha: 115, width: 0.15 };
  const fill = (name: string, expression: string, colour: string): StyleRule => ({
    name,
    layer: 'lau',
    geometry: 2,
    expression,
    symbol: fillSymbol(colour, outline),
  });
  const rules = classExpressions(value, o.breaks, `${value} IS NOT NULL`).map((expression, k) => fill(o.labels[k], expression, o.colours[k]));
  rules.push(fill(o.noDataLabel, `${value} IS NULL`, NO_DATA_COLOUR));
  // drawn last, over the classes: the small towns' outline, and a dot where a town is only pixels wide
  const town = `${field('small_town_high_share')} = true`;
  rules.push({ name: o.smallTownLabel, layer: 'lau', geometry: 2, expression: town, symbol: fillSymbol(undefined, { colour: HIGHLIGHT_COLOUR, width: 0.6 }) });
  rules.push({ name: o.smallTownLabel, layer: SMALL_TOWN_LAYER, geometry: 0, expression: '', symbol: markerSymbol(), maxZoom: SMALL_TOWN_MARKER_MAXZOOM - 1 });
  return qmlDocument(rules, o.opacity);
}
