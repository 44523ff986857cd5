// Validates grid rows and collects them into growable columns. One instance per import; files
// may differ in their column sets (a basis missing from a file is unknown for its rows).
import { UserError } from '../core/errors.ts';
import { CONFIDENTIAL_SUFFIX, type ColumnSpec, columnSpecFor, NON_DATA_COLUMNS } from '../core/grid/columns.ts';
import { BASIS_TOP_GROUPS } from '../core/grid/groups.ts';
import { countryProblem } from '../core/grid/countries.ts';
import { type GridIdError, parseGridId, resolutionLabel } from '../core/grid/grid-id.ts';
import { Growable } from './growable.ts';
import type { ImportReport, WarningKind } from './report.ts';
import type { InputRow } from './rows.ts';

/** Eurostat's marker of a confidential value, in a value column or in its _CI flag column. */
const CONFIDENTIAL = -9999;
/** A _CI flag for a secondary suppression: hidden so that another value cannot be worked out (SDMX CONF_STATUS "D"). */
export const SECONDARY_FLAG = 2;
/** Per-row state of a value: known, missing, confidential, or a secondary suppression. */
const MISSING = 1;
const PRIMARY = 2;
const SECONDARY = 3;

interface ColumnStore {
  spec: ColumnSpec;
  values: Growable<Uint32Array> | Growable<Float64Array>;
  /** 1 where the value is confidential or missing, 2 where it is a secondary suppression; created on first need */
  unknown?: Growable<Uint8Array>;
}

interface FilePlan {
  name: string;
  fieldCount: number;
  id: number;
  country: number;
  /** one entry per stored column: its field index (-1 = absent from this file) and flag field */
  fields: { store: ColumnStore; index: number; flag: number }[];
  checks: { warning: WarningKind; parts: number[]; total: number }[];
}

export class MissingColumnError extends UserError {}

/**
 * Frequent warnings (one per confidential value: millions) counted in plain fields and handed to the
 * report once per file; only the first example's text is built.
 */
class WarningTally {
  private counts = new Map<WarningKind, { count: number; where: string; message: string }>();
  /** Count one; true when it is the first of its kind in this file (the caller then gives an example). */
  note(kind: WarningKind): boolean {
    const seen = this.counts.get(kind);
    if (seen) seen.count++;
    else this.counts.set(kind, { count: 1, where: '', message: '' });
    return !seen;
  }
  example(kind: WarningKind, where: string, message: string): void {
    Object.assign(this.counts.get(kind)!, { where, message });
  }
  flushInto(report: ImportReport): void {
    for (const [kind, { count, where, message }] of this.counts) report.warn(kind, where, message, count);
    this.counts.clear();
  }
}

export class CellCollector {
  readonly x = new Growable(Uint32Array);
  readonly y = new Growable(Uint32Array);
  readonly country = new Growable(Uint16Array);
  readonly file = new Growable(Uint16Array);
  readonly line = new Growable(Uint32Array);
  readonly columns = new Map<string, ColumnStore>();
  readonly countryNames: string[] = [];
  readonly files: string[] = [];
  rows = 0;
  skippedRows = 0;
  resolution = 0;

  private readonly tally = new WarningTally();
  private currentLine = 0;
  private readonly countryIndex = new Map<string, number | string>();
  private plan: FilePlan | undefined;
  private rowValues = new Float64Array(0);
  private rowUnknown = new Uint8Array(0);

  constructor(
    private readonly report: ImportReport,
    private readonly declared: Record<string, ColumnSpec['kind']> = {},
  ) {}

  get count(): number {
    return this.x.length;
  }

  /** Hand the counted warnings of the file just read to the report. */
  endFile(): void {
    this.tally.flushInto(this.report);
  }

