// Append-only typed arrays for columns whose final length is unknown while streaming rows in.

type NumericArray = Uint8Array | Uint16Array | Uint32Array | Float64Array;
type NumericArrayType<T extends NumericArray> = { new (length: number): T };

export class Growable<T extends NumericArray> {
  private data: T;
  length = 0;

  constructor(
    private readonly Type: NumericArrayType<T>,
    capacity = 1 << 16,
  ) {
    this.data = new Type(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = value;
  }

  /** Overwrite the value at `index` (< length). */
  set(index: number, value: number): void {
    this.data[index] = value;
  }

  /** Pad with zeros up to `length`: for columns created after rows were already collected. */
  padTo(length: number): void {
    while (this.data.length < length) this.grow();
    this.length = length;
  }

  /** Drop values past `length` (a row that failed validation after some columns were stored). */
  truncate(length: number): void {
    const old = this.length;
    this.length = Math.min(old, length);
    this.data.fill(0, this.length, old);
  }

  /** A view of the filled part (shares memory until the next push). */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }

  private grow(): void {
    const next = new this.Type(Math.max(16, this.data.length * 2));
    next.set(this.data);
    this.data = next;
  }
}
