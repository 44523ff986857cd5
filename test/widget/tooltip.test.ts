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
  it('prints no number for a confidential value, and no share when the hidden residents may be on either side', () => {
    // the default tile fields count confidential birth values (conf) but not by category: the 3 hidden
    // residents may be NAT or born abroad, 0-7.5%, too wide (the API, which knows the categories, says 7.5%)
    const { rows } = describeFeature(cell({ res: 100, T: 40, NAT: 37, conf: 2 }), 'en', t, '100 m');
    expect(row(rows, t.bornAbroad)).toBe(t.noData);
    expect(row(rows, t.bornEu)).toBeUndefined();
    expect(row(rows, t.bornNonEu)).toBeUndefined();
    expect(rows.map(([, v]) => v).join(' ')).not.toMatch(/NaN/);
  });

  it('shows the range the published figures allow around an estimate, and no data when it is too wide', () => {
    // 3 of 100 residents hidden, on either side: 17-20% born abroad
    const narrow = describeFeature(cell({ res: 100, T: 100, NAT: 80, EU_OTH: 8, OTH: 9, conf: 1 }), 'en', t, '100 m');
    expect(row(narrow.rows, t.bornAbroad)).toBe('18.5% (17%–20%)');
    const wide = describeFeature(cell({ res: 100, T: 100, NAT: 80, EU_OTH: 6, OTH: 4, conf: 1 }), 'en', t, '100 m');
    expect(row(wide.rows, t.bornAbroad)).toBe(t.noData);
  });
});
