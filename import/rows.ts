// A row of an input table as the importer sees it, whatever the file format. Readers reuse one
// row object per file (no per-row allocation); consumers must not keep it past the callback.
import type { GridCell } from '../core/grid/grid-id.ts';

export interface InputRow {
  /** 1-based line (CSV) or row number (Parquet, counting the header as line 1) */
  line: number;
  fieldCount: number;
  /** empty (or whitespace-only) field: a value that is not available */
  isEmpty(i: number): boolean;
  /** the field as a number: NaN when it is not one (callers check isEmpty first) */
  number(i: number): number;
  /** the field as text */
  text(i: number): string;
  /**
   * The cell without making a GRD_ID string, where the reader can (tiled Parquet; long-form ids read
   * from bytes). undefined: parse `text(idField)` instead, which also explains what is wrong.
   */
  gridCell?(idField: number): GridCell | undefined;
}

export interface TableReader {
  /** Reads the file; calls onHeader once, then onRow for each data row. */
  read(onHeader: (columns: string[]) => void, onRow: (row: InputRow) => void, onBytes?: (bytes: number) => void): Promise<void>;
}
