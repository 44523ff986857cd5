import { describe, expect, it } from 'vitest';
import { Random } from '../../generate/random.ts';
import { traceRegions, type CornerRing, type LabelRaster } from '../../generate/raster-polygons.ts';

/** A raster drawn as text, northern row first: '.' is no label, any other character is the label of its char code. */
function drawn(...rows: string[]): LabelRaster {
  const width = rows[0].length;
  const height = rows.length;
  const labels = new Int32Array(width * height);
  rows.forEach((text, k) => {
    const row = height - 1 - k;
    for (let i = 0; i < width; i++) labels[row * width + i] = text[i] === '.' ? -1 : text.charCodeAt(i);
  });
  return { width, height, labels };
}

const code = (name: string) => name.charCodeAt(0);

/** The ring started at its smallest corner, so expectations do not depend on where tracing began. */
function canonical(ring: CornerRing): CornerRing {
  const open = ring.slice(0, -1);
  let first = 0;
  open.forEach(([x, y], k) => {
    const [fx, fy] = open[first];
    if (x < fx || (x === fx && y < fy)) first = k;
  });
  const rotated = [...open.slice(first), ...open.slice(0, first)];
  return [...rotated, rotated[0]];
}

function regionOf(raster: LabelRaster, name: string): CornerRing[][] {
  const polygons = traceRegions(raster).get(code(name));
  if (!polygons) throw new Error(`no region for ${name}`);
  return polygons.map((polygon) => polygon.map(canonical));
}

function signedArea(ring: CornerRing): number {
  let twice = 0;
  for (let k = 0; k < ring.length - 1; k++) twice += ring[k][0] * ring[k + 1][1] - ring[k + 1][0] * ring[k][1];
  return twice / 2;
}

function insidePolygon(polygon: CornerRing[], x: number, y: number): boolean {
  let inside = false;
  for (const ring of polygon) {
    for (let k = 0, p = ring.length - 2; k < ring.length - 1; p = k++) {
      const [xk, yk] = ring[k];
      const [xp, yp] = ring[p];
      if (yk > y !== yp > y && x < ((xp - xk) * (y - yk)) / (yp - yk) + xk) inside = !inside;
    }
  }
  return inside;
}

function labelAt(raster: LabelRaster, column: number, row: number): number {
  if (column < 0 || row < 0 || column >= raster.width || row >= raster.height) return -1;
  return Math.max(raster.labels[row * raster.width + column], -1);
}

/** The cells left and right of the unit edge leaving corner (x, y) towards (x + dx, y + dy). */
function cellsBeside(raster: LabelRaster, x: number, y: number, dx: number, dy: number): [number, number] {
  if (dx === 1) return [labelAt(raster, x, y), labelAt(raster, x, y - 1)];
  if (dx === -1) return [labelAt(raster, x - 1, y - 1), labelAt(raster, x - 1, y)];
  if (dy === 1) return [labelAt(raster, x - 1, y), labelAt(raster, x, y)];
  return [labelAt(raster, x, y - 1), labelAt(raster, x - 1, y - 1)];
}

/** 4-connected parts per label, by flood fill. */
function countParts(raster: LabelRaster): Map<number, number> {
  const { width, height, labels } = raster;
  const seen = new Uint8Array(width * height);
  const parts = new Map<number, number>();
  for (let start = 0; start < labels.length; start++) {
    const label = labels[start];
    if (label < 0 || seen[start]) continue;
    parts.set(label, (parts.get(label) ?? 0) + 1);
    const stack = [start];
    seen[start] = 1;
    while (stack.length > 0) {
      const cell = stack.pop()!;
      const i = cell % width;
      const j = (cell - i) / width;
      for (const [ni, nj] of [
        [i + 1, j],
        [i - 1, j],
        [i, j + 1],
        [i, j - 1],
      ]) {
        const next = nj * width + ni;
        if (ni < 0 || nj < 0 || ni >= width || nj >= height || seen[next] || labels[next] !== label) continue;
        seen[next] = 1;
        stack.push(next);
      }
    }
  }
  return parts;
}

