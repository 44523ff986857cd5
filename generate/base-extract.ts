// The base extract: real 1 km figures (GEOSTAT 2011 totals, Census 2021 place of birth) for the
// cells of FR DE IE IT NL PT ES, committed as generate/data/base-1km.bin.gz and rebuilt from
// the public Eurostat grids by scripts/build-base-extract.ts. The generator spreads these figures
// into 100 m cells; at run time nothing else is read.
//
// File = gzip (level 9) of this payload; every integer is an unsigned LEB128 varint:
//
//   magic "D4IBASE\n" | version (1) | cell count N | country count K | K x (byte length, UTF-8 CNTR_ID)
//   then one column after the other, N varints each, cells sorted by (y, x):
//     y        y - previous y (the first cell: y)
//     x        same row as the previous cell: x - previous x - 1;
//              first cell of a row: zigzag(x - x of the previous row's first cell) (the first cell: zigzag(x))
//     country  index into the country table
//     t2011    GEOSTAT 2011 total
//     t2021    Census 2021 T
//     eu2021   Census 2021 EU_OTH
//     oth2021  Census 2021 OTH
//     nat2021  zigzag(NAT - (T - EU_OTH - OTH)): 0 wherever the three add up to T (FR IT PT IE)
//   then birth2021 as ceil(N / 8) bytes of bits, least significant bit first, and nothing after.
//
// Grid-aligned columns make long runs of 0 (x steps of one cell, repeated countries, nat residuals),
// which is what gzip compresses best. Decoding is one gunzip and one pass per column into typed arrays.
import { UserError } from '../core/errors.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';

export interface BaseCells {
  count: number;
  /** 1 km grid coordinates = EPSG:3035 metres / 1000 of the lower-left corner */
  x: Uint32Array;
  y: Uint32Array;
  /** index into `countries` (CNTR_ID strings as in GEOSTAT, e.g. "FR", "NL-DE") */
  country: Uint16Array;
  countries: string[];
  t2011: Uint32Array;
  t2021: Uint32Array;
  nat2021: Uint32Array;
  eu2021: Uint32Array;
  oth2021: Uint32Array;
  /** 1 where the 2021 cell exists and its NAT/EU_OTH/OTH are all published */
  birth2021: Uint8Array;
}

export const BASE_EXTRACT_PATH = fileURLToPath(new URL('./data/base-1km.bin.gz', import.meta.url));
export const BASE_EXTRACT_MAGIC = 'D4IBASE\n';
export const BASE_EXTRACT_VERSION = 1;
const REBUILD_HINT = 'run npx tsx scripts/build-base-extract.ts';

export class BaseExtractError extends UserError {}

/** Zeroed columns for `count` cells. */
export function allocateBaseCells(count: number, countries: string[]): BaseCells {
  return {
    count,
    x: new Uint32Array(count),
    y: new Uint32Array(count),
    country: new Uint16Array(count),
    countries,
    t2011: new Uint32Array(count),
    t2021: new Uint32Array(count),
    nat2021: new Uint32Array(count),
    eu2021: new Uint32Array(count),
    oth2021: new Uint32Array(count),
    birth2021: new Uint8Array(count),
  };
}

/** zigzag(NAT - (T - EU_OTH - OTH)) for Uint32 counts lies in [0, 2^34) */
const NAT_RESIDUAL_MAX = 2 ** 34;
const zigzag = (v: number): number => (v >= 0 ? v * 2 : -v * 2 - 1);
const unzigzag = (z: number): number => (z % 2 === 0 ? z / 2 : -(z + 1) / 2);

/** Appends varints (any non-negative safe integer) to a growing buffer. */
class VarintWriter {
  bytes = new Uint8Array(1 << 16);
  length = 0;

