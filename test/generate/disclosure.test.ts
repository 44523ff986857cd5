// The generator as a statistics office (issue 16): no suppressed value can be worked out from what is
// published, in a cell or from a coarse cell or LAU over its cells; the metadata's ranges hold for the
// truth; and the shares estimated from the published figures are close to the truth's.
// The attacker here is written apart from the generator's own (generate/secondary-suppression.ts): for
// every sum of a row (T = NAT + EU_OTH + OTH, OTH = its continents, per basis) it intersects each hidden
// value's range with what the others allow, until nothing narrows; on small cells it is checked against an
// exhaustive search of every assignment.
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPack, type GridPack } from '../../core/pack/pack.ts';
import { generate, truthFolder } from '../../generate/generate.ts';
import { estimateErrors } from '../../generate/estimate-errors.ts';
import { runImport } from '../../import/import.ts';
import { tempDir } from '../support/helpers.ts';

const CONTINENTS = ['EUR', 'AFR', 'ASI', 'AME', 'OCE'];
/** Each basis's sums, as [total, parts] column names. */
const SUMS = ['', 'C_'].map((b) => [
  ['T', [`${b}NAT`, `${b}EU_OTH`, `${b}OTH`]],
  [`${b}OTH`, CONTINENTS.map((c) => `${b}OTH_${c}`)],
]) as [string, string[]][][];
const INF = Number.POSITIVE_INFINITY;

type Intervals = Map<string, [number, number]>;

/** Narrow each value's interval by every sum until nothing changes. */
function propagate(intervals: Intervals): Intervals {
  for (let changed = true; changed; ) {
    changed = false;
    for (const [total, parts] of SUMS.flat()) {
      const [tLo, tHi] = intervals.get(total)!;
      const lo = parts.reduce((s, p) => s + intervals.get(p)![0], 0);
      const hi = parts.reduce((s, p) => s + intervals.get(p)![1], 0);
      const narrowed: [string, number, number][] = [[total, lo, hi]];
      for (const p of parts) {
        const others = parts.filter((o) => o !== p);
        const othersHi = others.reduce((s, o) => s + intervals.get(o)![1], 0);
        const othersLo = others.reduce((s, o) => s + intervals.get(o)![0], 0);
        narrowed.push([p, tLo - othersHi, tHi - othersLo]);
      }
      for (const [name, newLo, newHi] of narrowed) {
        const [a, b] = intervals.get(name)!;
        const next: [number, number] = [Math.max(a, newLo), Math.min(b, newHi)];
        if (next[0] !== a || next[1] !== b) {
          intervals.set(name, next);
          changed = true;
        }
      }
    }
  }
  return intervals;
}

/** Every value each hidden column can take (T <= 12), by trying every assignment of the hidden values. */
function exhaustive(row: Record<string, number>, hidden: Map<string, [number, number]>, basis: number): Map<string, Set<number>> {
  const [[, top], [oth, continents]] = SUMS[basis];
  const T = row.T;
  const seen = new Map<string, Set<number>>([...hidden.keys()].map((k) => [k, new Set<number>()]));
  const values = (name: string, cap: number) => {
    const range = hidden.get(name);
    if (!range) return [row[name]];
    const out: number[] = [];
    for (let v = range[0]; v <= Math.min(range[1], cap); v++) out.push(v);
    return out;
  };
  const assign: Record<string, number> = {};
  const fill = (names: string[], k: number, left: number, done: () => void) => {
    if (k === names.length - 1) {
      if (values(names[k], left).includes(left)) {
        assign[names[k]] = left;
        done();
      }
      return;
    }
    for (const v of values(names[k], left)) {
      assign[names[k]] = v;
      fill(names, k + 1, left - v, done);
    }
  };
  fill(top, 0, T, () =>
    fill(continents, 0, assign[oth], () => {
      for (const [name, set] of seen) set.add(assign[name]);
    }),
  );
  return seen;
}

async function* rows(file: string): AsyncGenerator<string[]> {
  for await (const line of createInterface({ input: createReadStream(file).pipe(createGunzip()) })) yield line.split(',');
}

