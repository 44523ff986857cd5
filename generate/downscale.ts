// Spread a 1 km cell's residents into its 100 m cells: dense cells fill nearly every 100 m cell,
// sparse ones put people into a few clustered ones (a hamlet, a street), never into quarters that
// are sea or another country. Where people go follows smooth fields on absolute coordinates, so
// settlements run on across 1 km borders.
import { fieldGrid } from './noise.ts';
import { hash3 } from './random.ts';

export interface SubCells {
  count: number;
  /** 0..99: row * 10 + column inside the 1 km cell (row 0 = south) */
  index: Uint8Array;
  pop: Uint32Array;
}

export function newSubCells(): SubCells {
  return { count: 0, index: new Uint8Array(100), pop: new Uint32Array(100) };
}

/** Quarter (500 m) of a 100 m sub-cell: bit index (row >= 5) * 2 + (column >= 5). */
export const quarterOf = (sub: number) => (Math.floor(sub / 10) >= 5 ? 2 : 0) + (sub % 10 >= 5 ? 1 : 0);

/** How many 100 m cells a 1 km cell of `total` residents occupies (before the land limit). */
export function occupiedCells(total: number): number {
  return 100 * (1 - Math.exp(-total / 2500));
}

const score = new Float64Array(100);
const order = new Uint8Array(100);
const weight = new Float64Array(100);
const remainder = new Float64Array(100);
const byRemainder = new Uint8Array(100);
// comparators made once: a closure per call would be garbage in the hottest loop
const byScore = (a: number, b: number) => score[b] - score[a] || a - b;
const byRemainderDesc = (a: number, b: number) => remainder[b] - remainder[a] || a - b;

/**
 * Fills `out` with the occupied 100 m cells of the 1 km cell whose lower-left corner is (e, n) metres.
 * `landQuarters` is a 4-bit mask of the 500 m quarters that are this country's land.
 */
export function spreadCell(seed: number, e: number, n: number, total: number, landQuarters: number, out: SubCells): void {
  out.count = 0;
  if (total <= 0 || landQuarters === 0) return;
  // settlement shape: a 600 m field for streets and blocks over a 2.4 km one for whole villages
  fieldGrid(seed + 101, e, n, 100, 10, 600, score);
  fieldGrid(seed + 103, e, n, 100, 10, 2400, weight);
  let land = 0;
  for (let s = 0; s < 100; s++) {
    if ((landQuarters >> quarterOf(s)) & 1) {
      order[land++] = s;
      score[s] += 1.3 * weight[s] + 0.35 * (hash3(seed + 107, e + s, n) / 4294967296 - 0.5);
    }
  }
  const wanted = occupiedCells(total) * (land / 100) * (0.8 + 0.4 * (hash3(seed + 109, e, n) / 4294967296));
  const k = Math.max(1, Math.min(total, land, Math.round(wanted)));
  const candidates = order.subarray(0, land);
  candidates.sort(byScore);

  // residents per occupied cell: more where the field is high, lognormal-like spread
  let sum = 0;
  for (let t = 0; t < k; t++) {
    const s = candidates[t];
    weight[t] = Math.exp(0.55 * score[s]);
    sum += weight[t];
  }
  // k <= total, so every occupied cell gets one resident and the rest by weight (largest remainder)
  const rest = total - k;
  let given = 0;
  for (let t = 0; t < k; t++) {
    const share = (rest * weight[t]) / sum;
    const whole = Math.floor(share);
    out.index[t] = candidates[t];
    out.pop[t] = 1 + whole;
    remainder[t] = share - whole;
    byRemainder[t] = t;
    given += whole;
  }
  const left = rest - given;
  if (left > 0) {
    const ranked = byRemainder.subarray(0, k).sort(byRemainderDesc);
    for (let t = 0; t < left; t++) out.pop[ranked[t]]++;
  }
  out.count = k;
}
