// d4i import: D4I-format grid files (+ LAU boundaries, units table) -> one grid pack.
// read & validate rows -> sort cells spatially -> find duplicates -> assign LAUs -> sum LAUs ->
// build the pyramid -> write the pack atomically. Any error leaves no pack (an older one stays).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cellConfidentialRanges, DISCLOSURE_FILE, type DisclosureRanges, parseDisclosureRanges, SuppressedRangeError } from '../core/grid/suppressed-values.ts';
import { join } from 'node:path';
import { sortColumns } from '../core/grid/columns.ts';
import { BASIS_TOP_GROUPS } from '../core/grid/groups.ts';
import { cellsPerCountry } from '../core/grid/countries.ts';
import { type CountArray, DEFAULT_BLOCK_SIZE, type GridLevel, narrowArray, NO_LAU, permute, spatialOrder } from '../core/grid/grid-level.ts';
import { formatGridId } from '../core/grid/grid-id.ts';
import { lauAreasKm2, lauSegregationIndices } from '../core/lau/lau-indices.ts';
import { lauHiddenParts } from '../core/lau/lau-hidden-parts.ts';
import { indicatorsFor } from '../core/indicators/catalogue.ts';
import { encodeGeometry, type LauTable } from '../core/pack/lau-table.ts';
import { type PackBounds, type PackContent, writePack } from '../core/pack/pack.ts';
import { outlineEnvelope } from '../core/grid/box-outline.ts';
import { laeaToLonLat } from '../core/grid/projection.ts';
import { buildPyramid } from '../core/grid/pyramid.ts';
import { assignCellsToLaus } from './assign-lau.ts';
import { CellCollector, MissingColumnError } from './cell-collector.ts';
import { CsvReader } from './csv-reader.ts';
import { BoundaryError, type LauFeature, readLauBoundaries } from './lau-boundaries.ts';
import { readMapping, renameHeader } from './mapping.ts';
import { ParquetReader } from './parquet-reader.ts';
import { ImportFailed, ImportReport, type ImportSummary } from './report.ts';
import type { TableReader } from './rows.ts';
import { applyUnitsTable } from './units-table.ts';
import { createProgress, type Progress } from '../core/progress.ts';

export interface ImportOptions {
  /** grid files or folders of them (.csv, .csv.gz, .parquet) */
  grid: string[];
  /** LAU boundaries GeoJSON */
  lau?: string;
  /** cell-to-unit table CSV */
  units?: string;
  /** mapping file JSON for other layouts */
  mapping?: string;
  out: string;
  /** drop invalid rows (and report them) instead of failing */
  skipInvalid?: boolean;
  /** credit line kept in the pack (TileJSON attribution) */
  attribution?: string;
  synthetic?: boolean;
  progress?: Progress;
}

const GRID_FILE = /\.(csv|csv\.gz|parquet)$/i;

const TOP_GROUP_COLUMNS = new Set<string>([...BASIS_TOP_GROUPS.birth, ...BASIS_TOP_GROUPS.citizenship]);
/** Files named on the command line, folders expanded (sorted, numbers in natural order). */
export function expandInputs(paths: string[]): string[] {
  const files: string[] = [];
  const walk = (path: string) => {
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(path);
    } catch {
      throw new Error(`grid input ${path} does not exist`);
    }
    if (!stat.isDirectory()) {
      files.push(path);
      return;
    }
    const entries = readdirSync(path).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    for (const entry of entries) {
      const child = join(path, entry);
      if (statSync(child).isDirectory() || GRID_FILE.test(entry)) walk(child);
    }
  };
  paths.forEach(walk);
  if (files.length === 0) throw new Error(`no grid files (.csv, .csv.gz, .parquet) in ${paths.join(', ')}`);
  return files;
}

/** What a confidential value can be, per country, from the disclosure.json of each grid folder given. */
function readDisclosureFiles(paths: string[]): Required<DisclosureRanges> {
  const ranges: Required<DisclosureRanges> = { suppressed: {}, secondary: {} };
  for (const path of paths) {
    const file = join(path, DISCLOSURE_FILE);
    if (!statSync(path).isDirectory() || !existsSync(file)) continue;
    let raw: { suppressed?: unknown; secondary?: unknown };
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new SuppressedRangeError(`${file}: ${(error as Error).message}`);
    }
    const parsed = parseDisclosureRanges(raw, file);
    Object.assign(ranges.suppressed, parsed.suppressed);
    Object.assign(ranges.secondary, parsed.secondary);
  }
  return ranges;
}

