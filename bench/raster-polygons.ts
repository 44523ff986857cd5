// d4i bench raster-polygons: traceRegions (the generator's hand-written LAU boundary tracer) on a raster
// shaped like the generator's: Voronoi LAUs (nearest of jittered seeds) with a sea, at the size of a large
// country. Time, rings, vertices and memory retained by the result (d4i bench runs node with --expose-gc).
import { Random } from '../generate/random.ts';
import { traceRegions, type LabelRaster } from '../generate/raster-polygons.ts';

function voronoiRaster(width: number, height: number, labelCount: number): LabelRaster {
  const random = new Random(2024);
  // one seed per bucket, so the nearest seed is always within the 5 x 5 buckets around a cell
  const bucket = Math.sqrt((width * height) / labelCount);
  const columns = Math.ceil(width / bucket);
  const rows = Math.ceil(height / bucket);
  const seedX = new Float64Array(columns * rows);
  const seedY = new Float64Array(columns * rows);
  for (let b = 0; b < columns * rows; b++) {
    seedX[b] = ((b % columns) + random.next()) * bucket;
    seedY[b] = (Math.floor(b / columns) + random.next()) * bucket;
  }
  const labels = new Int32Array(width * height);
  for (let j = 0; j < height; j++) {
    const bj = Math.floor(j / bucket);
    for (let i = 0; i < width; i++) {
      // a wavy coast and a few lakes
      const sea = Math.sin(i / 310) + Math.cos(j / 270) + 0.3 * Math.sin((i + j) / 37) > 1.3;
      if (sea) {
        labels[j * width + i] = -1;
        continue;
      }
      const bi = Math.floor(i / bucket);
      let nearest = -1;
      let best = Infinity;
      for (let nj = Math.max(0, bj - 2); nj <= Math.min(rows - 1, bj + 2); nj++) {
        for (let ni = Math.max(0, bi - 2); ni <= Math.min(columns - 1, bi + 2); ni++) {
          const b = nj * columns + ni;
          const distance = (seedX[b] - i - 0.5) ** 2 + (seedY[b] - j - 0.5) ** 2;
          if (distance < best) [best, nearest] = [distance, b];
        }
      }
      labels[j * width + i] = nearest;
    }
  }
  return { width, height, labels };
}

function retainedMB(): number {
  (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return (heapUsed + arrayBuffers) / 1e6;
}

export interface BenchRasterPolygonsOptions {
  width: number;
  height: number;
  labels: number;
}

export async function benchRasterPolygons({ width, height, labels }: BenchRasterPolygonsOptions): Promise<void> {
  const raster = voronoiRaster(width, height, labels);
  const before = retainedMB();
  const started = performance.now();
  const regions = traceRegions(raster);
  const ms = performance.now() - started;
  const mb = retainedMB() - before;
  let rings = 0;
  let vertices = 0;
  for (const polygons of regions.values()) {
    for (const polygon of polygons) {
      rings += polygon.length;
      for (const ring of polygon) vertices += ring.length - 1;
    }
  }
  console.log(
    `bench raster-polygons: ${(raster.width * raster.height).toLocaleString('en')} cells, ` +
      `${regions.size.toLocaleString('en')} labels, ` +
      `${rings.toLocaleString('en')} rings, ${vertices.toLocaleString('en')} vertices, ${ms.toFixed(0)} ms, ` +
      `${mb.toFixed(0)} MB retained (result), peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
}