  /** Start a file: map its header onto stored columns. Throws MissingColumnError without GRD_ID or T. */
  beginFile(name: string, header: string[]): void {
    const missing = ['GRD_ID', 'T'].filter((required) => !header.includes(required));
    if (missing.length) {
      throw new MissingColumnError(`missing required column ${missing.join(', ')} (header: ${header.join(', ') || 'empty'})`);
    }
    this.files.push(name);
    const ignored: string[] = [];
    for (const column of header) {
      if (this.columns.has(column)) continue;
      const spec = columnSpecFor(column, this.declared);
      if (spec) this.addColumn(spec);
      else if (!NON_DATA_COLUMNS.has(column) && !column.endsWith(CONFIDENTIAL_SUFFIX)) ignored.push(column);
      else if (column.endsWith(CONFIDENTIAL_SUFFIX) && !header.includes(column.slice(0, -CONFIDENTIAL_SUFFIX.length))) ignored.push(column);
    }
    if (ignored.length) this.report.warn('ignored columns', name, `not D4I columns, not declared in a mapping: ${ignored.join(', ')}`, ignored.length);
    const fields = [...this.columns.values()].map((store) => ({
      store,
      index: header.indexOf(store.spec.name),
      flag: header.indexOf(store.spec.name + CONFIDENTIAL_SUFFIX),
    }));
    const absent = fields.filter((f) => f.index < 0).map((f) => f.store.spec.name);
    if (absent.length) this.report.notice('absent columns', name, `no column ${absent.join(', ')}: unknown for its rows`);
    const at = (column: string) => fields.findIndex((f) => f.store.spec.name === column && f.index >= 0);
    const checks: FilePlan['checks'] = [];
    for (const label of ['birth', 'citizenship'] as const) {
      const parts = BASIS_TOP_GROUPS[label].map(at);
      if (parts.every((p) => p >= 0)) checks.push({ warning: `category sum != T (${label})`, parts, total: at('T') });
    }
    const country = header.indexOf('CNTR_ID') >= 0 ? header.indexOf('CNTR_ID') : header.indexOf('CNTR_CODE');
    if (country < 0) this.report.notice('no country column', name, 'no CNTR_ID column: cells take the country of their LAU, if any');
    this.plan = { name, fieldCount: header.length, id: header.indexOf('GRD_ID'), country, fields, checks };
    this.rowValues = new Float64Array(fields.length);
    this.rowUnknown = new Uint8Array(fields.length);
  }

  private addColumn(spec: ColumnSpec): void {
    const values = spec.kind === 'float' ? new Growable(Float64Array) : new Growable(Uint32Array);
    values.padTo(this.count);
    const store: ColumnStore = { spec, values };
    if (this.count > 0) {
      // rows already read come from files without this column: their value is not available
      this.unknownOf(store).view().fill(1);
      this.report.notice(
        'late columns',
        this.files[this.files.length - 1] ?? '',
        `column ${spec.name} first appears here: unknown for the ${this.count.toLocaleString('en')} rows before it`,
      );
    }
    this.columns.set(spec.name, store);
  }

  private unknownOf(store: ColumnStore): Growable<Uint8Array> {
    if (!store.unknown) {
      store.unknown = new Growable(Uint8Array);
      store.unknown.padTo(this.count);
    }
    return store.unknown;
  }

  /** Validate one row; store it when valid. Every problem is reported with file and line. */
  addRow(row: InputRow): void {
    this.rows++;
    if (!this.storeRow(row)) this.skippedRows++;
  }

