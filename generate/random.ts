// Deterministic randomness for the generator: the same preset and seed give byte-identical output,
// whatever order cells are visited in, because every draw is keyed by (seed, place), not by a
// shared stream position.

/** A 32-bit hash of a few integers (murmur3 finaliser mixing). */
export function hash32(...values: number[]): number {
  let h = 0x811c9dc5;
  for (const v of values) {
    h = Math.imul(h ^ (v | 0), 0x01000193);
    h = Math.imul(h ^ Math.floor(v / 4294967296), 0x01000193);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** hash32 of exactly three 32-bit integers, without the rest-parameter array (hot loops). */
export function hash3(a: number, b: number, c: number): number {
  let h = Math.imul(0x811c9dc5 ^ a, 0x01000193);
  h = Math.imul(h ^ b, 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h ^ c, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A seeded stream (mulberry32), for draws that belong to one keyed object. */
export class Random {
  private state: number;

  constructor(...key: number[]) {
    this.state = hash32(...key);
  }

  /** Restart the stream for another key of three integers (no allocation: one stream per hot loop). */
  reset(a: number, b: number, c: number): this {
    this.state = hash3(a, b, c) | 0;
    return this;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Binomial(n, p): exact by inversion for small n*p, normal approximation with continuity for large. */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    const mean = n * p;
    if (mean < 25 || n * (1 - p) < 25) {
      if (p > 0.5) return n - this.binomial(n, 1 - p);
      // inversion: walk the pmf
      const q = 1 - p;
      let k = 0;
      let prob = q ** n;
      let cumulative = prob;
      const u = this.next();
      while (u > cumulative && k < n) {
        prob *= ((n - k) / (k + 1)) * (p / q);
        cumulative += prob;
        k++;
      }
      return k;
    }
    const draw = Math.round(mean + Math.sqrt(mean * (1 - p)) * this.normal());
    return Math.min(n, Math.max(0, draw));
  }
}