interface CellAudit {
  hidden: number;
  secondary: number;
  recovered: string[];
  outOfRange: string[];
  checkedExhaustively: number;
}

/** The columns of the sums, and each sum as [total, parts] indices into them: the per-row attack works on arrays. */
const COLUMNS = [...new Set(SUMS.flat().flatMap(([total, parts]) => [total, ...parts]))];
const SUM_INDICES = SUMS.flat().map(([total, parts]) => [COLUMNS.indexOf(total), parts.map((p) => COLUMNS.indexOf(p))] as const);

/** propagate() on arrays of bounds (lo, hi per column), for the millions of rows of a country. */
function propagateArrays(lo: Float64Array, hi: Float64Array): void {
  for (let changed = true; changed; ) {
    changed = false;
    for (const [t, parts] of SUM_INDICES) {
      let sumLo = 0;
      let sumHi = 0;
      for (const p of parts) {
        sumLo += lo[p];
        sumHi += hi[p];
      }
      const narrow = (k: number, newLo: number, newHi: number) => {
        if (newLo > lo[k]) {
          lo[k] = newLo;
          changed = true;
        }
        if (newHi < hi[k]) {
          hi[k] = newHi;
          changed = true;
        }
      };
      const [tLo, tHi] = [lo[t], hi[t]];
      narrow(t, sumLo, sumHi);
      // Infinity - Infinity is NaN: the others' sum without p, counted apart where unbounded
      for (const p of parts) {
        let othersLo = 0;
        let othersHi = 0;
        for (const o of parts) {
          if (o === p) continue;
          othersLo += lo[o];
          othersHi += hi[o];
        }
        narrow(p, tLo - othersHi, tHi - othersLo);
      }
    }
  }
}

/** Attack every row of a published grid file; compare with the truth file (same rows, same order). */
async function auditCells(published: string, truth: string, primary: [number, number]): Promise<CellAudit> {
  const audit: CellAudit = { hidden: 0, secondary: 0, recovered: [], outOfRange: [], checkedExhaustively: 0 };
  const truthRows = rows(truth);
  let header: string[] = [];
  let valueAt: number[] = [];
  let flagAt: number[] = [];
  const lo = new Float64Array(COLUMNS.length);
  const hi = new Float64Array(COLUMNS.length);
  for await (const fields of rows(published)) {
    const t = (await truthRows.next()).value as string[];
    if (header.length === 0) {
      header = fields;
      valueAt = COLUMNS.map((n) => header.indexOf(n));
      flagAt = COLUMNS.map((n) => header.indexOf(`${n}_CI`));
      continue;
    }
    const flagOf = (k: number) => (flagAt[k] < 0 ? '' : fields[flagAt[k]]);
    const hidden: number[] = [];
    for (let k = 0; k < COLUMNS.length; k++) if (flagOf(k)) hidden.push(k);
    if (hidden.length === 0) continue;
    for (let k = 0; k < COLUMNS.length; k++) {
      const f = flagOf(k);
      const v = Number(fields[valueAt[k]]);
      [lo[k], hi[k]] = !f ? [v, v] : f === '2' ? [0, INF] : primary;
    }
    const truthOfColumn = (k: number) => Number(t[valueAt[k]]);
    for (const k of hidden) {
      audit.hidden++;
      if (flagOf(k) === '2') audit.secondary++;
      else if (truthOfColumn(k) < primary[0] || truthOfColumn(k) > primary[1]) audit.outOfRange.push(`${fields[0]} ${COLUMNS[k]}`);
    }
    const before = new Map(COLUMNS.map((n, k) => [n, [lo[k], hi[k]] as [number, number]]));
    propagateArrays(lo, hi);
    for (const k of hidden) {
      const truthValue = truthOfColumn(k);
      if (truthValue < lo[k] || truthValue > hi[k]) audit.outOfRange.push(`${fields[0]} ${COLUMNS[k]}: ${truthValue} outside ${lo[k]}-${hi[k]}`);
      if (lo[k] === hi[k]) audit.recovered.push(`${fields[0]} ${COLUMNS[k]} = ${lo[k]}`);
    }
    if (truthOfColumn(0) <= 12 && audit.checkedExhaustively < 3000) {
      // the array propagation equals the Map one, and both are as strong as trying every assignment
      const narrowed = propagate(new Map(before));
      for (const [k, n] of COLUMNS.entries()) expect([lo[k], hi[k]], `${fields[0]} ${n}: arrays against maps`).toEqual(narrowed.get(n));
      const rowTruth = Object.fromEntries(COLUMNS.map((n, k) => [n, truthOfColumn(k)]));
      const flag = (n: string) => flagOf(COLUMNS.indexOf(n));
      for (const basis of [0, 1]) {
        const inBasis = new Map(SUMS[basis].flatMap(([total, parts]) => [total, ...parts].filter((n) => flag(n)).map((n) => [n, before.get(n)!] as const)));
        if (inBasis.size === 0) continue;
        const published = Object.fromEntries([...before].filter(([n]) => !flag(n)).map(([n, [v]]) => [n, v]));
        const exact = exhaustive({ ...rowTruth, ...published }, inBasis, basis);
        for (const [n, set] of exact) {
          expect([Math.min(...set), Math.max(...set)], `${fields[0]} ${n}`).toEqual(narrowed.get(n)!.map((v) => Math.min(v, rowTruth.T)));
          expect(set.size, `${fields[0]} ${n} recovered by exhaustive search`).toBeGreaterThan(1);
        }
      }
      audit.checkedExhaustively++;
    }
  }
  return audit;
}