/** A plain check for the inner loops, where `expect` would dominate the run time. */
function must(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

/** Every property the generator relies on; the message names the first one broken. */
function checkRegions(raster: LabelRaster): void {
  const { width, height } = raster;
  const regions = traceRegions(raster);
  const cellCount = new Map<number, number>();
  for (const label of raster.labels) if (label >= 0) cellCount.set(label, (cellCount.get(label) ?? 0) + 1);
  expect([...regions.keys()]).toEqual([...cellCount.keys()].sort((a, b) => a - b));
  expect(new Map([...regions].map(([label, polygons]) => [label, polygons.length]))).toEqual(countParts(raster));

  const coverCount = new Uint8Array(width * height);
  const coveredBy = new Int32Array(width * height).fill(-1);
  const unitEdges = new Set<string>();
  const segments = new Set<string>();
  for (const [label, polygons] of regions) {
    let area = 0;
    for (const polygon of polygons) {
      polygon.forEach((ring, k) => {
        // closed, simple, axis-parallel, wound by role
        const [first, last] = [ring[0], ring[ring.length - 1]];
        must(first[0] === last[0] && first[1] === last[1], `label ${label}: ring not closed`);
        const corners = new Set(ring.slice(0, -1).map(([x, y]) => `${x},${y}`));
        must(corners.size === ring.length - 1, `label ${label}: ring repeats a corner`);
        must(corners.size >= 4, `label ${label}: ring of ${corners.size} corners`);
        const ringArea = signedArea(ring);
        if (k === 0) must(ringArea > 0, `label ${label}: exterior not counter-clockwise`);
        else must(ringArea < 0, `label ${label}: hole not clockwise`);
        area += ringArea;

        const n = ring.length - 1;
        for (let e = 0; e < n; e++) {
          const [x0, y0] = ring[e];
          const [x1, y1] = ring[e + 1];
          must((x0 === x1) !== (y0 === y1), `label ${label}: edge ${x0},${y0} to ${x1},${y1} not axis-parallel`);
          const dx = Math.sign(x1 - x0);
          const dy = Math.sign(y1 - y0);
          const length = Math.abs(x1 - x0) + Math.abs(y1 - y0);
          const neighbour = cellsBeside(raster, x0, y0, dx, dy)[1];
          for (let s = 0; s < length; s++) {
            const [left, right] = cellsBeside(raster, x0 + s * dx, y0 + s * dy, dx, dy);
            must(left === label, `label ${label}: edge at ${x0},${y0} with ${left} on its left`);
            must(right === neighbour, `label ${label}: segment from ${x0},${y0} has more than one neighbour`);
            const key = `${label}|${right}|${x0 + s * dx},${y0 + s * dy}>${x0 + (s + 1) * dx},${y0 + (s + 1) * dy}`;
            must(!unitEdges.has(key), `label ${label}: edge ${key} twice`);
            unitEdges.add(key);
          }
          segments.add(`${label}|${neighbour}|${x0},${y0}>${x1},${y1}`);
          // a corner where the boundary goes straight on must be needed: the neighbour changes there
          const [x2, y2] = ring[e + 2 <= n ? e + 2 : 1];
          if (Math.sign(x2 - x1) === dx && Math.sign(y2 - y1) === dy) {
            must(cellsBeside(raster, x1, y1, dx, dy)[1] !== neighbour, `label ${label}: redundant corner ${x1},${y1}`);
          }
        }
      });

      const xs = polygon[0].map(([x]) => x);
      const ys = polygon[0].map(([, y]) => y);
      for (let j = Math.min(...ys); j < Math.max(...ys); j++) {
        for (let i = Math.min(...xs); i < Math.max(...xs); i++) {
          if (!insidePolygon(polygon, i + 0.5, j + 0.5)) continue;
          coverCount[j * width + i]++;
          coveredBy[j * width + i] = label;
        }
      }
    }
    must(area === cellCount.get(label), `label ${label}: area ${area}, cells ${cellCount.get(label)}`);
  }

  for (let cell = 0; cell < width * height; cell++) {
    const label = Math.max(raster.labels[cell], -1);
    const around = coverCount[cell];
    must(around === (label === -1 ? 0 : 1), `cell ${cell} of label ${label}: ${around} polygons around its centre`);
    must(coveredBy[cell] === label, `cell ${cell} of label ${label}: inside a polygon of ${coveredBy[cell]}`);
  }

  // The boundary edges are exactly the raster's, and each pair of neighbours agrees on theirs.
  const rasterEdges = new Set<string>();
  for (let j = 0; j <= height; j++) {
    for (let i = 0; i <= width; i++) {
      for (const [dx, dy] of [
        [1, 0],
        [0, 1],
        [-1, 0],
        [0, -1],
      ]) {
        const [left, right] = cellsBeside(raster, i, j, dx, dy);
        if (left !== -1 && left !== right) rasterEdges.add(`${left}|${right}|${i},${j}>${i + dx},${j + dy}`);
      }
    }
  }
  expect(unitEdges).toEqual(rasterEdges);
  const reversed = (key: string) => {
    const [a, b, span] = key.split('|');
    const [from, to] = span.split('>');
    return `${b}|${a}|${to}>${from}`;
  };
  for (const key of unitEdges) {
    if (!key.split('|')[1].startsWith('-')) must(unitEdges.has(reversed(key)), `edge ${key} without its reverse`);
  }
  // ... and on the corners along them, so a projection of the corners cannot open gaps
  for (const key of segments) {
    if (!key.split('|')[1].startsWith('-')) must(segments.has(reversed(key)), `segment ${key} without its reverse`);
  }
}

describe('traceRegions on hand-made rasters', () => {
  it('traces a single cell counter-clockwise', () => {
    expect(regionOf(drawn('A'), 'A')).toEqual([
      [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
          [0, 0],
        ],
      ],
    ]);
  });

  it('traces an L shape without collinear corners', () => {
    expect(regionOf(drawn('A.', 'AA'), 'A')).toEqual([
      [
        [
          [0, 0],
          [2, 0],
          [2, 1],
          [1, 1],
          [1, 2],
          [0, 2],
          [0, 0],
        ],
      ],
    ]);
  });

  it('keeps a straight corner only where the neighbour changes', () => {
    expect(regionOf(drawn('BB', 'AA'), 'A')).toEqual([
      [
        [
          [0, 0],
          [2, 0],
          [2, 1],
          [0, 1],
          [0, 0],
        ],
      ],
    ]);
    const three = drawn('BC', 'AA');
    expect(regionOf(three, 'A')).toEqual([
      [
        [
          [0, 0],
          [2, 0],
          [2, 1],
          [1, 1],
          [0, 1],
          [0, 0],
        ],
      ],
    ]);
    expect(regionOf(three, 'B')).toEqual([
      [
        [
          [0, 1],
          [1, 1],
          [1, 2],
          [0, 2],
          [0, 1],
        ],
      ],
    ]);
    expect(regionOf(three, 'C')).toEqual([
      [
        [
          [1, 1],
          [2, 1],
          [2, 2],
          [1, 2],
          [1, 1],
        ],
      ],
    ]);
    checkRegions(three);
  });

  it('fills a whole raster touching every border with one rectangle', () => {
    expect(regionOf(drawn('AAA', 'AAA'), 'A')).toEqual([
      [
        [
          [0, 0],
          [3, 0],
          [3, 2],
          [0, 2],
          [0, 0],
        ],
      ],
    ]);
  });

  it('gives a ring its hole, clockwise', () => {
    const raster = drawn('AAA', 'ABA', 'AAA');
    expect(regionOf(raster, 'A')).toEqual([
      [
        [
          [0, 0],
          [3, 0],
          [3, 3],
          [0, 3],
          [0, 0],
        ],
        [
          [1, 1],
          [1, 2],
          [2, 2],
          [2, 1],
          [1, 1],
        ],
      ],
    ]);
    expect(regionOf(raster, 'B')).toEqual([
      [
        [
          [1, 1],
          [2, 1],
          [2, 2],
          [1, 2],
          [1, 1],
        ],
      ],
    ]);
  });

  it('nests a region with a hole inside the hole of another', () => {
    const raster = drawn('AAAAAAA', 'A.....A', 'A.BBB.A', 'A.BCB.A', 'A.BBB.A', 'A.....A', 'AAAAAAA');
    expect(regionOf(raster, 'A')).toEqual([
      [
        [
          [0, 0],
          [7, 0],
          [7, 7],
          [0, 7],
          [0, 0],
        ],
        [
          [1, 1],
          [1, 6],
          [6, 6],
          [6, 1],
          [1, 1],
        ],
      ],
    ]);
    expect(regionOf(raster, 'B')).toEqual([
      [
        [
          [2, 2],
          [5, 2],
          [5, 5],
          [2, 5],
          [2, 2],
        ],
        [
          [3, 3],
          [3, 4],
          [4, 4],
          [4, 3],
          [3, 3],
        ],
      ],
    ]);
    expect(regionOf(raster, 'C')).toEqual([
      [
        [
          [3, 3],
          [4, 3],
          [4, 4],
          [3, 4],
          [3, 3],
        ],
      ],
    ]);
    checkRegions(raster);
  });

  it('gives each hole to the smallest exterior of its label around it', () => {
    const raster = drawn('AAAAAAA', 'A.....A', 'A.AAA.A', 'A.ABA.A', 'A.AAA.A', 'A.....A', 'AAAAAAA');
    expect(regionOf(raster, 'A')).toEqual([
      [
        [
          [0, 0],
          [7, 0],
          [7, 7],
          [0, 7],
          [0, 0],
        ],
        [
          [1, 1],
          [1, 6],
          [6, 6],
          [6, 1],
          [1, 1],
        ],
      ],
      [
        [
          [2, 2],
          [5, 2],
          [5, 5],
          [2, 5],
          [2, 2],
        ],
        [
          [3, 3],
          [3, 4],
          [4, 4],
          [4, 3],
          [3, 3],
        ],
      ],
    ]);
    checkRegions(raster);
  });

  it('keeps cells touching only at a corner apart', () => {
    expect(regionOf(drawn('.A', 'A.'), 'A')).toEqual([
      [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
          [0, 0],
        ],
      ],
      [
        [
          [1, 1],
          [2, 1],
          [2, 2],
          [1, 2],
          [1, 1],
        ],
      ],
    ]);
    expect(regionOf(drawn('A.', '.A'), 'A')).toHaveLength(2);
    const checkerboard = drawn('ABA', 'BAB', 'ABA');
    expect(regionOf(checkerboard, 'A')).toHaveLength(5);
    expect(regionOf(checkerboard, 'B')).toHaveLength(4);
    for (const polygon of regionOf(checkerboard, 'A')) expect(polygon[0]).toHaveLength(5);
    checkRegions(checkerboard);
    checkRegions(drawn('AB', 'BA'));
  });

  it('cuts a boundary through a pinch corner into an exterior and a hole touching it', () => {
    for (const centre of ['B', '.']) {
      const raster = drawn('.AA', `A${centre}A`, 'AAA');
      expect(regionOf(raster, 'A')).toEqual([
        [
          [
            [0, 0],
            [3, 0],
            [3, 3],
            [1, 3],
            [1, 2],
            [0, 2],
            [0, 0],
          ],
          [
            [1, 1],
            [1, 2],
            [2, 2],
            [2, 1],
            [1, 1],
          ],
        ],
      ]);
      checkRegions(raster);
    }
    // the mirror image, and two pinches on one boundary
    checkRegions(drawn('AA.', 'A.A', 'AAA'));
    checkRegions(drawn('.AAA.', 'A.A.A', 'AAAAA'));
  });

  it('treats any negative value as no label and refuses a raster of the wrong size', () => {
    const raster = drawn('AA', 'AA');
    raster.labels[0] = -7;
    expect(regionOf(raster, 'A')).toEqual([
      [
        [
          [0, 1],
          [1, 1],
          [1, 0],
          [2, 0],
          [2, 2],
          [0, 2],
          [0, 1],
        ],
      ],
    ]);
    expect([...traceRegions(raster).keys()]).toEqual([code('A')]);
    expect(() => traceRegions({ width: 3, height: 2, labels: new Int32Array(5) })).toThrow(/needs 6 labels, has 5/);
  });
});

