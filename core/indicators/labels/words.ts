// What each language's table (en.ts, fr.ts, ...) gives the indicator catalogue: units, the names of the
// groups of residents, and the titles an indicator's label is made of.
import type { Group, GroupBasis } from '../../grid/groups.ts';

export interface IndicatorWords {
  units: { share: string; persons: string; perKm2: string; ratio: string; index: string };
  /** titles of the indicators of all residents */
  residents: string;
  density: string;
  /** a share's title from the name of its group ("Share born abroad") */
  shareOf: (group: string) => string;
  /** the residents of each group, per basis ("born abroad", "born in Africa", "foreign citizens") */
  groups: Record<GroupBasis, Record<Group, string>>;
  locationQuotient: string;
  diversity: string;
  /** what a basis is called ("country of birth", "citizenship") */
  basis: Record<GroupBasis, string>;
  areaIndex: { dissimilarity: string; isolation: string; theil: string };
}