/**
 * A coarse cell or a LAU over its cells: its published figures are the known sums and, per column, how many
 * values beneath are hidden (primary or secondary). Where one column hides exactly one value, the attacker
 * bounds the column's hidden total from the unit's sums; it must not come out as a single number.
 */
function auditUnits(
  table: {
    count: number;
    values: Record<string, ArrayLike<number>>;
    unknown: Record<string, ArrayLike<number>>;
    secondary?: Record<string, ArrayLike<number>>;
  },
  primary: [number, number],
  truth: (column: string, i: number) => number,
  withSecondaries: boolean,
): { units: number; recovered: string[]; outOfRange: string[] } {
  const names = [...new Set(SUMS.flat().flatMap(([total, parts]) => [total, ...parts]))];
  const out = { units: 0, recovered: [] as string[], outOfRange: [] as string[] };
  for (let i = 0; i < table.count; i++) {
    const single = names.filter((n) => (table.unknown[n]?.[i] ?? 0) === 1);
    if (single.length === 0) continue;
    out.units++;
    // a column's total is its known sum plus what its hidden values can hold
    const intervals: Intervals = new Map();
    for (const n of names) {
      const known = table.values[n][i];
      const hidden = table.unknown[n]?.[i] ?? 0;
      // the pack tells primaries from secondaries only for the top groups: elsewhere a hidden value may be either
      if (withSecondaries && hidden > 0 && !table.secondary?.[n]) {
        intervals.set(n, [known, INF]);
        continue;
      }
      const secondary = table.secondary?.[n]?.[i] ?? 0;
      const primaries = hidden - secondary;
      intervals.set(n, [known + primaries * primary[0], secondary > 0 ? INF : known + primaries * primary[1]]);
    }
    const narrowed = propagate(intervals);
    for (const n of single) {
      const [lo, hi] = narrowed.get(n)!;
      if (lo === hi) out.recovered.push(`unit ${i} ${n} = ${lo - table.values[n][i]}`);
      if (truth(n, i) < lo || truth(n, i) > hi) out.outOfRange.push(`unit ${i} ${n}: ${truth(n, i)} outside ${lo}-${hi}`);
    }
  }
  return out;
}

/** The truth pack's value of a column for the published pack's unit i (same cells, same LAUs, same order). */
const truthOf = (truth: GridPack, level: number) => (column: string, i: number) =>
  level < 0 ? truth.laus.values[column][i] : truth.levels[level].values[column][i];

