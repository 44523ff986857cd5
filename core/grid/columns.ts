// Count columns of a D4I-format grid: which header names are data, which basis they belong to,
// and whether they hold integer counts or real measures. The group set comes from the header.
import { BASIS_TOP_GROUPS } from './groups.ts';

export type Basis = 'total' | 'birth' | 'citizenship' | 'other';

export interface ColumnSpec {
  name: string;
  /** integer counts (persons) or a real-valued measure (e.g. LAND_SURFACE in km2) */
  kind: 'int' | 'float';
  basis: Basis;
}

/** Birth groups: NAT, EU_OTH, OTH, and finer splits such as OTH_AFR, EU_OTH_EU15; C_ prefix = citizenship. */
const GROUP = /^(C_)?(NAT|EU_OTH|OTH)(_[A-Z0-9]+)*$/;

/** Other Eurostat census grid columns kept as they are (Census 2021 1 km grid). */
const KNOWN_EXTRA: Record<string, ColumnSpec['kind']> = {
  M: 'int',
  F: 'int',
  Y_LT15: 'int',
  Y_1564: 'int',
  Y_GE65: 'int',
  EMP: 'int',
  SAME: 'int',
  CHG_IN: 'int',
  CHG_OUT: 'int',
  LAND_SURFACE: 'float',
};

/** Columns that identify or describe a row rather than count people. */
export const NON_DATA_COLUMNS = new Set(['GRD_ID', 'CNTR_ID', 'CNTR_CODE', 'REGION', 'x', 'y', 'nb', 'OBJECTID', 'fid']);

export const CONFIDENTIAL_SUFFIX = '_CI';

/**
 * Classify a header name. `declared` holds extra columns named in a mapping file.
 * Returns undefined for columns that are not data (ids, flags, unknown names).
 */
export function columnSpecFor(name: string, declared: Record<string, ColumnSpec['kind']> = {}): ColumnSpec | undefined {
  if (NON_DATA_COLUMNS.has(name) || name.endsWith(CONFIDENTIAL_SUFFIX)) return undefined;
  if (name === 'T') return { name, kind: 'int', basis: 'total' };
  const group = GROUP.exec(name);
  if (group) return { name, kind: 'int', basis: group[1] ? 'citizenship' : 'birth' };
  const kind = declared[name] ?? KNOWN_EXTRA[name];
  return kind ? { name, kind, basis: 'other' } : undefined;
}

/** Order columns the same way whatever the input order: T, birth, citizenship, other (each by name). */
export function sortColumns(specs: ColumnSpec[]): ColumnSpec[] {
  const rank: Record<Basis, number> = { total: 0, birth: 1, citizenship: 2, other: 3 };
  const topRank = (name: string) => {
    const tops: readonly string[] = [...BASIS_TOP_GROUPS.birth, ...BASIS_TOP_GROUPS.citizenship];
    const i = tops.indexOf(name);
    return i < 0 ? 99 : i;
  };
  return [...specs].sort((a, b) => rank[a.basis] - rank[b.basis] || topRank(a.name) - topRank(b.name) || a.name.localeCompare(b.name));
}
