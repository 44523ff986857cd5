// The small-town rule of the D4I finding and the rules for shares built on confidential values.
import { describe, expect, it } from 'vitest';
import { indicatorsFor } from '../../../core/indicators/catalogue.ts';
import { indicatorReader, shareReader } from '../../../core/indicators/readers.ts';
import { buildLauFacts, isSmallTownHighShare, lauIndicesOf } from '../../../core/lau/lau-facts.ts';
import { emptyLauTable } from '../../../core/pack/lau-table.ts';
import type { GridPack } from '../../../core/pack/pack.ts';
import { randomLevel, TEST_COLUMNS } from '../../support/synthetic-level.ts';

describe('small towns with a high share born abroad', () => {
  it('follows the D4I rule: under 10,000 residents, over 20% born abroad; France only from 5,000', () => {
    expect(isSmallTownHighShare('NL', 9_999, 0.21)).toBe(true);
    expect(isSmallTownHighShare('NL', 10_000, 0.5)).toBe(false);
    expect(isSmallTownHighShare('NL', 800, 0.2)).toBe(false); // "over 20%"
    expect(isSmallTownHighShare('NL', 800, undefined)).toBe(false);
    expect(isSmallTownHighShare('FR', 4_999, 0.4)).toBe(false);
    expect(isSmallTownHighShare('FR', 5_000, 0.4)).toBe(true);
    expect(isSmallTownHighShare('ES', 1_200, 0.35)).toBe(true);
  });

  it('flags LAUs of a pack from their sums, with the France caveat and unknown shares left out', () => {
    // LAUs: [country, NAT, EU_OTH, OTH, unknown among them]
    const rows: [string, number, number, number, number][] = [
      ['FR', 2800, 600, 600, 0], // 4,000 residents, 30%: too small for the French count
      ['FR', 4500, 700, 800, 0], // 6,000, 25%
      ['NL', 7899, 1000, 1100, 0], // 9,999, 21%
      ['NL', 5000, 2500, 2500, 0], // 10,000: not small
      ['ES', 500, 100, 300, 40], // 100 of 1,000 residents in 40 hidden OTH values: born abroad by definition, 50%
      ['ES', 900, 40, 50, 0], // 9%
    ];
    const laus = emptyLauTable();
    laus.count = rows.length;
    laus.country = rows.map((r) => r[0]);
    laus.giscoId = rows.map((r, i) => `${r[0]}_${i}`);
    laus.id = rows.map((_, i) => (i === 4 ? '1' : i === 5 ? '0' : String(i))); // national codes repeat across countries
    laus.name = rows.map((_, i) => `LAU ${i}`);
    laus.values = {
      NAT: Float64Array.from(rows.map((r) => r[1])),
      EU_OTH: Float64Array.from(rows.map((r) => r[2])),
      OTH: Float64Array.from(rows.map((r) => r[3])),
      T: Float64Array.from(rows.map((r) => r[1] + r[2] + r[3] + (r[4] ? 100 : 0))),
    };
    laus.unknown = { OTH: Uint32Array.from(rows.map((r) => r[4])) };
    laus.areaKm2 = new Float32Array(rows.length).fill(10);
    laus.bbox = new Float64Array(rows.length * 4);
    const level = randomLevel(500);
    const pack = { columns: TEST_COLUMNS, countries: ['FR', 'NL'], levels: [level], laus } as unknown as GridPack;
    const facts = buildLauFacts(pack);
    expect(Array.from(facts.smallTown)).toEqual([0, 1, 1, 0, 1, 0]);
    expect(facts.values.get('share_born_abroad')![4]).toBe(0.5);
    expect(facts.values.get('density')![0]).toBe(400);
    // made in shared memory, so that the pack threads read these (pack-threads.ts) rather than a copy each
    expect(facts.smallTown.buffer).toBeInstanceOf(SharedArrayBuffer);
    for (const values of facts.values.values()) expect(values.buffer).toBeInstanceOf(SharedArrayBuffer);
    const { values, smallTown } = structuredClone({ values: facts.values, smallTown: facts.smallTown });
    const again = buildLauFacts(pack, facts.countries, { values, smallTown });
    values.get('density')![0] = 401; // the clone shares the memory it was given
    expect(facts.values.get('density')![0]).toBe(401);
    expect(again.values).toBe(values);
    expect(again.byGiscoId.get('NL_2')).toBe(2);
    // a national code: every LAU that has it, in LAU order; unknown codes have none
    expect(lauIndicesOf(facts, '0')).toEqual([0, 5]);
    expect(lauIndicesOf(facts, '1')).toEqual([1, 4]);
    expect(lauIndicesOf(facts, '3')).toEqual([3]);
    expect(lauIndicesOf(facts, '9')).toEqual([]);
  });
});

describe('coverage rule', () => {
  const table = (NAT: number, EU_OTH: number, OTH: number, T: number, unknown: number, unknownT = 0) => ({
    count: 1,
    values: { NAT: [NAT], EU_OTH: [EU_OTH], OTH: [OTH], T: [T] },
    unknown: { OTH: [unknown], T: [unknownT] },
  });
  const share = (t: ReturnType<typeof table>) => shareReader(t, ['EU_OTH', 'OTH'], ['NAT', 'EU_OTH', 'OTH'])(0);

  // unknown: hidden values among OTH (part of "born abroad"), unknownNat: among NAT (the rest of the basis)
  const mixed = (NAT: number, EU_OTH: number, OTH: number, T: number, unknown: number, unknownNat: number) => ({
    count: 1,
    values: { NAT: [NAT], EU_OTH: [EU_OTH], OTH: [OTH], T: [T] },
    unknown: { OTH: [unknown], NAT: [unknownNat], T: [0] },
  });

  it('places the residents without a known category, and publishes the estimate while its interval is at most 5 points', () => {
    expect(share(table(80, 10, 10, 100, 0))).toBeCloseTo(0.2);
    // every hidden value is a migrant category: the 50 residents are born abroad, whatever their split
    expect(share(table(900, 30, 20, 1000, 3))).toBeCloseTo(0.1);
    expect(share(table(900, 30, 19, 1000, 3))).toBeCloseTo(0.1);
    // hidden values on both sides: 50 of 1,000 residents can go either way, 0-5 points: published, the
    // hidden ones taken to split like the known ones (50 of 950 born abroad)
    expect(share(mixed(900, 30, 20, 1000, 3, 2))).toBeCloseTo((50 + (50 * 50) / 950) / 1000);
    expect(share(mixed(900, 30, 19, 1000, 3, 2))).toBeUndefined(); // 51 hidden: wider than 5 points
    expect(share(table(900, 30, 20, 1000, 3, 1))).toBeUndefined(); // T itself confidential, range unknown
    expect(share(mixed(0, 0, 0, 8, 3, 1))).toBeUndefined(); // a tiny cell publishing only T
    // perturbed data (DE, NL): categories off T by a few persons, nothing confidential: always known
    expect(share(table(10, 3, 0, 18, 0))).toBeCloseTo(3 / 13);
  });

  it('applies to group counts and diversity too, never to T', () => {
    const indicators = indicatorsFor([...TEST_COLUMNS]);
    const t = mixed(0, 0, 0, 8, 3, 1);
    const read = (id: string) => indicatorReader(indicators.find((i) => i.id === id)!, t, { areaKm2: () => 1 })(0);
    expect(read('born_abroad')).toBeUndefined();
    expect(read('diversity_birth')).toBeUndefined();
    expect(read('T')).toBe(8);
    expect(read('density')).toBe(8);
  });
});
