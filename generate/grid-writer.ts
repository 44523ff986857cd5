// One country's grid file, D4I_{CC}_grid.csv.gz, in the input format of D4I-SCHEMA.md. Rows are
// written as ASCII bytes straight into a chunk buffer (no string per row: millions of rows would
// otherwise be garbage to collect) and the chunks go through gzip to the file.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';
import { CONFIDENTIAL_SUFFIX } from '../core/grid/columns.ts';
import { GRID_COUNT_COLUMNS } from './groups.ts';

const CHUNK = 1 << 20;
const COMMA = 44;
const NEWLINE = 10;
const CONFIDENTIAL = Buffer.from('-9999');
/** the _CI of a secondary suppression (secondary-suppression.ts) */
const SECONDARY = Buffer.from('2');

export class GridFileWriter {
  private readonly gzip = createGzip({ level: 6 });
  private readonly file;
  private chunk = Buffer.allocUnsafe(CHUNK);
  private used = 0;
  private readonly flagged: number[];
  private readonly idPrefix = Buffer.from('CRS3035RES100mN');
  private readonly country: Buffer;
  rows = 0;

  /** `flaggable`: columns that get an XXX_CI column in this file. */
  constructor(
    readonly path: string,
    country: string,
    flaggable: string[],
  ) {
    this.flagged = flaggable.map((name) => GRID_COUNT_COLUMNS.indexOf(name));
    this.country = Buffer.from(`,${country}`);
    this.file = createWriteStream(path);
    this.gzip.pipe(this.file);
    const header = ['GRD_ID', 'CNTR_ID', ...GRID_COUNT_COLUMNS, ...flaggable.map((c) => c + CONFIDENTIAL_SUFFIX)];
    this.bytes(Buffer.from(`${header.join(',')}\n`));
  }

  private bytes(b: Buffer): void {
    b.copy(this.chunk, this.used);
    this.used += b.length;
  }

  /** A non-negative integer in decimal. */
  private int(v: number): void {
    if (v < 10) {
      this.chunk[this.used++] = 48 + v;
      return;
    }
    let digits = 0;
    for (let t = v; t > 0; t = Math.floor(t / 10)) digits++;
    for (let p = this.used + digits - 1; p >= this.used; p--) {
      this.chunk[p] = 48 + (v % 10);
      v = Math.floor(v / 10);
    }
    this.used += digits;
  }

  /** One 100 m cell: `row` in GRID_COUNT_COLUMNS order, `flags[i]` = 1 for a confidential value, 2 for a secondary suppression. */
  write(e: number, n: number, row: Int32Array, flags: Uint8Array): void {
    if (this.used > CHUNK - 512) this.pushChunk();
    this.bytes(this.idPrefix);
    this.int(n);
    this.chunk[this.used++] = 69; // E
    this.int(e);
    this.bytes(this.country);
    for (let i = 0; i < row.length; i++) {
      this.chunk[this.used++] = COMMA;
      if (flags[i]) this.bytes(CONFIDENTIAL);
      else this.int(row[i]);
    }
    for (const i of this.flagged) {
      this.chunk[this.used++] = COMMA;
      if (flags[i]) this.bytes(flags[i] === 2 ? SECONDARY : CONFIDENTIAL);
    }
    this.chunk[this.used++] = NEWLINE;
    this.rows++;
  }

  /** set when gzip asks us to wait; listened for at once, so a 'drain' emitted while the caller awaits another writer is not missed */
  private drained: Promise<unknown> | undefined;
  private pushChunk(): void {
    if (!this.gzip.write(this.chunk.subarray(0, this.used)) && !this.drained) this.drained = once(this.gzip, 'drain');
    this.chunk = Buffer.allocUnsafe(CHUNK);
    this.used = 0;
  }

  /** Wait for gzip to catch up when it asks to (call between cells). */
  async drain(): Promise<void> {
    const drained = this.drained;
    this.drained = undefined;
    await drained;
  }

  async close(): Promise<void> {
    this.pushChunk();
    this.gzip.end();
    await once(this.file, 'close');
  }
}
