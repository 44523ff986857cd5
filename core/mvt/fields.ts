// The properties a grid feature can carry: counts, confidential counts, shares, the grid id. Tiles
// carry a small default set (what the default style and the widget draw); `fields=` asks for others.
import type { ColumnSpec } from '../grid/columns.ts';
import { BASES, BASIS_TOP_GROUPS, CONFIDENTIAL_FIELD, GROUPS, groupColumns, TOP_LEVEL_SHARES } from '../grid/groups.ts';
import { formatGridId } from '../grid/grid-id.ts';
import type { GridLevel } from '../grid/grid-level.ts';
import { en as ENGLISH } from '../indicators/labels/en.ts';
import { shareReader, unknownReader } from '../indicators/readers.ts';
import { parseFieldList } from './tile-source.ts';

export type FieldValue = number | string | undefined;

export interface FieldSpec {
  name: string;
  type: 'Number' | 'String';
  description: string;
  /** for one level: the value of its cell i, undefined when absent (unknown or not applicable) */
  reader(level: GridLevel): (i: number) => FieldValue;
}

/** What the default style and the widget draw: the birth groups, with their confidential count. */
export const DEFAULT_FIELDS = ['res', 'T', ...BASIS_TOP_GROUPS.birth, CONFIDENTIAL_FIELD.birth];

/** Share over known categories, with the coverage rule; 4 decimals: plenty for a map, and equal values share one entry in the tile's value table. */
function share(level: GridLevel, part: readonly string[], basis: readonly string[]): (i: number) => number | undefined {
  const read = shareReader(level, part, basis);
  return (i) => {
    const v = read(i);
    return v === undefined ? undefined : Math.round(v * 1e4) / 1e4;
  };
}

/** Every field a pack with these columns can serve, by name. */
export function availableFields(columns: ColumnSpec[]): Map<string, FieldSpec> {
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
      description: `${describeColumn(column)}: sum of the known values beneath (confidential ones excluded)`,
      reader: (level) => {
        const values = level.values[column.name];
        return (i) => values[i];
      },
    });
    fields.push({
      name: `${column.name}_conf`,
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
        `shares of this basis are then unknown if more than 5% of T have no known category`,
      reader: (level) => {
        const unknown = unknownReader(level, top);
        return (i) => unknown(i) || undefined;
      },
    });
  }
  for (const s of TOP_LEVEL_SHARES) {
    const basis = BASIS_TOP_GROUPS[s.basis];
    if (!basis.every((c) => names.has(c))) continue;
    fields.push({
      name: s.id,
      type: 'Number',
      description: `${ENGLISH.groups[s.basis][s.group]} / known ${s.basis} categories (0-1; absent when more than 5% of T have no known category)`,
      reader: (level) => share(level, s.part, basis),
    });
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
