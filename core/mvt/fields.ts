// The properties a grid feature can carry: counts, confidential counts, shares, the grid id. Tiles
// carry a small default set (what the default style and the widget draw); `fields=` asks for others.
import { UserError } from '../errors.ts';
import { type ColumnSpec, BASIS_TOP_GROUPS } from '../grid/columns.ts';
import { formatGridId } from '../grid/grid-id.ts';
import type { GridLevel } from '../grid/grid-level.ts';
import { shareReader, unknownReader } from '../indicators/catalogue.ts';

export type FieldValue = number | string | undefined;

export interface FieldSpec {
  name: string;
  type: 'Number' | 'String';
  description: string;
  /** for one level: the value of its cell i, undefined when absent (unknown or not applicable) */
  reader(level: GridLevel): (i: number) => FieldValue;
}

export const DEFAULT_FIELDS = ['res', 'T', 'NAT', 'EU_OTH', 'OTH', 'conf'] as const;

/** Share over known categories, with the coverage rule; 4 decimals: plenty for a map, and equal values share one entry in the tile's value table. */
function share(level: GridLevel, part: readonly string[], basis: readonly string[]): (i: number) => number | undefined {
  const read = shareReader(level, part, basis);
  return (i) => {
    const v = read(i);
    return v === undefined ? undefined : Math.round(v * 1e4) / 1e4;
  };
}

const SHARES: { name: string; part: readonly string[]; basis: 'birth' | 'citizenship'; description: string }[] = [
  { name: 'share_born_abroad', part: ['EU_OTH', 'OTH'], basis: 'birth', description: 'born abroad / known birth categories' },
  { name: 'share_born_eu', part: ['EU_OTH'], basis: 'birth', description: 'born in another EU state / known birth categories' },
  { name: 'share_born_non_eu', part: ['OTH'], basis: 'birth', description: 'born outside the EU / known birth categories' },
  { name: 'share_foreign_citizens', part: ['C_EU_OTH', 'C_OTH'], basis: 'citizenship', description: 'foreign citizens / known citizenship categories' },
  { name: 'share_eu_citizens', part: ['C_EU_OTH'], basis: 'citizenship', description: 'citizens of another EU state / known citizenship categories' },
  { name: 'share_non_eu_citizens', part: ['C_OTH'], basis: 'citizenship', description: 'non-EU citizens / known citizenship categories' },
];

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
  for (const [name, basis] of [
    ['conf', 'birth'],
    ['conf_c', 'citizenship'],
  ] as const) {
    const top = BASIS_TOP_GROUPS[basis];
    if (!top.every((c) => names.has(c))) continue;
    fields.push({
      name,
      type: 'Number',
      description: `confidential or missing values beneath among ${top.join(', ')} (absent when none); shares of this basis are then unknown if more than 5% of T have no known category`,
      reader: (level) => {
        const unknown = unknownReader(level, top);
        return (i) => unknown(i) || undefined;
      },
    });
  }
  for (const s of SHARES) {
    const basis = BASIS_TOP_GROUPS[s.basis];
    if (!basis.every((c) => names.has(c))) continue;
    fields.push({
      name: s.name,
      type: 'Number',
      description: `${s.description} (0-1; absent when more than 5% of T have no known category)`,
      reader: (level) => share(level, s.part, basis),
    });
  }
  return new Map(fields.map((f) => [f.name, f]));
}

function describeColumn(column: ColumnSpec): string {
  const known: Record<string, string> = {
    T: 'residents',
    NAT: 'born in the reporting country',
    EU_OTH: 'born in another EU state',
    OTH: 'born outside the EU',
    C_NAT: 'nationals',
    C_EU_OTH: 'citizens of another EU state',
    C_OTH: 'non-EU citizens',
  };
  const continent: Record<string, string> = { EUR: 'non-EU Europe', AFR: 'Africa', ASI: 'Asia', AME: 'the Americas', OCE: 'Oceania' };
  const match = /^(C_)?OTH_([A-Z]+)$/.exec(column.name);
  if (known[column.name]) return known[column.name];
  if (match && continent[match[2]]) return match[1] ? `citizens of a country of ${continent[match[2]]}` : `born in ${continent[match[2]]}`;
  return column.name;
}

export class FieldError extends UserError {}

/** Parse a `fields=` value: "all", or names separated by commas; undefined gives the default set. */
export function selectFields(available: Map<string, FieldSpec>, requested: string | undefined): FieldSpec[] {
  if (requested === undefined || requested === '') return DEFAULT_FIELDS.filter((n) => available.has(n)).map((n) => available.get(n)!);
  if (requested === 'all') return [...available.values()];
  const names = requested.split(',').map((n) => n.trim());
  const unknown = names.filter((n) => !available.has(n));
  if (unknown.length)
    throw new FieldError(`unknown field ${unknown.map((n) => `"${n}"`).join(', ')}; available: ${[...available.keys()].join(', ')}, or "all"`);
  return [...new Set(names)].map((n) => available.get(n)!);
}