  private reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
  varint(value: number): void {
    this.reserve(8);
    while (value >= 0x80) {
      this.bytes[this.length++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    this.bytes[this.length++] = value;
  }
  raw(data: Uint8Array): void {
    this.reserve(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
  }
}

class VarintReader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  varint(): number {
    const bytes = this.bytes;
    let b = bytes[this.pos++];
    if (b < 0x80) return b;
    let value = b & 0x7f;
    let scale = 0x80;
    for (;;) {
      if (this.pos >= bytes.length) throw new BaseExtractError('truncated varint');
      b = bytes[this.pos++];
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 0x80;
      if (scale > 2 ** 49) throw new BaseExtractError('varint too long');
    }
  }
  /** a varint of at most `max` (by default one that fits a Uint32) */
  u32(what: string, max = 0xffffffff): number {
    if (this.pos >= this.bytes.length) throw new BaseExtractError(`truncated in column ${what}`);
    const v = this.varint();
    if (v > max) throw new BaseExtractError(`${what} value ${v} out of range`);
    return v;
  }
  take(n: number, what: string): Uint8Array {
    if (this.pos + n > this.bytes.length) throw new BaseExtractError(`truncated in ${what}`);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

/** Encodes cells (sorted by (y, x), no duplicates) into the gzipped extract; the same cells give the same bytes. */
export function encodeBaseCells(cells: BaseCells): Uint8Array {
  const { count, x, y } = cells;
  for (const name of ['x', 'y', 'country', 't2011', 't2021', 'nat2021', 'eu2021', 'oth2021', 'birth2021'] as const) {
    if (cells[name].length !== count) throw new BaseExtractError(`column ${name} has ${cells[name].length} values, expected ${count}`);
  }
  for (let i = 1; i < count; i++) {
    if (y[i] < y[i - 1] || (y[i] === y[i - 1] && x[i] <= x[i - 1])) {
      throw new BaseExtractError(`cells not sorted by (y, x) without duplicates at index ${i}: (${x[i - 1]}, ${y[i - 1]}) then (${x[i]}, ${y[i]})`);
    }
  }
  const w = new VarintWriter();
  w.raw(new TextEncoder().encode(BASE_EXTRACT_MAGIC));
  w.varint(BASE_EXTRACT_VERSION);
  w.varint(count);
  w.varint(cells.countries.length);
  for (const name of cells.countries) {
    const utf8 = new TextEncoder().encode(name);
    w.varint(utf8.length);
    w.raw(utf8);
  }
  let previousY = 0;
  for (let i = 0; i < count; i++) {
    w.varint(y[i] - previousY);
    previousY = y[i];
  }
  let rowStartX = 0;
  for (let i = 0; i < count; i++) {
    if (i > 0 && y[i] === y[i - 1]) {
      w.varint(x[i] - x[i - 1] - 1);
    } else {
      w.varint(zigzag(x[i] - rowStartX));
      rowStartX = x[i];
    }
  }
  for (let i = 0; i < count; i++) {
    if (cells.country[i] >= cells.countries.length) throw new BaseExtractError(`country index ${cells.country[i]} at cell ${i} outside the table`);
    w.varint(cells.country[i]);
  }
  for (const column of [cells.t2011, cells.t2021, cells.eu2021, cells.oth2021]) {
    for (let i = 0; i < count; i++) w.varint(column[i]);
  }
  const { t2021, nat2021, eu2021, oth2021 } = cells;
  for (let i = 0; i < count; i++) w.varint(zigzag(nat2021[i] - (t2021[i] - eu2021[i] - oth2021[i])));
  const bits = new Uint8Array(Math.ceil(count / 8));
  for (let i = 0; i < count; i++) {
    const bit = cells.birth2021[i];
    if (bit > 1) throw new BaseExtractError(`birth2021 at cell ${i} is ${bit}, expected 0 or 1`);
    bits[i >> 3] |= bit << (i & 7);
  }
  w.raw(bits);
  const gz = gzipSync(w.bytes.subarray(0, w.length), { level: 9 });
  gz[9] = 0xff; // gzip OS byte = "unknown", so the bytes do not depend on the platform zlib was built for
  return gz;
}

/** Decodes a gzipped extract; throws BaseExtractError on any inconsistency. */
export function decodeBaseCells(gz: Uint8Array): BaseCells {
  let payload: Uint8Array;
  try {
    payload = gunzipSync(gz);
  } catch (error) {
    throw new BaseExtractError(`not a complete gzip stream (${(error as Error).message})`);
  }
  const r = new VarintReader(payload);
  const magic = new TextDecoder().decode(r.take(BASE_EXTRACT_MAGIC.length, 'magic'));
  if (magic !== BASE_EXTRACT_MAGIC) throw new BaseExtractError('not a base extract (wrong magic)');
  const version = r.u32('version');
  if (version !== BASE_EXTRACT_VERSION) throw new BaseExtractError(`format version ${version}, this code reads ${BASE_EXTRACT_VERSION}`);
  const count = r.u32('count');
  // every cell takes at least 8 bytes of varints: a larger count cannot be real
  if (count * 8 > payload.length) throw new BaseExtractError(`cell count ${count} does not fit ${payload.length} bytes`);
  const countryCount = r.u32('country count');
  if (countryCount > 0xffff) throw new BaseExtractError(`${countryCount} countries`);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const countries: string[] = [];
  for (let k = 0; k < countryCount; k++) countries.push(decoder.decode(r.take(r.u32('country name length'), 'country names')));

  const cells = allocateBaseCells(count, countries);
  const { x, y, country, t2011, t2021, nat2021, eu2021, oth2021, birth2021 } = cells;
  let previousY = 0;
  for (let i = 0; i < count; i++) y[i] = previousY += r.u32('y');
  if (previousY > 0xffffffff) throw new BaseExtractError('y out of range');
  let rowStartX = 0;
  for (let i = 0; i < count; i++) {
    let value: number;
    if (i > 0 && y[i] === y[i - 1]) {
      value = x[i - 1] + 1 + r.u32('x');
    } else {
      value = rowStartX + unzigzag(r.u32('x'));
      rowStartX = value;
    }
    if (value < 0 || value > 0xffffffff) throw new BaseExtractError(`x out of range at cell ${i}`);
    x[i] = value;
  }
  for (let i = 0; i < count; i++) {
    const k = r.u32('country');
    if (k >= countryCount) throw new BaseExtractError(`country index ${k} at cell ${i} outside the table of ${countryCount}`);
    country[i] = k;
  }
  for (let i = 0; i < count; i++) t2011[i] = r.u32('t2011');
  for (let i = 0; i < count; i++) t2021[i] = r.u32('t2021');
  for (let i = 0; i < count; i++) eu2021[i] = r.u32('eu2021');
  for (let i = 0; i < count; i++) oth2021[i] = r.u32('oth2021');
  for (let i = 0; i < count; i++) {
    const nat = t2021[i] - eu2021[i] - oth2021[i] + unzigzag(r.u32('nat2021', NAT_RESIDUAL_MAX));
    if (nat < 0 || nat > 0xffffffff) throw new BaseExtractError(`nat2021 out of range at cell ${i}`);
    nat2021[i] = nat;
  }
  const bits = r.take(Math.ceil(count / 8), 'birth2021');
  for (let i = 0; i < count; i++) birth2021[i] = (bits[i >> 3] >> (i & 7)) & 1;
  if (r.pos !== payload.length) throw new BaseExtractError(`${payload.length - r.pos} unexpected bytes after the last column`);
  return cells;
}

/** Reads the committed extract (or `path`). */
export function loadBaseExtract(path: string = BASE_EXTRACT_PATH): BaseCells {
  let gz: Uint8Array;
  try {
    gz = readFileSync(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : (error as Error).message;
    throw new BaseExtractError(`base extract ${path}: ${reason}; ${REBUILD_HINT}`);
  }
  try {
    return decodeBaseCells(gz);
  } catch (error) {
    if (error instanceof BaseExtractError) throw new BaseExtractError(`base extract ${path} is corrupt: ${error.message}; ${REBUILD_HINT}`);
    throw error;
  }
}
