// The properties a grid feature can carry: counts, confidential counts, shares, the grid id. Tiles
// carry a small default set (what the default style and the widget draw); `fields=` asks for others.
import type { ColumnSpec } from '../grid/columns.ts';
import { BASES, BASIS_TOP_GROUPS, CONFIDENTIAL_FIELD, confidentialFieldOf, GROUPS, groupColumns, TOP_LEVEL_SHARES } from '../grid/groups.ts';
import { formatGridId } from '../grid/grid-id.ts';
import type { GridLevel } from '../grid/grid-level.ts';
import { en as ENGLISH } from '../indicators/labels/en.ts';
import { publishedCountReader, shareBoundsReader, unknownReader } from '../indicators/readers.ts';
import { publishedShare } from '../indicators/share-bounds.ts';
import { cellConfidentialRanges, type DisclosureRanges } from '../grid/suppressed-values.ts';
import { parseFieldList } from './tile-source.ts';

export type FieldValue = number | string | undefined;

export interface FieldSpec {
  name: string;
  type: 'Number' | 'String';
  description: string;
  /** for one level: the value of its cell i, undefined when absent (unknown or not applicable) */
  reader(level: GridLevel): (i: number) => FieldValue;
  /**
   * Fields worked out together (a share's estimate and bounds come from one computation): `of` names the
   * group, `values` gives each member's value at cell i at once, so a scan of every cell (tilestats) does
   * the computation once for the group, not once per member
   */
  together?: { of: string; names: string[]; values(level: GridLevel): (i: number, out: (number | undefined)[]) => void };
}

/** What the default style and the widget draw: the birth groups, with their confidential count. */
// NAT_conf: with conf, it tells whether hidden values are born abroad or not, so the born-abroad share of a
// cell whose migrant values alone are hidden is T - NAT on the map as in the API
export const DEFAULT_FIELDS = ['res', 'T', ...BASIS_TOP_GROUPS.birth, CONFIDENTIAL_FIELD.birth, confidentialFieldOf('NAT')];

/** 4 decimals: plenty for a map, and equal values share one entry in the tile's value table. */
const round4 = (v: number | undefined) => (v === undefined ? undefined : Math.round(v * 1e4) / 1e4);

/** Where the pack's countries' rules say what a confidential value can be. */
export interface DisclosureContext extends DisclosureRanges {
  countries: string[];
}

/** A share's bounds at each cell, with the rule of the cell's country (share-bounds.ts). */
function shareBounds(level: GridLevel, part: readonly string[], basis: readonly string[], disclosure: DisclosureContext) {
  return shareBoundsReader(level, part, basis, cellConfidentialRanges(disclosure, disclosure.countries, level.country));
}

/** A share's estimate (published while its interval is at most 5 points) or one of its bounds. */
function share(level: GridLevel, part: readonly string[], basis: readonly string[], disclosure: DisclosureContext, what: 'estimate' | 'lo' | 'hi') {
  const read = shareBounds(level, part, basis, disclosure);
  if (what === 'estimate') return (i: number) => round4(publishedShare(read(i)));
  return (i: number) => round4(read(i)?.[what]);
}

/** The estimate and both bounds of a share, from one computation per cell, written into `out` in `names` order. */
function shareTogether(id: string, part: readonly string[], basis: readonly string[], disclosure: DisclosureContext) {
  return {
    of: id,
    names: [id, `${id}_lo`, `${id}_hi`],
    values: (level: GridLevel) => {
      const read = shareBounds(level, part, basis, disclosure);
      return (i: number, out: (number | undefined)[]) => {
        const bounds = read(i);
        out[0] = round4(publishedShare(bounds));
        out[1] = round4(bounds?.lo);
        out[2] = round4(bounds?.hi);
      };
    },
  };
}

/** Every field a pack with these columns can serve, by name. */
export function availableFields(columns: ColumnSpec[], disclosure: DisclosureContext = { countries: [] }): Map<string, FieldSpec> {
  const names = new Set(columns.map((c) => c.name));
  const fields: FieldSpec[] = [
    { name: 'res', type: 'Number', description: 'cell size in metres (the aggregate level of this zoom)', reader: (level) => () => level.res },
    {
      name: 'GRD_ID',
      type: 'String',
      description: 'EPSG:3035 grid id of the cell (lower-left corner)',
      reader: (level) => (i) => formatGridId({ res: level.res, e: level.x[i] * level.res, n: level.y[i] * level.res }),
    },
  ];
  for (const column of columns) {
    fields.push({
      name: column.name,
      type: 'Number',
      description: `${describeColumn(column)}: sum of the known values beneath (confidential ones excluded; absent when all are confidential)`,
      reader: (level) => publishedCountReader(level, column.name),
    });
    fields.push({
      name: confidentialFieldOf(column.name),
      type: 'Number',
      description: `number of confidential or missing ${column.name} values beneath (absent when none)`,
      reader: (level) => {
        const unknown = level.unknown[column.name];
        return unknown ? (i) => unknown[i] || undefined : () => undefined;
      },
    });
  }
  for (const basis of BASES) {
    const name = CONFIDENTIAL_FIELD[basis];
    const top = BASIS_TOP_GROUPS[basis];
    if (!top.every((c) => names.has(c))) continue;
    fields.push({
      name,
      type: 'Number',
      description:
        `confidential or missing values beneath among ${top.join(', ')} (absent when none); ` +
        `shares of this basis are then estimates, unknown when their bounds are more than 5 points apart`,
      reader: (level) => {
        const unknown = unknownReader(level, top);
        return (i) => unknown(i) || undefined;
      },
    });
  }
  for (const s of TOP_LEVEL_SHARES) {
    const basis = BASIS_TOP_GROUPS[s.basis];
    if (!basis.every((c) => names.has(c))) continue;
    const group = ENGLISH.groups[s.basis][s.group];
    const together = shareTogether(s.id, s.part, basis, disclosure);
    fields.push(
      {
        name: s.id,
        type: 'Number',
        description:
          `${group} / residents with a ${s.basis} category, estimated where values are confidential ` +
          '(0-1; absent when the bounds are more than 5 points apart)',
        reader: (level) => share(level, s.part, basis, disclosure, 'estimate'),
        together,
      },
      {
        name: `${s.id}_lo`,
        type: 'Number',
        description: `lowest ${s.id} the published figures allow (0-1; equal to the share where nothing is confidential)`,
        reader: (level) => share(level, s.part, basis, disclosure, 'lo'),
        together,
      },
      {
        name: `${s.id}_hi`,
        type: 'Number',
        description: `highest ${s.id} the published figures allow (0-1)`,
        reader: (level) => share(level, s.part, basis, disclosure, 'hi'),
        together,
      },
    );
  }
  return new Map(fields.map((f) => [f.name, f]));
}

/** Columns that are not one group of residents. */
const OTHER_COLUMNS: Record<string, string> = { T: 'residents', NAT: 'born in the reporting country', C_NAT: 'nationals' };

function describeColumn(column: ColumnSpec): string {
  if (OTHER_COLUMNS[column.name]) return OTHER_COLUMNS[column.name];
  for (const basis of BASES) {
    const group = GROUPS.find((g) => g !== 'all' && groupColumns(basis, g)[0] === column.name);
    if (group) return ENGLISH.groups[basis][group];
  }
  return column.name;
}

/** The fields a `fields=` value asks for (see parseFieldList); the default set when absent. */
export function selectFields(available: Map<string, FieldSpec>, requested: string | undefined): FieldSpec[] {
  return parseFieldList(requested, [...available.keys()], DEFAULT_FIELDS).map((n) => available.get(n)!);
}
