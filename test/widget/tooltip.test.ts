// The tooltip of a grid cell where values are confidential: the estimated share with its range, and no
// number for a value that is confidential (widget/src/tooltip.ts).
import { describe, expect, it } from 'vitest';
import { featureId } from '../../core/grid/feature-id.ts';
import { STRINGS } from '../../widget/src/i18n.ts';
import { describeFeature } from '../../widget/src/tooltip.ts';

const t = STRINGS.en;
const cell = (properties: Record<string, number>) => ({ layer: { id: 'grid' }, id: featureId(100, 39000, 31000), properties }) as never;
const row = (rows: [string, string][], label: string) => rows.find(([name]) => name === label)?.[1];

describe('tooltip of a cell with confidential values', () => {
  it('prints no number for a confidential value, and the share the API gives when only migrant values are hidden', () => {
    // the default tile fields count confidential birth values (conf) and NAT's (NAT_conf, absent: 0): the 3
    // residents without a category are born abroad, 7.5%, as the API says
    const { rows } = describeFeature(cell({ res: 100, T: 40, NAT: 37, conf: 2 }), 'en', t, '100 m');
    expect(row(rows, t.bornAbroad)).toBe('7.5%');
    expect(row(rows, t.bornEu)).toBeUndefined();
    expect(row(rows, t.bornNonEu)).toBeUndefined();
    expect(rows.map(([, v]) => v).join(' ')).not.toMatch(/NaN/);
    // NAT hides values too: the 3 may be on either side, 0-7.5%, too wide
    const either = describeFeature(cell({ res: 100, T: 40, NAT: 36, conf: 3, NAT_conf: 1 }), 'en', t, '100 m');
    expect(row(either.rows, t.bornAbroad)).toBe(t.noData);
  });

  it('shows the range the published figures allow around an estimate, and no data when it is too wide', () => {
    // 3 of 100 residents hidden, on either side: 17-20% born abroad, split like the known ones (17 of 97)
    const narrow = describeFeature(cell({ res: 100, T: 100, NAT: 80, EU_OTH: 8, OTH: 9, conf: 2, NAT_conf: 1 }), 'en', t, '100 m');
    expect(row(narrow.rows, t.bornAbroad)).toBe('about 17.5% (17%–20%)');
    expect(
      row(describeFeature(cell({ res: 100, T: 100, NAT: 80, EU_OTH: 8, OTH: 9, conf: 2, NAT_conf: 1 }), 'fr', STRINGS.fr, '100 m').rows, STRINGS.fr.bornAbroad),
    ).toMatch(/^environ /);
    const wide = describeFeature(cell({ res: 100, T: 100, NAT: 80, EU_OTH: 6, OTH: 4, conf: 2, NAT_conf: 1 }), 'en', t, '100 m');
    expect(row(wide.rows, t.bornAbroad)).toBe(t.noData);
  });
});
