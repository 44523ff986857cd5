// Secondary suppression of one row (generate/secondary-suppression.ts): the differencing attack of issue 16
// recovers a lone flagged value, and the complements the generator hides stop it.
import { describe, expect, it } from 'vitest';
import { COL, GRID_COUNT_COLUMNS } from '../../generate/groups.ts';
import { attackerIntervals, PRIMARY, PUBLISHED, SECONDARY, suppressComplements } from '../../generate/secondary-suppression.ts';

const ONE_OR_TWO = [1, 2] as const;

function row(values: Record<string, number>): { row: Int32Array; flags: Uint8Array } {
  const r = new Int32Array(GRID_COUNT_COLUMNS.length);
  for (const [name, v] of Object.entries(values)) r[COL[name]] = v;
  const flags = new Uint8Array(r.length);
  // the UK rule: every migrant value of 1 or 2
  for (const name of GRID_COUNT_COLUMNS) if (!['T', 'NAT', 'C_NAT'].includes(name) && (r[COL[name]] === 1 || r[COL[name]] === 2)) flags[COL[name]] = PRIMARY;
  return { row: r, flags };
}

function recovered(r: Int32Array, flags: Uint8Array): string[] {
  const lo = new Float64Array(r.length);
  const hi = new Float64Array(r.length);
  attackerIntervals(r, flags, ONE_OR_TWO, lo, hi);
  return GRID_COUNT_COLUMNS.filter((_, i) => flags[i] !== PUBLISHED && lo[i] === hi[i]);
}

describe('secondary suppression', () => {
  it('stops T - NAT - OTH giving back a flagged EU_OTH (the /tiles/grid/14/8185/5448 cell), keeping NAT published', () => {
    const { row: r, flags } = row({ T: 31, NAT: 26, EU_OTH: 1, OTH: 4, OTH_ASI: 3, OTH_AFR: 1, C_NAT: 27, C_EU_OTH: 1, C_OTH: 3, C_OTH_ASI: 3 });
    expect(recovered(r, flags)).toEqual(['EU_OTH', 'OTH_AFR', 'C_EU_OTH']);
    suppressComplements(r, flags, ONE_OR_TWO);
    expect(recovered(r, flags)).toEqual([]);
    expect(flags[COL.NAT]).toBe(PUBLISHED);
    expect(flags[COL.C_NAT]).toBe(PUBLISHED);
    expect(flags[COL.T]).toBe(PUBLISHED);
  });

  it('protects two 1s summing to 2 by publishing them as secondaries, not by hiding NAT', () => {
    const { row: r, flags } = row({ T: 40, NAT: 38, EU_OTH: 1, OTH: 1, OTH_AFR: 1, C_NAT: 40 });
    expect(recovered(r, flags).length).toBeGreaterThan(0);
    suppressComplements(r, flags, ONE_OR_TWO);
    expect(recovered(r, flags)).toEqual([]);
    expect(flags[COL.NAT]).toBe(PUBLISHED);
    expect([...flags].filter((f) => f === SECONDARY).length).toBeGreaterThan(0);
  });

  it('hides a whole basis but T in a cell of one resident born abroad', () => {
    const { row: r, flags } = row({ T: 1, OTH: 1, OTH_AME: 1, C_OTH: 1, C_OTH_AME: 1 });
    suppressComplements(r, flags, ONE_OR_TWO);
    expect(recovered(r, flags)).toEqual([]);
    expect(flags[COL.T]).toBe(PUBLISHED);
  });
});