  private storeRow(row: InputRow): boolean {
    const plan = this.plan!;
    this.currentLine = row.line;
    if (row.fieldCount !== plan.fieldCount) {
      return this.reject('wrong field count', `has ${row.fieldCount} fields, the header has ${plan.fieldCount} (truncated or malformed line)`);
    }
    let cell = row.gridCell?.(plan.id);
    if (!cell) {
      try {
        cell = parseGridId(row.text(plan.id));
      } catch (error) {
        return this.reject('bad id', `GRD_ID ${(error as GridIdError).message}`);
      }
    }
    if (this.resolution === 0) this.resolution = cell.res;
    else if (cell.res !== this.resolution) {
      return this.reject(
        'resolution',
        `GRD_ID "${row.text(plan.id)}" is a ${resolutionLabel(cell.res)} cell; this import is at ${resolutionLabel(this.resolution)}`,
      );
    }
    const countryIdx = plan.country >= 0 ? this.countryOf(row.text(plan.country).trim()) : this.countryOf('');
    if (typeof countryIdx === 'string') {
      return this.reject('unknown country', `CNTR_ID "${row.text(plan.country)}" ${countryIdx}`);
    }

    let ok = true;
    const { fields } = plan;
    const values = this.rowValues;
    const unknown = this.rowUnknown;
    for (let k = 0; k < fields.length; k++) {
      const { index, flag, store } = fields[k];
      values[k] = 0;
      unknown[k] = 0;
      if (index < 0 || row.isEmpty(index)) {
        unknown[k] = MISSING;
        continue;
      }
      const v = row.number(index);
      const name = store.spec.name;
      if (Number.isNaN(v)) {
        ok = this.reject('not a number', `${name} "${row.text(index)}" is not a number`);
      } else if (v === CONFIDENTIAL) {
        unknown[k] = PRIMARY;
      } else if (v < 0) {
        ok = this.reject('negative count', `${name} is ${v}: counts cannot be negative`);
      } else if (store.spec.kind === 'int' && !Number.isInteger(v)) {
        ok = this.reject('not a number', `${name} "${row.text(index)}" is not a whole number`);
      } else if (!Number.isFinite(v) || v > 0xffffffff) {
        ok = this.reject('not a number', `${name} "${row.text(index)}" is out of range`);
      } else {
        values[k] = v;
      }
      if (flag >= 0 && !row.isEmpty(flag)) {
        const f = row.number(flag);
        if (Number.isNaN(f)) {
          ok = this.reject('bad confidentiality flag', `${name}${CONFIDENTIAL_SUFFIX} is "${row.text(flag)}" (expected empty, 0, 1, 2 or -9999)`);
        } else if (f !== 0) {
          // any other non-zero flag (real files hold a few, e.g. -9986) is read as confidential: never a false known value
          if (f !== CONFIDENTIAL && f !== 1 && f !== SECONDARY_FLAG)
            this.report.warn('unusual confidentiality flag', this.here(), `${name}${CONFIDENTIAL_SUFFIX} is ${f}: read as confidential`);
          values[k] = 0;
          unknown[k] = f === SECONDARY_FLAG ? SECONDARY : PRIMARY;
        }
      }
    }
    if (!ok) return false;

    for (const check of plan.checks) {
      if (check.total < 0 || unknown[check.total]) continue;
      let sum = 0;
      let known = true;
      for (const p of check.parts) {
        sum += values[p];
        if (unknown[p]) known = false;
      }
      if (known && sum !== values[check.total] && this.tally.note(check.warning)) {
        this.tally.example(check.warning, this.here(), `${sum} vs T ${values[check.total]}`);
      }
    }

    for (let k = 0; k < fields.length; k++) {
      const store = fields[k].store;
      store.values.push(values[k]);
      if (unknown[k]) {
        if (unknown[k] !== MISSING) {
          if (this.tally.note('confidential values')) this.tally.example('confidential values', this.here(), `${store.spec.name} is confidential`);
        } else if (fields[k].index >= 0 && this.tally.note('missing values')) {
          this.tally.example('missing values', this.here(), `${store.spec.name} is empty`);
        }
        this.unknownOf(store).push(unknown[k] === SECONDARY ? 2 : 1);
      } else store.unknown?.push(0);
    }
    // the cell columns last: `count` (= x.length) is the row index while the flags above are padded
    this.x.push(cell.e / cell.res);
    this.y.push(cell.n / cell.res);
    this.country.push(countryIdx);
    this.file.push(this.files.length - 1);
    this.line.push(row.line);
    return true;
  }

  /** Count an error at the current line; returns false so callers can write `ok = this.reject(...)`. */
  private reject(kind: Parameters<ImportReport['error']>[0], message: string): false {
    this.report.error(kind, this.here(), message);
    return false;
  }

  /** "file:line" of the row being read (built only when a message needs it). */
  private here(): string {
    return `${this.plan!.name}:${this.currentLine}`;
  }

  private countryOf(value: string): number | string {
    let known = this.countryIndex.get(value);
    if (known === undefined) {
      const problem = value === '' ? undefined : countryProblem(value);
      known = problem ?? this.countryNames.push(value) - 1;
      this.countryIndex.set(value, known);
    }
    return known;
  }

  /** Where a collected row came from, for messages about it. */
  whereIs(index: number): string {
    return `${this.files[this.file.view()[index]]}:${this.line.view()[index]}`;
  }
}
