// The grid's style for QGIS (3.22 and later) as a QML file of its vector tile renderer: one style per
// class and one for unknown values, with the same classes, colours and coverage rule as the web map.
// QGIS's MapLibre style converter skips our data-driven fill-color expression, so GIS users load this.
import { BASIS_TOP_GROUPS, CONFIDENTIAL_FIELD, type GroupBasis } from '../grid/groups.ts';
import { MIN_KNOWN_COVERAGE } from '../indicators/readers.ts';
import type { IndicatorInfo } from './map-style.ts';
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

function fillStyle(name: string, expression: string, colour: string): string {
  return `      <style name="${xml(name)}" layer="grid" geometry="2" enabled="1" min-zoom="-1" max-zoom="-1" expression="${xml(expression)}">
        <symbols>
          <symbol type="fill" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
            <layer class="SimpleFill" enabled="1" pass="0" locked="0">
              <prop k="color" v="${rgba(colour)}"/>
              <prop k="style" v="solid"/>
              <prop k="outline_style" v="no"/>
            </layer>
          </symbol>
        </symbols>
      </style>`;
}

/** The QML document: apply it to a vector tile layer of /tiles/grid/{z}/{x}/{y}.mvt. */
export function qgisGridStyle(o: QgisStyleOptions): string {
  const value = qgisValueExpression(o.indicator);
  const unknown = qgisUnknownExpression(o.indicator);
  const known = unknown ? `NOT ${unknown} AND ` : '';
  const styles = o.colours.map((colour, k) => {
    const lower = k === 0 ? '' : ` AND ${value} >= ${o.breaks[k - 1]}`;
    const upper = k === o.breaks.length ? '' : ` AND ${value} < ${o.breaks[k]}`;
    return fillStyle(o.labels[k], `${known}${field('T')} IS NOT NULL${lower}${upper}`, colour);
  });
  if (unknown) styles.push(fillStyle(o.noDataLabel, unknown, NO_DATA_COLOUR));
  return `<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.0" styleCategories="AllStyleCategories" hasScaleBasedVisibilityFlag="0" minScale="1e+08" maxScale="0">
  <renderer type="basic">
    <styles>
${styles.join('\n')}
    </styles>
  </renderer>
  <layerOpacity>${o.opacity}</layerOpacity>
  <blendMode>0</blendMode>
</qgis>
`;
}
