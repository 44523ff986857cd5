// Area-level indices of each LAU, computed from its finest-level cells at import (D4I-SCHEMA.md):
// dissimilarity D, isolation xPx and Theil's H, for birth and citizenship, plus each LAU's area.
// Cells whose categories of a basis are not all known are left out of that basis (complete cases),
// so every index is a ratio of sums over the same cells.
import { BASIS_TOP_GROUPS } from '../grid/groups.ts';
import type { GridLevel } from '../grid/grid-level.ts';
import { NO_LAU } from '../grid/grid-level.ts';
import type { LauGeometry } from '../pack/lau-table.ts';
import { lonLatToLaea } from '../grid/projection.ts';

/** Planar area in km² of each LAU's (multi)polygon, measured in EPSG:3035 (an equal-area projection). */
export function lauAreasKm2(geometry: LauGeometry, count: number): Float32Array {
  const { polyStart, ringStart, coordStart, coords } = geometry;
  const out = new Float32Array(count);
  const a = [0, 0];
  const b = [0, 0];
  for (let lau = 0; lau < count; lau++) {
    let area = 0;
    for (let p = polyStart[lau]; p < polyStart[lau + 1]; p++) {
      for (let r = ringStart[p]; r < ringStart[p + 1]; r++) {
        let ring = 0;
        const start = coordStart[r];
        const end = coordStart[r + 1];
        for (let k = start; k < end; k++) {
          const next = k + 1 < end ? k + 1 : start;
          lonLatToLaea(coords[k * 2], coords[k * 2 + 1], a);
          lonLatToLaea(coords[next * 2], coords[next * 2 + 1], b);
          ring += a[0] * b[1] - b[0] * a[1];
        }
        // exterior ring adds, holes subtract, whatever their winding in the input
        area += r === ringStart[p] ? Math.abs(ring) / 2 : -Math.abs(ring) / 2;
      }
    }
    out[lau] = Math.max(0, area) / 1e6;
  }
  return out;
}

/**
 * Segregation indices per LAU for both bases: `dissimilarity_birth`, `isolation_birth`, `theil_birth`
 * and the `_citizenship` ones (NaN where undefined: no cells, or no one / everyone in the group).
 */
export function lauSegregationIndices(level: GridLevel, lauCount: number): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  const lau = level.lau;
  if (!lau) return out;
  for (const basis of ['birth', 'citizenship'] as const) {
    const groups = BASIS_TOP_GROUPS[basis];
    if (!groups.every((g) => level.values[g])) continue;
    const values = groups.map((g) => level.values[g]);
    const unknown = groups.map((g) => level.unknown[g]).filter((u) => u !== undefined);
    const complete = (i: number) => lau[i] !== NO_LAU && unknown.every((u) => u[i] === 0);
    // pass 1: group totals per LAU over complete cells (group 0 is the nationals)
    const G = groups.length;
    const totals = new Float64Array(lauCount * G);
    for (let i = 0; i < level.count; i++) {
      if (!complete(i)) continue;
      for (let g = 0; g < G; g++) totals[lau[i] * G + g] += values[g][i];
    }
    const M = new Float64Array(lauCount); // foreign: every group but the nationals
    const N = new Float64Array(lauCount);
    const E = new Float64Array(lauCount); // the LAU's entropy
    for (let l = 0; l < lauCount; l++) {
      let t = 0;
      for (let g = 0; g < G; g++) t += totals[l * G + g];
      N[l] = totals[l * G];
      M[l] = t - N[l];
      E[l] = entropy(totals, l * G, G, t);
    }
    // pass 2: the sums over cells
    const D = new Float64Array(lauCount);
    const iso = new Float64Array(lauCount);
    const H = new Float64Array(lauCount);
    const cell = new Float64Array(G);
    for (let i = 0; i < level.count; i++) {
      if (!complete(i)) continue;
      const l = lau[i];
      let t = 0;
      for (let g = 0; g < G; g++) t += cell[g] = values[g][i];
      if (t <= 0) continue;
      const n = cell[0];
      const m = t - n;
      if (M[l] > 0 && N[l] > 0) D[l] += Math.abs(m / M[l] - n / N[l]);
      if (M[l] > 0) iso[l] += (m / M[l]) * (m / t);
      H[l] += t * (E[l] - entropy(cell, 0, G, t));
    }
    const d = new Float32Array(lauCount);
    const x = new Float32Array(lauCount);
    const h = new Float32Array(lauCount);
    out[`dissimilarity_${basis}`] = d;
    out[`isolation_${basis}`] = x;
    out[`theil_${basis}`] = h;
    for (let l = 0; l < lauCount; l++) {
      const T = M[l] + N[l];
      d[l] = M[l] > 0 && N[l] > 0 ? D[l] / 2 : NaN;
      x[l] = M[l] > 0 ? iso[l] : NaN;
      h[l] = T > 0 && E[l] > 0 ? H[l] / (T * E[l]) : NaN;
    }
  }
  return out;
}

/** -sum p ln p of counts[from .. from+n) with total t. */
function entropy(counts: Float64Array, from: number, n: number, t: number): number {
  if (t <= 0) return 0;
  let e = 0;
  for (let g = 0; g < n; g++) {
    const p = counts[from + g] / t;
    if (p > 0) e -= p * Math.log(p);
  }
  return e;
}
