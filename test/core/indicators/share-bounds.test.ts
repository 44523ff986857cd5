// Shares from every published figure: the bounds the figures allow, the estimate inside them, and the
// threshold for publishing it (core/indicators/share-bounds.ts).
import { describe, expect, it } from 'vitest';
import { expression } from '@maplibre/maplibre-gl-style-spec';
import { MAX_SHARE_INTERVAL, publishedShare, shareBounds, tileShareBounds, UNKNOWN_RANGE, unsplitShareBounds } from '../../../core/indicators/share-bounds.ts';
import { shareOf, shareUnknown } from '../../../core/style/expressions.ts';
import { Random } from '../../../generate/random.ts';

const createExpression = (e: unknown, type: 'number' | 'boolean') =>
  expression.createExpression(e, { type, 'property-type': 'data-driven', expression: { interpolated: false, parameters: ['zoom', 'feature'] } } as never);

const ONE_OR_TWO = [1, 2] as const;

describe('share bounds', () => {
  it('gives a UK LAU whose migrant values are all suppressed its T - NAT residents born abroad, not 0 (Largs)', () => {
    // T 569, NAT 561, EU_OTH 0 and OTH 0 published with 3 and 4 values confidential beneath
    const inputs = { part: 0, partSuppressed: 7, rest: 561, restSuppressed: 0, total: 569 };
    for (const range of [ONE_OR_TWO, UNKNOWN_RANGE]) {
      const bounds = shareBounds(inputs, range)!;
      expect(bounds.estimate).toBeCloseTo(8 / 569, 12);
      expect(bounds.lo).toBeCloseTo(8 / 569, 12);
      expect(bounds.hi).toBeCloseTo(8 / 569, 12);
      expect(publishedShare(bounds)).toBeCloseTo(8 / 569, 12);
    }
  });

  it('is exact when nothing is suppressed, and unknown for an empty basis', () => {
    expect(shareBounds({ part: 20, partSuppressed: 0, rest: 80, restSuppressed: 0, total: 100 })).toEqual({ estimate: 0.2, lo: 0.2, hi: 0.2 });
    expect(shareBounds({ part: 0, partSuppressed: 0, rest: 0, restSuppressed: 0, total: 0 })).toBeUndefined();
  });

  it('narrows with what a suppressed value can be', () => {
    // 3 residents in two suppressed values, one among the migrants and one among NAT
    const inputs = { part: 5, partSuppressed: 1, rest: 92, restSuppressed: 1, total: 100 };
    const known = shareBounds(inputs, ONE_OR_TWO)!;
    expect([known.lo, known.estimate, known.hi].map((v) => v * 100)).toEqual([6, 6.5, 7].map((v) => expect.closeTo(v, 10)));
    // values of any size: the 3 hidden residents split like the 97 known ones (5 of them born abroad)
    const unknown = shareBounds(inputs, UNKNOWN_RANGE)!;
    expect([unknown.lo, unknown.estimate, unknown.hi].map((v) => v * 100)).toEqual([5, 5 + (3 * 5) / 97, 8].map((v) => expect.closeTo(v, 10)));
  });

  it('without T, lets each side vary within its range, and says nothing when the range is unbounded', () => {
    const inputs = { part: 5, partSuppressed: 1, rest: 90, restSuppressed: 1 };
    const bounds = shareBounds(inputs, ONE_OR_TWO)!;
    expect(bounds.lo).toBeCloseTo(6 / 98, 12);
    expect(bounds.hi).toBeCloseTo(7 / 98, 12);
    expect(bounds.estimate).toBeCloseTo(6.5 / 98, 12);
    expect(publishedShare(shareBounds(inputs, UNKNOWN_RANGE))).toBeUndefined();
  });

  it('keeps perturbed figures inside what a suppressed value can be (T below the known sum)', () => {
    const bounds = shareBounds({ part: 3, partSuppressed: 1, rest: 9, restSuppressed: 0, total: 10 }, ONE_OR_TWO)!;
    expect(bounds.estimate).toBeCloseTo(4 / 13, 12);
  });

  it('publishes an estimate only while its interval is at most 5 points', () => {
    expect(MAX_SHARE_INTERVAL).toBe(0.05);
    expect(publishedShare({ estimate: 0.3, lo: 0.28, hi: 0.33 })).toBe(0.3);
    expect(publishedShare({ estimate: 0.3, lo: 0.28, hi: 0.34 })).toBeUndefined();
  });

  it('always holds the true share between its bounds, and the estimate too (random units, the 1-2 rule)', () => {
    const random = new Random(12345);
    const next = () => random.next();
    const count = () => (next() < 0.4 ? Math.floor(next() * 3) : Math.floor(next() ** 3 * 400));
    for (let unit = 0; unit < 5000; unit++) {
      // a unit of a few cells, each with NAT, EU_OTH, OTH; values of 1 or 2 in migrant columns suppressed
      // (the UK rule), and in NAT too for some units, so both sides can hide residents
      const hideNat = next() < 0.5;
      let part = 0;
      let rest = 0;
      let partSuppressed = 0;
      let restSuppressed = 0;
      let truePart = 0;
      let trueTotal = 0;
      for (let cell = 1 + Math.floor(next() * 6); cell > 0; cell--) {
        const [nat, eu, oth] = [count(), count(), count()];
        trueTotal += nat + eu + oth;
        truePart += eu + oth;
        for (const v of [eu, oth]) {
          if (v === 1 || v === 2) partSuppressed++;
          else part += v;
        }
        if (hideNat && (nat === 1 || nat === 2)) restSuppressed++;
        else rest += nat;
      }
      const withT = next() < 0.7;
      const bounds = shareBounds({ part, partSuppressed, rest, restSuppressed, total: withT ? trueTotal : undefined }, ONE_OR_TWO);
      if (trueTotal === 0) continue;
      const truth = truePart / trueTotal;
      expect(bounds).toBeDefined();
      expect(bounds!.lo).toBeLessThanOrEqual(truth + 1e-12);
      expect(bounds!.hi).toBeGreaterThanOrEqual(truth - 1e-12);
      expect(bounds!.estimate).toBeGreaterThanOrEqual(bounds!.lo - 1e-12);
      expect(bounds!.estimate).toBeLessThanOrEqual(bounds!.hi + 1e-12);
    }
  });
});