function readerFor(file: string): TableReader {
  return file.toLowerCase().endsWith('.parquet') ? new ParquetReader(file) : new CsvReader(file);
}

export async function runImport(options: ImportOptions): Promise<{ report: ImportReport; summary: ImportSummary }> {
  const started = performance.now();
  const progress = options.progress ?? createProgress({ quiet: true, bars: false });
  const report = new ImportReport();
  const fail = (message: string): never => {
    progress.stop();
    throw new ImportFailed(message, report);
  };

  let files: string[];
  let mapping: ReturnType<typeof readMapping>;
  let disclosure: Required<DisclosureRanges>;
  try {
    files = expandInputs(options.grid);
    mapping = readMapping(options.mapping);
    // the data sets' own metadata, then the mapping file's word over it
    const fromFiles = readDisclosureFiles(options.grid);
    disclosure = {
      suppressed: { ...fromFiles.suppressed, ...mapping.suppressed },
      secondary: { ...fromFiles.secondary, ...mapping.secondary },
    };
  } catch (error) {
    return fail((error as Error).message);
  }

  // 1. read and validate
  const collector = new CellCollector(report, mapping.declare);
  const totalBytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
  progress.start('reading grid', totalBytes / 1e6, 'MB');
  let readBytes = 0;
  // a file that cannot be read to its end (corrupt gzip, truncated, a missing column) fails the import even
  // with --skip-invalid: that drops bad rows, never half a file
  const badFiles: string[] = [];
  for (const file of files) {
    let lastLine = 0;
    try {
      await readerFor(file).read(
        (header) => collector.beginFile(file, renameHeader(header, mapping.gridColumns)),
        (row) => {
          lastLine = row.line;
          collector.addRow(row);
        },
        (bytes) => {
          readBytes += bytes;
          progress.update(readBytes / 1e6);
        },
      );
    } catch (error) {
      if (error instanceof MissingColumnError) report.error('missing column', file, error.message);
      else report.error('unreadable file', `${file}:${lastLine + 1}`, `${(error as Error).message} (truncated or corrupt file?)`);
      badFiles.push(file);
    }
    collector.endFile();
  }
  progress.stop();
  if (collector.count === 0 && report.errorCount === 0) report.error('unreadable file', files.join(', '), 'no data rows');

  if (badFiles.length) fail(`cannot read ${badFiles.join(', ')} to the end; no pack written (--skip-invalid drops bad rows, never a bad file)`);

  // 2. spatial order, duplicates
  const finest = sortCells(collector, report, Boolean(options.skipInvalid));
  if (report.errorCount > 0 && !options.skipInvalid) {
    fail(`import failed with ${report.errorCount.toLocaleString('en')} error(s); no pack written (use --skip-invalid to drop bad rows)`);
  }
  if (finest.count === 0) fail('no valid cells to import; no pack written');
  progress.log(`read ${collector.rows.toLocaleString('en')} rows, ${finest.count.toLocaleString('en')} cells at ${collector.resolution} m`);

  // 3. LAUs
  const columns = sortColumns([...collector.columns.values()].map((store) => store.spec));
  let features: LauFeature[] = [];
  try {
    if (options.lau) features = readLauBoundaries(options.lau, mapping.lau);
  } catch (error) {
    if (!(error instanceof BoundaryError)) throw error;
    report.error('bad boundaries', options.lau!, error.message);
    fail(`LAU boundaries unusable; no pack written`);
  }
  const countries = [...collector.countryNames];
  if (options.lau || options.units) {
    progress.start('assigning LAUs', finest.count, 'cells');
    const lau = features.length ? assignCellsToLaus(finest, features, (done) => progress.update(done)) : new Uint32Array(finest.count).fill(NO_LAU);
    progress.stop();
    if (options.units) {
      try {
        await applyUnitsTable(options.units, mapping.units, finest, countries, features, lau, report);
      } catch (error) {
        report.error('bad units table', options.units, (error as Error).message);
      }
      if (report.errorCount > 0 && !options.skipInvalid) fail(`units table has errors; no pack written`);
    }
    finest.lau = lau;
    countryFromLau(finest, features, countries);
    const outside = lau.reduce((n, v) => n + (v === NO_LAU ? 1 : 0), 0);
    if (outside)
      report.warn('cells outside every LAU', options.lau ?? options.units!, `${outside.toLocaleString('en')} cells keep their country and no LAU`, outside);
  }
  const unknownCountry = countries.indexOf('');
  if (unknownCountry >= 0) {
    const n = finest.country.reduce((sum, c) => sum + (c === unknownCountry ? 1 : 0), 0);
    if (n) report.warn('cells without country', files[0], 'no CNTR_ID and no LAU: country unknown', n);
  }
  const sortedCountries = remapCountries(finest, countries);
  const laus = buildLauTable(
    finest,
    features,
    columns.map((c) => c.name),
  );
  laus.hiddenParts = lauHiddenParts(finest, laus, indicatorsFor(columns), cellConfidentialRanges(disclosure, sortedCountries, finest.country));

  // 4. pyramid
  progress.start('building pyramid', 10, 'levels');
  const levels = buildPyramid(finest, columns, { onLevel: () => progress.increment(1) });
  progress.stop();

  // 5. write
  const content: PackContent = {
    columns,
    countries: sortedCountries,
    ...disclosure,
    levels,
    laus,
    bounds: boundsOf(finest),
    source: {
      inputs: files.map((f) => f.split('/').slice(-3).join('/')),
      attribution: options.attribution ?? 'Grid data: see inputs',
      synthetic: Boolean(options.synthetic),
    },
  };
  const written = writePack(options.out, content);
  const countryCells = cellsPerCountry(finest, sortedCountries);
  const totals: Record<string, number> = {};
  for (const c of columns) totals[c.name] = sum(finest.values[c.name]);
  const summary: ImportSummary = {
    rows: collector.rows,
    cells: finest.count,
    skippedRows: collector.skippedRows + (collector.count - finest.count),
    resolution: finest.res,
    countries: countryCells,
    totals,
    laus: laus.count,
    levels: levels.map((l) => ({ res: l.res, cells: l.count })),
    pack: { path: options.out, bytes: written.bytes, dataVersion: written.dataVersion },
    seconds: (performance.now() - started) / 1000,
  };
  return { report, summary };
}