describe('traceRegions on random rasters', () => {
  it('covers every cell exactly once with polygons neighbours agree on (noise)', () => {
    for (let seed = 0; seed < 300; seed++) {
      const random = new Random(11, seed);
      const width = 1 + Math.floor(random.next() * 14);
      const height = 1 + Math.floor(random.next() * 14);
      const kinds = 1 + Math.floor(random.next() * 4);
      const labels = new Int32Array(width * height);
      for (let k = 0; k < labels.length; k++) labels[k] = Math.floor(random.next() * (kinds + 1)) - 1;
      checkRegions({ width, height, labels });
    }
  });

  it('covers every cell exactly once with polygons neighbours agree on (Voronoi with sea and exclaves)', () => {
    for (let seed = 0; seed < 6; seed++) {
      const random = new Random(12, seed);
      const width = 90;
      const height = 70;
      const seeds = Array.from({ length: 40 }, () => [random.next() * width, random.next() * height]);
      const labels = new Int32Array(width * height);
      for (let j = 0; j < height; j++) {
        for (let i = 0; i < width; i++) {
          let nearest = 0;
          let best = Infinity;
          seeds.forEach(([x, y], k) => {
            const d = (x - i) ** 2 + (y - j) ** 2;
            if (d < best) [best, nearest] = [d, k];
          });
          const sea = Math.sin(i / 9) + Math.cos(j / 7) > 1.2;
          labels[j * width + i] = sea ? -1 : 1000 + nearest;
        }
      }
      // scattered cells of other labels make exclaves, holes and pinches
      for (let k = 0; k < 200; k++) {
        labels[Math.floor(random.next() * labels.length)] = 1000 + Math.floor(random.next() * 40);
      }
      checkRegions({ width, height, labels });
    }
  });
});
