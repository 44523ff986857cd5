// The groups of residents the D4I data counts, per basis (country of birth, citizenship): their ids,
// the columns each sums and the ids of their shares. Every other module takes these from here.

export const BASES = ['birth', 'citizenship'] as const;
export type GroupBasis = (typeof BASES)[number];

/** The top-level categories of each basis, over whose sum shares are computed. */
export const BASIS_TOP_GROUPS = {
  birth: ['NAT', 'EU_OTH', 'OTH'],
  citizenship: ['C_NAT', 'C_EU_OTH', 'C_OTH'],
} as const;

/** Per basis, the tile field counting confidential values beneath among its top groups. */
export const CONFIDENTIAL_FIELD = { birth: 'conf', citizenship: 'conf_c' } as const;

/** The tile field counting the confidential values of one column beneath (`NAT_conf`). */
export const confidentialFieldOf = (column: string) => `${column}_conf`;

/** Non-EU origin continents as the schema's column suffixes (OTH_EUR, C_OTH_EUR, ...), in its order. */
export const CONTINENTS = ['EUR', 'AFR', 'ASI', 'AME', 'OCE'] as const;
export type Continent = (typeof CONTINENTS)[number];

/** The first level of origin: every foreign group together, another EU state, outside the EU. */
export const TOP_LEVEL_GROUPS = ['all', 'eu', 'non_eu'] as const;
/** Group ids: the first level of origin, then the continents (lower case). */
export const GROUPS = [...TOP_LEVEL_GROUPS, ...CONTINENTS.map((c) => c.toLowerCase() as Lowercase<Continent>)] as const;
export type Group = (typeof GROUPS)[number];

/** The columns one group of a basis sums. */
export function groupColumns(basis: GroupBasis, group: Group): string[] {
  const p = basis === 'citizenship' ? 'C_' : '';
  if (group === 'all') return [`${p}EU_OTH`, `${p}OTH`];
  if (group === 'eu') return [`${p}EU_OTH`];
  if (group === 'non_eu') return [`${p}OTH`];
  return [`${p}OTH_${group.toUpperCase()}`];
}

const CITIZENSHIP_SHARES: Partial<Record<Group, string>> = { all: 'share_foreign_citizens', eu: 'share_eu_citizens', non_eu: 'share_non_eu_citizens' };

/** The id of a group's share, as indicators, tile fields and the API name it. */
export function shareId(basis: GroupBasis, group: Group): string {
  if (basis === 'birth') return group === 'all' ? 'share_born_abroad' : `share_born_${group}`;
  return CITIZENSHIP_SHARES[group] ?? `share_citizens_${group}`;
}

/** The headline figure of the D4I data: residents born abroad over residents of known birth. */
export const SHARE_BORN_ABROAD = shareId('birth', 'all');

/** The shares of the first level of origin for both bases: what grid and LAU tiles can carry. */
export const TOP_LEVEL_SHARES = BASES.flatMap((basis) =>
  TOP_LEVEL_GROUPS.map((group) => ({ id: shareId(basis, group), basis, group, part: groupColumns(basis, group) })),
);
