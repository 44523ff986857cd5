// The grid pack: one binary file holding every level of the pyramid and the LAU table.
//
//   preamble (32 bytes): magic "D4IPACK\n" | format version u32 | header bytes u32 |
//                        body bytes f64 | header crc32 u32 | body crc32 u32
//   (the header crc32 runs over the preamble's version and lengths, then the header: a flipped length
//   is caught as corruption, not read as a size)
//   header: UTF-8 JSON (columns, countries, levels, LAU names, where each array lives), padded to 8
//   body:   typed arrays, each aligned to 8 bytes, little-endian
//
// Loading is one read and typed-array views on it (no per-cell objects). The data version (for URLs
// and ETags) is a hash of the content; the crc32s catch truncation and corruption.
import { UserError } from '../errors.ts';
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import type { ColumnSpec } from '../grid/columns.ts';
import type { BlockIndex, CountArray, GridLevel } from '../grid/grid-level.ts';
import { type CountryTotals, countryTotals } from '../grid/country-totals.ts';
import type { SuppressedRanges } from '../grid/suppressed-values.ts';
import type { LauTable } from './lau-table.ts';
import type { HiddenPartArrays } from '../indicators/readers.ts';
import { writeFileAtomic } from './atomic-write.ts';

export const PACK_MAGIC = 'D4IPACK\n';
// 2: LAU areas and segregation indices
// 3: the header checksum covers the preamble's version and lengths
export const PACK_FORMAT_VERSION = 3;
const PREAMBLE_BYTES = 32;

export class PackError extends UserError {}

/** What an import knows about where the data came from, kept in the pack for TileJSON and inspect. */
export interface PackSource {
  inputs: string[];
  attribution: string;
  synthetic: boolean;
}

export interface PackBounds {
  /** EPSG:3035 metres of the finest level's cells: [minE, minN, maxE, maxN] */
  laea: [number, number, number, number];
  /** WGS84 lon/lat box of the same cells */
  lonLat: [number, number, number, number];
}

export interface PackContent {
  columns: ColumnSpec[];
  countries: string[];
  /** what a primary / secondary confidential value can be, per country, as the data set's metadata says (absent: unknown) */
  suppressed?: SuppressedRanges;
  secondary?: SuppressedRanges;
  levels: GridLevel[];
  laus: LauTable;
  bounds: PackBounds;
  source: PackSource;
}

export interface GridPack extends PackContent {
  formatVersion: number;
  /** content hash: changes whenever any cell, column or LAU changes */
  dataVersion: string;
  fileBytes: number;
  /** the whole file, every array a view into it; shared memory when loaded from disk, so worker threads read the same bytes */
  bytes: Uint8Array;
  /** per display country, every column summed over the finest level (absent in packs written before it was kept) */
  countryTotals?: Record<string, CountryTotals>;
}

type TypedArray = CountArray | Uint16Array | Uint32Array | Float32Array;
const DTYPES = {
  u8: Uint8Array,
  u16: Uint16Array,
  u32: Uint32Array,
  f32: Float32Array,
  f64: Float64Array,
} as const;
type DType = keyof typeof DTYPES;
interface ArrayRef {
  dtype: DType;
  offset: number;
  length: number;
}

interface LevelHeader {
  res: number;
  count: number;
  blocks: Omit<BlockIndex, 'start'>;
  arrays: Record<string, ArrayRef>;
}

interface PackHeader {
  formatVersion: number;
  dataVersion: string;
  columns: ColumnSpec[];
  countries: string[];
  bounds: PackBounds;
  source: PackSource;
  levels: LevelHeader[];
  laus: { count: number; id: string[]; giscoId: string[]; name: string[]; country: string[]; arrays: Record<string, ArrayRef> };
  countryTotals?: Record<string, CountryTotals>;
  suppressed?: SuppressedRanges;
  secondary?: SuppressedRanges;
}

/** `key.x`, `key.lo`, ... arrays of the LAU table's hidden parts back into one record per key. */
function hiddenPartsOf(arrays: Record<string, TypedArray>): Record<string, HiddenPartArrays> {
  const out: Record<string, Record<string, TypedArray>> = {};
  for (const [name, array] of Object.entries(arrays)) {
    const dot = name.lastIndexOf('.');
    out[name.slice(0, dot)] ??= {};
    out[name.slice(0, dot)][name.slice(dot + 1)] = array;
  }
  return out as unknown as Record<string, HiddenPartArrays>;
}

function dtypeOf(array: TypedArray): DType {
  for (const [name, Type] of Object.entries(DTYPES)) if (array instanceof Type) return name as DType;
  throw new Error(`unsupported array type ${array.constructor.name}`);
}

