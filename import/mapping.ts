// The optional mapping file: how another layout's names map onto the D4I/GISCO names.
//
// {
//   "grid":  { "columns": { "T": "pop_total", "GRD_ID": "cell" }, "declare": { "HH": "int", "AREA": "float" } },
//   "lau":   { "LAU_ID": "gemeenteCode", "LAU_NAME": "gemeenteNaam", "CNTR_CODE": "=NL" },
//   "units": { "GRD_ID": "cell", "LAU_ID": "municipality" },
//   "suppressed": { "UK": [1, 2], "FR": [0, 10] },
//   "secondary": { "UK": [3, null] }
// }
// "suppressed": what a confidential value can be in each country, in persons (as in a set's disclosure.json);
// "secondary": what a value flagged 2 (a secondary suppression) can be.
// A value starting with "=" is a constant (every feature of the Dutch file is in NL).
import { UserError } from '../core/errors.ts';
import { readFileSync } from 'node:fs';
import type { ColumnSpec } from '../core/grid/columns.ts';
import { parseDisclosureRanges, type SuppressedRanges } from '../core/grid/suppressed-values.ts';

export interface Mapping {
  /** our name -> input header name */
  gridColumns: Record<string, string>;
  /** extra numeric grid columns to keep */
  declare: Record<string, ColumnSpec['kind']>;
  /** LAU property: our name -> input property name, or "=constant" */
  lau: Record<string, string>;
  /** cell-to-unit table: our name -> input header name */
  units: Record<string, string>;
  /** what a confidential value can be, per country, and a secondary suppressed one */
  suppressed: SuppressedRanges;
  secondary: SuppressedRanges;
}

export const EMPTY_MAPPING: Mapping = { gridColumns: {}, declare: {}, lau: {}, units: {}, suppressed: {}, secondary: {} };

export class MappingError extends UserError {}

function stringRecord(value: unknown, where: string): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new MappingError(`${where} must be an object of names`);
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new MappingError(`${where}.${key} must be a string, got ${JSON.stringify(v)}`);
  }
  return value as Record<string, string>;
}

export function readMapping(path: string | undefined): Mapping {
  if (!path) return EMPTY_MAPPING;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new MappingError(`mapping ${path}: ${(error as Error).message}`);
  }
  const root = raw as { grid?: { columns?: unknown; declare?: unknown }; lau?: unknown; units?: unknown; suppressed?: unknown; secondary?: unknown };
  const declare = stringRecord(root.grid?.declare, `${path}: grid.declare`);
  for (const [name, kind] of Object.entries(declare)) {
    if (kind !== 'int' && kind !== 'float') throw new MappingError(`${path}: grid.declare.${name} must be "int" or "float"`);
  }
  return {
    gridColumns: stringRecord(root.grid?.columns, `${path}: grid.columns`),
    declare: declare as Record<string, ColumnSpec['kind']>,
    lau: stringRecord(root.lau, `${path}: lau`),
    units: stringRecord(root.units, `${path}: units`),
    ...parseDisclosureRanges(root, path),
  };
}

/** Header names renamed to ours: each input name mapped to the name it stands for. */
export function renameHeader(header: string[], ours: Record<string, string>): string[] {
  const toOurs = new Map(Object.entries(ours).map(([our, input]) => [input, our]));
  return header.map((name) => toOurs.get(name) ?? name);
}