describe("shares from a tile, which counts confidential values (all, and NAT's) without what they can be", () => {
  it('spans both places the hidden residents can be, and the map style computes the same estimate', () => {
    // 100 residents, 90 known (80 NAT, 10 born abroad): the 10 hidden ones are on either side
    const bounds = unsplitShareBounds(10, 80, 2, 100)!;
    expect([bounds.lo, bounds.estimate, bounds.hi]).toEqual([0.1, 0.15, 0.2].map((v) => expect.closeTo(v, 12)));
    expect(publishedShare(bounds)).toBeUndefined(); // 10 points apart
    const unknownExpression = createExpression(shareUnknown('birth', ['EU_OTH', 'OTH']), 'boolean');
    const shareExpression = createExpression(shareOf(['EU_OTH', 'OTH'], 'birth'), 'number');
    if (unknownExpression.result !== 'success' || shareExpression.result !== 'success') throw new Error('invalid expression');
    const random = new Random(99);
    const next = (n: number) => Math.floor(random.next() * n);
    for (let k = 0; k < 2000; k++) {
      const [nat, eu, oth, hidden, conf] = [next(300), next(40), next(40), next(3) ? next(30) : 0, next(4)];
      const confNat = next(conf + 1); // how many of the hidden values are NAT's
      const T = nat + eu + oth + (conf ? hidden : 0) + (next(5) === 0 ? next(7) - 3 : 0); // perturbed now and then
      const properties: Record<string, number> = { T, NAT: nat, EU_OTH: eu, OTH: oth };
      if (next(10) === 0) delete properties.OTH; // a count absent: every value of it confidential
      if (conf) properties.conf = conf;
      if (confNat) properties.NAT_conf = confNat;
      const feature = { type: 'Polygon', properties } as never;
      const tooltip = publishedShare(tileShareBounds(eu + (properties.OTH ?? 0), nat, conf, confNat, T));
      const unknown = unknownExpression.value.evaluate({ zoom: 10 }, feature);
      if (tooltip === undefined) {
        if (nat + eu + oth > 0 || T > 0) expect(unknown || T <= 0).toBe(true);
        continue;
      }
      expect(unknown).toBe(false);
      expect(shareExpression.value.evaluate({ zoom: 10 }, feature)).toBeCloseTo(tooltip, 12);
    }
  });
});