const align8 = (n: number) => Math.ceil(n / 8) * 8;

/** Lays out arrays in the body and remembers them in write order. */
class BodyLayout {
  arrays: TypedArray[] = [];
  bytes = 0;
  add(array: TypedArray): ArrayRef {
    const ref = { dtype: dtypeOf(array), offset: this.bytes, length: array.length };
    this.arrays.push(array);
    this.bytes = align8(this.bytes + array.byteLength);
    return ref;
  }
  addAll(prefix: string, arrays: Record<string, TypedArray>, into: Record<string, ArrayRef>) {
    for (const [name, array] of Object.entries(arrays)) into[`${prefix}${name}`] = this.add(array);
  }
}

function planLayout(content: PackContent): { header: Omit<PackHeader, 'dataVersion'>; body: BodyLayout } {
  const body = new BodyLayout();
  const levels = content.levels.map((level): LevelHeader => {
    const arrays: Record<string, ArrayRef> = {
      x: body.add(level.x),
      y: body.add(level.y),
      country: body.add(level.country),
      blockStart: body.add(level.blocks.start),
    };
    if (level.lau) arrays.lau = body.add(level.lau);
    body.addAll('values.', level.values, arrays);
    body.addAll('unknown.', level.unknown, arrays);
    body.addAll('secondary.', level.secondary ?? {}, arrays);
    const { start: _start, ...blocks } = level.blocks;
    return { res: level.res, count: level.count, blocks, arrays };
  });
  const { laus } = content;
  const lauArrays: Record<string, ArrayRef> = {};
  body.addAll('', { bbox: laus.bbox, cells: laus.cells, areaKm2: laus.areaKm2 }, lauArrays);
  body.addAll('geometry.', { ...laus.geometry }, lauArrays);
  body.addAll('values.', laus.values, lauArrays);
  body.addAll('unknown.', laus.unknown, lauArrays);
  body.addAll('secondary.', laus.secondary ?? {}, lauArrays);
  for (const [key, parts] of Object.entries(laus.hiddenParts ?? {}))
    body.addAll(`hidden.${key}.`, { ...parts } as unknown as Record<string, TypedArray>, lauArrays);
  body.addAll('indices.', laus.indices, lauArrays);
  const header = {
    formatVersion: PACK_FORMAT_VERSION,
    columns: content.columns,
    countries: content.countries,
    // part of the data version: the shares depend on it
    suppressed: content.suppressed ?? {},
    secondary: content.secondary ?? {},
    bounds: content.bounds,
    source: content.source,
    levels,
    laus: { count: laus.count, id: laus.id, giscoId: laus.giscoId, name: laus.name, country: laus.country, arrays: lauArrays },
  };
  return { header, body };
}

function bytesOf(array: TypedArray): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

const ZERO_PAD = new Uint8Array(8);

/** Write the pack atomically: a half-written file never replaces a good one. */
export function writePack(path: string, content: PackContent): { dataVersion: string; bytes: number } {
  const { header: partial, body } = planLayout(content);
  // the data version covers what tiles are made of, not where the files came from
  const { source: _source, ...identity } = partial;
  const hash = createHash('sha256');
  hash.update(JSON.stringify(identity));
  let bodyCrc = 0;
  for (const array of body.arrays) {
    const bytes = bytesOf(array);
    if (bytes.length === 0) continue; // zlib's crc32 of an empty buffer is 0, not its start value
    hash.update(bytes);
    bodyCrc = crc32(bytes, bodyCrc);
    const pad = align8(bytes.length) - bytes.length;
    if (pad) bodyCrc = crc32(ZERO_PAD.subarray(0, pad), bodyCrc);
  }
  const dataVersion = hash.digest('hex').slice(0, 16);
  // derived from the cells (so outside the data version), kept so that loading does not sum them again
  const totals = Object.fromEntries(countryTotals(content.levels[0], content.countries));
  const headerJson = Buffer.from(JSON.stringify({ ...partial, dataVersion, countryTotals: totals } satisfies PackHeader), 'utf8');
  const headerBytes = align8(headerJson.length);
  const headerBlock = Buffer.alloc(headerBytes, 0x20); // padded with spaces: still valid JSON
  headerJson.copy(headerBlock);

  const preamble = Buffer.alloc(PREAMBLE_BYTES);
  preamble.write(PACK_MAGIC, 0, 'latin1');
  preamble.writeUInt32LE(PACK_FORMAT_VERSION, 8);
  preamble.writeUInt32LE(headerBytes, 12);
  preamble.writeDoubleLE(body.bytes, 16);
  preamble.writeUInt32LE(crc32(headerBlock, crc32(preamble.subarray(8, 24))), 24);
  preamble.writeUInt32LE(bodyCrc, 28);

  writeFileAtomic(path, function* () {
    yield preamble;
    yield headerBlock;
    for (const array of body.arrays) {
      const bytes = bytesOf(array);
      yield bytes;
      const pad = align8(bytes.length) - bytes.length;
      if (pad) yield ZERO_PAD.subarray(0, pad);
    }
  });
  return { dataVersion, bytes: PREAMBLE_BYTES + headerBytes + body.bytes };
}

