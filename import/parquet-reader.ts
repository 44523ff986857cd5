// Parquet grid files via hyparquet. Two layouts: a table with a GRD_ID column, or Eurostat/GISCO
// tiled grids (gridtiler) where each file is `{tx}/{ty}.parquet`, `x`/`y` are positions inside the
// tile and an `info.json` above gives the tile size, origin and resolution.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet';
import { formatGridId, type GridCell } from '../core/grid/grid-id.ts';
import type { InputRow, TableReader } from './rows.ts';

/** gridtiler's info.json (fields used here). */
interface TilingInfo {
  tileSizeCell: number;
  originPoint: { x: number; y: number };
  resolutionGeo: number;
}

/** Finds the tiling description for a tile file, looking up to three folders above it. */
function tilingFor(path: string): { info: TilingInfo; tx: number; ty: number } | undefined {
  const ty = Number(basename(path, '.parquet'));
  const tx = Number(basename(dirname(path)));
  if (!Number.isInteger(tx) || !Number.isInteger(ty)) return undefined;
  let dir = dirname(path);
  for (let up = 0; up < 3; up++) {
    const candidate = join(dir, 'info.json');
    if (existsSync(candidate)) return { info: JSON.parse(readFileSync(candidate, 'utf8')) as TilingInfo, tx, ty };
    dir = dirname(dir);
  }
  return undefined;
}

/** A column as read: numbers in a Float64Array (NaN = null), anything else as values. */
type Column = Float64Array | ArrayLike<unknown>;

/** Numeric columns (INT64 arrives as bigint) become one Float64Array: typed reads, no BigInt per access. */
function toColumn(values: ArrayLike<unknown>): Column {
  let numeric = true;
  for (let i = 0; i < values.length && numeric; i++) {
    const v = values[i];
    numeric = v === null || v === undefined || typeof v === 'number' || typeof v === 'bigint';
  }
  if (!numeric) return values;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = v === null || v === undefined ? NaN : Number(v);
  }
  return out;
}

class ColumnRow implements InputRow {
  line = 0;
  fieldCount = 0;
  index = 0;
  columns: Column[] = [];
  /** for tiled files: the cell of row `index` */
  cellOf: ((index: number) => GridCell) | undefined;
  /** column index of a GRD_ID synthesised from the tile position */
  virtualId = -1;

  isEmpty(i: number): boolean {
    const column = this.columns[i];
    if (column instanceof Float64Array) return Number.isNaN(column[this.index]);
    if (i === this.virtualId) return false;
    const v = column[this.index];
    return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
  }
  number(i: number): number {
    const column = this.columns[i];
    if (column instanceof Float64Array) return column[this.index];
    const v = column[this.index];
    return typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  }
  text(i: number): string {
    if (i === this.virtualId) return formatGridId(this.cellOf!(this.index));
    const v = this.columns[i][this.index];
    return v === null || v === undefined ? '' : String(v);
  }
  gridCell(): GridCell | undefined {
    return this.cellOf?.(this.index);
  }
}

export class ParquetReader implements TableReader {
  constructor(readonly path: string) {}

  async read(onHeader: (columns: string[]) => void, onRow: (row: InputRow) => void, onBytes?: (bytes: number) => void): Promise<void> {
    const file = await asyncBufferFromFile(this.path);
    const metadata = await parquetMetadataAsync(file);
    const names = parquetSchema(metadata).children.map((child) => child.element.name);
    const rowCount = Number(metadata.num_rows);
    const chunks = new Map<string, ArrayLike<unknown>>();
    await parquetRead({
      file,
      onChunk({ columnName, columnData, rowStart }) {
        if (rowStart === 0 && columnData.length === rowCount) {
          chunks.set(columnName, columnData);
          return;
        }
        // several row groups: gather them into one array per column
        let target = chunks.get(columnName) as unknown[] | undefined;
        if (!target || target.length !== rowCount) {
          target = new Array(rowCount);
          chunks.set(columnName, target);
        }
        for (let i = 0; i < columnData.length; i++) target[rowStart + i] = columnData[i];
      },
    });
    onBytes?.(statSync(this.path).size);

    const row = new ColumnRow();
    const header = [...names];
    row.columns = names.map((name) => toColumn(chunks.get(name) ?? []));
    const tiling = names.includes('GRD_ID') ? undefined : tilingFor(this.path);
    if (tiling && names.includes('x') && names.includes('y')) {
      const { info, tx, ty } = tiling;
      const xs = row.columns[names.indexOf('x')] as Float64Array;
      const ys = row.columns[names.indexOf('y')] as Float64Array;
      const res = info.resolutionGeo;
      const size = info.tileSizeCell;
      row.cellOf = (i) => ({
        res,
        e: info.originPoint.x + (tx * size + xs[i]) * res,
        n: info.originPoint.y + (ty * size + ys[i]) * res,
      });
      row.virtualId = header.push('GRD_ID') - 1;
      row.columns.push([]);
    }
    onHeader(header);
    row.fieldCount = header.length;
    for (let i = 0; i < rowCount; i++) {
      row.index = i;
      row.line = i + 2; // as if the header were line 1, like the CSV files
      onRow(row);
    }
  }
}
