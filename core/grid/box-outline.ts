// The envelope of a rectangle seen in another projection: its outline is sampled, because a straight
// box of one system is curved in the other (a lon/lat box or a Mercator tile in EPSG:3035, and back).

/** [minX, minY, maxX, maxY] */
export type Box = [number, number, number, number];

/**
 * The envelope of `project` over `steps` + 1 points on each side of `box` (corners included). Points
 * that do not project to finite values (beyond the poles) are skipped.
 */
export function outlineEnvelope(box: Box, steps: number, project: (x: number, y: number, out: number[]) => void): Box {
  const [x0, y0, x1, y1] = box;
  const envelope: Box = [Infinity, Infinity, -Infinity, -Infinity];
  const p = [0, 0];
  const add = (x: number, y: number) => {
    project(x, y, p);
    if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) return;
    envelope[0] = Math.min(envelope[0], p[0]);
    envelope[1] = Math.min(envelope[1], p[1]);
    envelope[2] = Math.max(envelope[2], p[0]);
    envelope[3] = Math.max(envelope[3], p[1]);
  };
  for (let k = 0; k <= steps; k++) {
    const t = k / steps;
    add(x0 + (x1 - x0) * t, y0);
    add(x0 + (x1 - x0) * t, y1);
    add(x0, y0 + (y1 - y0) * t);
    add(x1, y0 + (y1 - y0) * t);
  }
  return envelope;
}

/**
 * The envelope of `project` over a (steps + 1) x (steps + 1) grid of points covering `box`: for areas so
 * large (a whole-world tile) that points inside project beyond the image of the outline.
 */
export function areaEnvelope(box: Box, steps: number, project: (x: number, y: number, out: number[]) => void): Box {
  const [x0, y0, x1, y1] = box;
  const envelope: Box = [Infinity, Infinity, -Infinity, -Infinity];
  const p = [0, 0];
  for (let i = 0; i <= steps; i++) {
    for (let j = 0; j <= steps; j++) {
      project(x0 + ((x1 - x0) * i) / steps, y0 + ((y1 - y0) * j) / steps, p);
      if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) continue;
      envelope[0] = Math.min(envelope[0], p[0]);
      envelope[1] = Math.min(envelope[1], p[1]);
      envelope[2] = Math.max(envelope[2], p[0]);
      envelope[3] = Math.max(envelope[3], p[1]);
    }
  }
  return envelope;
}