/**
 * Read a whole file into a SharedArrayBuffer of its own (offset 0, so every 8-aligned view is legal).
 * Shared, so that the server's worker threads see the pack without a copy of a gigabyte each.
 */
function readWhole(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const bytes = new Uint8Array(new SharedArrayBuffer(size));
    let done = 0;
    while (done < size) {
      const n = readSync(fd, bytes, done, Math.min(size - done, 1 << 30), done);
      if (n === 0) break;
      done += n;
    }
    return bytes.subarray(0, done);
  } finally {
    closeSync(fd);
  }
}

/** Load a pack from disk: one read, then typed-array views. Refuses truncated or corrupt files. */
export function loadPack(path: string): GridPack {
  let bytes: Uint8Array;
  try {
    bytes = readWhole(path);
  } catch (error) {
    throw new PackError(`cannot read pack ${path}: ${(error as Error).message}`);
  }
  return packFromBytes(bytes, path);
}

interface Preamble {
  formatVersion: number;
  headerBytes: number;
  bodyBytes: number;
  headerCrc: number;
  bodyCrc: number;
  /** crc32 of the version and lengths, where the header's checksum starts */
  fieldsCrc: number;
}

/** The fixed 32 bytes in front of a pack, checked against the file's size. */
function readPreamble(bytes: Uint8Array, fileSize: number, fail: (why: string) => never): Preamble {
  const magic = Buffer.from(bytes.subarray(0, 8)).toString('latin1');
  if (!PACK_MAGIC.startsWith(magic) || magic.length === 0) fail('it does not start with the d4i pack signature (not a pack, or a different file)');
  if (fileSize < PREAMBLE_BYTES) fail(`file is ${fileSize} bytes, too short for a pack header (truncated?)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, PREAMBLE_BYTES);
  const formatVersion = view.getUint32(8, true);
  if (formatVersion !== PACK_FORMAT_VERSION) {
    fail(`format version ${formatVersion}, this program reads version ${PACK_FORMAT_VERSION}: re-run d4i import`);
  }
  const preamble = {
    formatVersion,
    headerBytes: view.getUint32(12, true),
    bodyBytes: view.getFloat64(16, true),
    headerCrc: view.getUint32(24, true),
    bodyCrc: view.getUint32(28, true),
    fieldsCrc: crc32(bytes.subarray(8, 24)),
  };
  if (!Number.isSafeInteger(preamble.bodyBytes) || preamble.bodyBytes < 0 || preamble.headerBytes % 8 !== 0) {
    fail(`preamble is corrupt (header ${preamble.headerBytes} bytes, body ${preamble.bodyBytes} bytes)`);
  }
  const expected = PREAMBLE_BYTES + preamble.headerBytes + preamble.bodyBytes;
  if (fileSize < expected) fail(`file is truncated: ${fileSize} bytes of ${expected} expected`);
  if (fileSize > expected) fail(`file has ${fileSize - expected} unexpected trailing bytes`);
  return preamble;
}

function parseHeader(headerBlock: Uint8Array, preamble: Preamble, fail: (why: string) => never): PackHeader {
  if (crc32(headerBlock, preamble.fieldsCrc) !== preamble.headerCrc) fail('header checksum mismatch (file is corrupt)');
  return JSON.parse(Buffer.from(headerBlock).toString('utf8')) as PackHeader;
}

const failFor =
  (name: string) =>
  (why: string): never => {
    throw new PackError(`${name} is not a usable grid pack: ${why}`);
  };

/**
 * A pack's data version and format from its preamble and header alone (checked, a few kilobytes read),
 * for callers that only need to know which data a file holds. The body is checked when it is loaded.
 */
export function readPackVersion(path: string): { formatVersion: number; dataVersion: string } {
  const fail = failFor(path);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new PackError(`cannot read pack ${path}: ${(error as Error).message}`);
  }
  try {
    const size = fstatSync(fd).size;
    const start = new Uint8Array(PREAMBLE_BYTES);
    const read = readSync(fd, start, 0, PREAMBLE_BYTES, 0);
    const preamble = readPreamble(start.subarray(0, read), size, fail);
    const headerBlock = new Uint8Array(preamble.headerBytes);
    readSync(fd, headerBlock, 0, preamble.headerBytes, PREAMBLE_BYTES);
    return { formatVersion: preamble.formatVersion, dataVersion: parseHeader(headerBlock, preamble, fail).dataVersion };
  } finally {
    closeSync(fd);
  }
}

/**
 * A pack over bytes already in memory. `bodyChecked`: the body's checksum was verified when these very
 * bytes were loaded (a worker thread given the server's shared pack skips the second full pass).
 */
export function packFromBytes(bytes: Uint8Array, name = 'pack', { bodyChecked = false } = {}): GridPack {
  if (bytes.byteOffset % 8 !== 0) bytes = bytes.slice();
  const fail = failFor(name);
  const preamble = readPreamble(bytes, bytes.length, fail);
  const { formatVersion, headerBytes } = preamble;
  const bodyStart = PREAMBLE_BYTES + headerBytes;
  const header = parseHeader(bytes.subarray(PREAMBLE_BYTES, bodyStart), preamble, fail);
  if (!bodyChecked && crc32(bytes.subarray(bodyStart)) !== preamble.bodyCrc) fail('body checksum mismatch (file is corrupt)');

  const viewOf = (ref: ArrayRef) => new DTYPES[ref.dtype](bytes.buffer as ArrayBuffer, bytes.byteOffset + bodyStart + ref.offset, ref.length);
  const group = (arrays: Record<string, ArrayRef>, prefix: string) => {
    const out: Record<string, TypedArray> = {};
    for (const [key, ref] of Object.entries(arrays)) if (key.startsWith(prefix)) out[key.slice(prefix.length)] = viewOf(ref);
    return out;
  };

  const levels = header.levels.map(
    (level): GridLevel => ({
      res: level.res,
      count: level.count,
      x: viewOf(level.arrays.x) as Uint32Array,
      y: viewOf(level.arrays.y) as Uint32Array,
      country: viewOf(level.arrays.country) as Uint16Array,
      lau: level.arrays.lau ? (viewOf(level.arrays.lau) as Uint32Array) : undefined,
      values: group(level.arrays, 'values.') as Record<string, CountArray>,
      unknown: group(level.arrays, 'unknown.') as Record<string, CountArray>,
      secondary: group(level.arrays, 'secondary.') as Record<string, CountArray>,
      blocks: { ...level.blocks, start: viewOf(level.arrays.blockStart) as Uint32Array },
    }),
  );
  const lauHeader = header.laus;
  const geometry = group(lauHeader.arrays, 'geometry.');
  const laus: LauTable = {
    count: lauHeader.count,
    id: lauHeader.id,
    giscoId: lauHeader.giscoId,
    name: lauHeader.name,
    country: lauHeader.country,
    bbox: viewOf(lauHeader.arrays.bbox) as Float64Array,
    cells: viewOf(lauHeader.arrays.cells) as Uint32Array,
    values: group(lauHeader.arrays, 'values.') as Record<string, Float64Array>,
    unknown: group(lauHeader.arrays, 'unknown.') as Record<string, Uint32Array>,
    secondary: group(lauHeader.arrays, 'secondary.') as Record<string, Uint32Array>,
    hiddenParts: hiddenPartsOf(group(lauHeader.arrays, 'hidden.')),
    areaKm2: viewOf(lauHeader.arrays.areaKm2) as Float32Array,
    indices: group(lauHeader.arrays, 'indices.') as Record<string, Float32Array>,
    geometry: {
      polyStart: geometry.polyStart as Uint32Array,
      ringStart: geometry.ringStart as Uint32Array,
      coordStart: geometry.coordStart as Uint32Array,
      coords: geometry.coords as Float32Array,
    },
  };
  return {
    formatVersion,
    dataVersion: header.dataVersion,
    columns: header.columns,
    countries: header.countries,
    suppressed: header.suppressed ?? {},
    secondary: header.secondary ?? {},
    bounds: header.bounds,
    source: header.source,
    levels,
    laus,
    fileBytes: bytes.length,
    bytes,
    countryTotals: header.countryTotals,
  };
}

/** The level of a pack at `res` metres, if built. */
export function levelAt(pack: Pick<GridPack, 'levels'>, res: number): GridLevel | undefined {
  return pack.levels.find((level) => level.res === res);
}