function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

/** Sort the collected cells spatially into the finest level; report (and with skip, drop) duplicates. */
function sortCells(collector: CellCollector, report: ImportReport, skipInvalid: boolean): GridLevel {
  const n = collector.count;
  const x = collector.x.view();
  const y = collector.y.view();
  let { order, blocks } = spatialOrder(x, y, n, DEFAULT_BLOCK_SIZE);
  const keep: number[] = [];
  let kept = -1;
  for (let j = 0; j < n; j++) {
    const i = order[j];
    if (kept >= 0 && x[i] === x[kept] && y[i] === y[kept]) {
      // overlapping extracts repeat a cell with the same figures: harmless, keep one
      if (sameRow(collector, i, kept)) {
        report.warn('repeated identical rows', collector.whereIs(i), `same cell and figures as ${collector.whereIs(kept)}: kept once`);
        continue;
      }
      const cell = formatGridId({ res: collector.resolution, e: x[i] * collector.resolution, n: y[i] * collector.resolution });
      report.error('duplicate cell', collector.whereIs(i), `${cell} already given with other figures at ${collector.whereIs(kept)}`);
      if (skipInvalid) continue;
    }
    keep.push(j);
    kept = i;
  }
  if (keep.length < n) {
    order = Uint32Array.from(keep, (j) => order[j]);
    blocks = spatialOrder(permute(x, order), permute(y, order), order.length, DEFAULT_BLOCK_SIZE).blocks;
  }
  const values: Record<string, CountArray> = {};
  const unknown: Record<string, CountArray> = {};
  const secondary: Record<string, CountArray> = {};
  for (const [name, store] of collector.columns) {
    values[name] = narrowArray(permute(store.values.view(), order), order.length, store.spec.kind);
    const flags = store.unknown?.view();
    if (!flags) continue;
    // flags: 1 unknown, 2 unknown as a secondary suppression. Which values are secondary matters only to
    // the shares of the top groups (share-bounds.ts): kept for those columns alone (a continent's share
    // or count follows the coverage rule), which saves 120 MB on the europe set
    if (!flags.includes(1) && !flags.includes(2)) continue;
    const ordered = permute(flags, order);
    unknown[name] = ordered.map((f) => (f ? 1 : 0));
    if (TOP_GROUP_COLUMNS.has(name) && flags.includes(2)) secondary[name] = ordered.map((f) => (f === 2 ? 1 : 0));
  }
  return {
    res: collector.resolution,
    count: order.length,
    x: permute(x, order),
    y: permute(y, order),
    country: permute(collector.country.view(), order),
    values,
    unknown,
    secondary,
    blocks,
  };
}