const SETS = [
  { preset: 'country:UK', country: 'UK', file: 'D4I_UK_grid.csv.gz', primary: [1, 2] as [number, number] },
  { preset: 'country:FR', country: 'FR', file: 'D4I_FR_grid.csv.gz', primary: [0, 10] as [number, number] },
  { preset: 'city:Dublin', country: 'IE', file: 'D4I_IE_grid.csv.gz', primary: [1, 2] as [number, number] },
];

describe('disclosure control of the generated sets', () => {
  const dir = tempDir();
  const packs = new Map<string, { published: GridPack; truth: GridPack; out: string }>();

  beforeAll(async () => {
    for (const set of SETS) {
      const out = join(dir, set.country);
      await generate({ preset: set.preset, seed: 1, out, truth: true });
      for (const [folder, pack] of [
        [out, `${out}.d4ipack`],
        [truthFolder(out), `${out}-truth.d4ipack`],
      ]) {
        const { report } = await runImport({ grid: [folder], lau: join(folder, 'lau.geojson'), out: pack });
        expect(report.errorCount).toBe(0);
      }
      packs.set(set.country, { published: loadPack(`${out}.d4ipack`), truth: loadPack(`${out}-truth.d4ipack`), out });
    }
  }, 600_000);

  for (const set of SETS) {
    it(`${set.preset}: no hidden value of a cell can be worked out, and every one is within the stated range`, { timeout: 300_000 }, async () => {
      const { out, published } = packs.get(set.country)!;
      expect(published.suppressed).toMatchObject({ [set.country]: set.primary });
      const audit = await auditCells(join(out, set.file), join(truthFolder(out), set.file), set.primary);
      console.log(
        `${set.preset}: ${audit.hidden.toLocaleString('en')} hidden values (${audit.secondary.toLocaleString('en')} secondary), ` +
          `${audit.checkedExhaustively} small cells checked exhaustively`,
      );
      expect(audit.hidden).toBeGreaterThan(1000);
      expect(audit.checkedExhaustively).toBeGreaterThan(50);
      expect(audit.outOfRange.slice(0, 5)).toEqual([]);
      expect(audit.recovered.slice(0, 5)).toEqual([]);
    });

    it(`${set.preset}: no coarse cell or LAU gives back a hidden value of the cells beneath`, { timeout: 120_000 }, () => {
      const { published, truth } = packs.get(set.country)!;
      const withSecondaries = Boolean(published.secondary?.[set.country]);
      let units = 0;
      for (const [level, table] of [...published.levels.entries()].slice(1)) {
        const audit = auditUnits(table, set.primary, truthOf(truth, level), withSecondaries);
        units += audit.units;
        expect(audit.outOfRange.slice(0, 5), `${table.res} m`).toEqual([]);
        expect(audit.recovered.slice(0, 5), `${table.res} m`).toEqual([]);
      }
      const lauAudit = auditUnits(published.laus, set.primary, truthOf(truth, -1), withSecondaries);
      expect(lauAudit.recovered.slice(0, 5)).toEqual([]);
      expect(lauAudit.outOfRange.slice(0, 5)).toEqual([]);
      expect(units + lauAudit.units).toBeGreaterThan(100);
    });
  }

  for (const country of ['UK', 'FR']) {
    it(`country:${country}: LAU born-abroad shares within 0.5 points of the truth, unbiased, and the small-town count within 3%`, () => {
      const { published, truth } = packs.get(country)!;
      const [errors] = estimateErrors(published, truth);
      expect(errors.country).toBe(country);
      for (const band of errors.bounds.bands) {
        expect(band.mae, band.band).toBeLessThanOrEqual(0.5);
        expect(Math.abs(band.bias), band.band).toBeLessThanOrEqual(0.3);
        expect(band.published / band.laus, `${band.band}: share of LAUs with a published share`).toBeGreaterThan(0.5);
      }
      expect(Math.abs(errors.bounds.smallTowns - errors.truthSmallTowns) / errors.truthSmallTowns).toBeLessThanOrEqual(0.03);
    });
  }
});