function sameRow(collector: CellCollector, a: number, b: number): boolean {
  if (collector.country.view()[a] !== collector.country.view()[b]) return false;
  for (const store of collector.columns.values()) {
    const values = store.values.view();
    const unknown = store.unknown?.view();
    if (values[a] !== values[b] || (unknown && unknown[a] !== unknown[b])) return false;
  }
  return true;
}

/** Cells without CNTR_ID take the country of their LAU. */
function countryFromLau(level: GridLevel, features: LauFeature[], countries: string[]): void {
  const none = countries.indexOf('');
  if (none < 0 || !level.lau) return;
  const indexOf = new Map(countries.map((c, i) => [c, i]));
  for (let i = 0; i < level.count; i++) {
    const lau = level.lau[i];
    if (level.country[i] !== none || lau === NO_LAU) continue;
    const name = features[lau].country;
    let index = indexOf.get(name);
    if (index === undefined) {
      index = countries.push(name) - 1;
      indexOf.set(name, index);
    }
    level.country[i] = index;
  }
}

/** Country table in sorted order (so packs do not depend on file order); returns the table. */
function remapCountries(level: GridLevel, countries: string[]): string[] {
  const used = new Set<number>();
  for (let i = 0; i < level.count; i++) used.add(level.country[i]);
  const sorted = [...used].map((i) => countries[i]).sort();
  const remap = new Uint16Array(countries.length);
  for (const [i, name] of countries.entries()) remap[i] = sorted.indexOf(name);
  for (let i = 0; i < level.count; i++) level.country[i] = remap[level.country[i]];
  return sorted;
}

function buildLauTable(level: GridLevel, features: LauFeature[], columns: string[]): LauTable {
  const count = features.length;
  const { geometry, bbox } = encodeGeometry(features.map((f) => f.coordinates));
  const cells = new Uint32Array(count);
  const values: Record<string, Float64Array> = {};
  const unknown: Record<string, Uint32Array> = {};
  const secondary: Record<string, Uint32Array> = {};
  const lau = level.lau;
  const sumByLau = (flags: ArrayLike<number>) => {
    const counts = new Uint32Array(count);
    for (let i = 0; i < level.count; i++) if (lau![i] !== NO_LAU) counts[lau![i]] += flags[i];
    return counts;
  };
  if (lau) {
    for (let i = 0; i < level.count; i++) if (lau[i] !== NO_LAU) cells[lau[i]]++;
    for (const name of columns) {
      const sums = new Float64Array(count);
      values[name] = sums;
      const source = level.values[name];
      for (let i = 0; i < level.count; i++) if (lau[i] !== NO_LAU) sums[lau[i]] += source[i];
      if (level.unknown[name]) unknown[name] = sumByLau(level.unknown[name]);
      if (level.secondary?.[name]) secondary[name] = sumByLau(level.secondary[name]);
    }
  }
  return {
    count,
    id: features.map((f) => f.id),
    giscoId: features.map((f) => f.giscoId),
    name: features.map((f) => f.name),
    country: features.map((f) => f.country),
    bbox,
    cells,
    values,
    unknown,
    secondary,
    areaKm2: lauAreasKm2(geometry, count),
    indices: lauSegregationIndices(level, count),
    geometry,
  };
}

/** EPSG:3035 box of the finest level's cells and its lon/lat envelope (sampled along the edges). */
function boundsOf(level: GridLevel): PackBounds {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < level.count; i++) {
    if (level.x[i] < minX) minX = level.x[i];
    if (level.x[i] > maxX) maxX = level.x[i];
    if (level.y[i] < minY) minY = level.y[i];
    if (level.y[i] > maxY) maxY = level.y[i];
  }
  const laea: PackBounds['laea'] = [minX * level.res, minY * level.res, (maxX + 1) * level.res, (maxY + 1) * level.res];
  const lonLat = outlineEnvelope(laea, 32, (e, n, out) => laeaToLonLat(e, n, out));
  return { laea, lonLat };
}
