// What an import saw: counts, warnings by kind, errors by kind with file:line. Every problem is
// counted; the first few of each are kept with their location so a user can find them.
import { UserError } from '../core/errors.ts';

export const SHOWN_ERRORS = 20;

export type ErrorKind =
  | 'missing column'
  | 'bad id'
  | 'resolution'
  | 'unknown country'
  | 'duplicate cell'
  | 'negative count'
  | 'not a number'
  | 'bad confidentiality flag'
  | 'wrong field count'
  | 'unreadable file'
  | 'bad boundaries'
  | 'bad units table';

export type WarningKind =
  | 'category sum != T (birth)'
  | 'category sum != T (citizenship)'
  | 'repeated identical rows'
  | 'confidential values'
  | 'unusual confidentiality flag'
  | 'missing values'
  | 'cells outside every LAU'
  | 'cells without country'
  | 'ignored columns'
  | 'units table rows for cells not in the grid'
  | 'units table LAUs without boundary'
  | 'LAU boundaries without geometry';

export interface Problem {
  kind: string;
  /** "file:line", or the file alone when the problem is not on one line */
  where: string;
  message: string;
}

export interface ImportSummary {
  rows: number;
  cells: number;
  skippedRows: number;
  resolution: number;
  countries: Record<string, number>;
  totals: Record<string, number>;
  laus: number;
  levels: { res: number; cells: number }[];
  pack?: { path: string; bytes: number; dataVersion: string };
  seconds: number;
}

export class ImportReport {
  readonly errors = new Map<string, number>();
  readonly warnings = new Map<string, number>();
  readonly shownErrors: Problem[] = [];
  readonly warningExamples = new Map<string, Problem>();
  /** informational, grouped by kind: how many times, and the first one */
  readonly notices = new Map<string, { count: number; first: Problem }>();

  error(kind: ErrorKind, where: string, message: string): void {
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
    if (this.shownErrors.length < SHOWN_ERRORS) this.shownErrors.push({ kind, where, message });
  }

  warn(kind: WarningKind, where: string, message: string, count = 1): void {
    this.warnings.set(kind, (this.warnings.get(kind) ?? 0) + count);
    if (!this.warningExamples.has(kind)) this.warningExamples.set(kind, { kind, where, message });
  }

  notice(kind: string, where: string, message: string): void {
    const seen = this.notices.get(kind);
    if (seen) seen.count++;
    else this.notices.set(kind, { count: 1, first: { kind, where, message } });
  }

  get errorCount(): number {
    let sum = 0;
    for (const n of this.errors.values()) sum += n;
    return sum;
  }

  toJSON() {
    return {
      errors: Object.fromEntries(this.errors),
      warnings: Object.fromEntries(this.warnings),
      shownErrors: this.shownErrors,
      warningExamples: [...this.warningExamples.values()],
      notices: [...this.notices.values()],
    };
  }

  /** Human-readable problem listing, for the end of an import. */
  format(): string {
    const lines: string[] = [];
    for (const { count, first } of this.notices.values()) {
      lines.push(`note: ${first.where}: ${first.message}${count > 1 ? ` (and ${count - 1} more like it)` : ''}`);
    }
    if (this.warnings.size) {
      lines.push('warnings:');
      for (const [kind, n] of this.warnings) {
        const example = this.warningExamples.get(kind);
        lines.push(`  ${kind}: ${n.toLocaleString('en')}${example ? `  (e.g. ${example.where}: ${example.message})` : ''}`);
      }
    }
    if (this.errors.size) {
      lines.push(`errors: ${this.errorCount.toLocaleString('en')}`);
      for (const [kind, n] of this.errors) lines.push(`  ${kind}: ${n.toLocaleString('en')}`);
      lines.push(`first ${Math.min(SHOWN_ERRORS, this.shownErrors.length)}:`);
      for (const p of this.shownErrors) lines.push(`  ${p.where}: ${p.message}`);
    }
    return lines.join('\n');
  }
}

/** Thrown when an import fails; carries the full report. */
export class ImportFailed extends UserError {
  constructor(
    message: string,
    readonly report: ImportReport,
  ) {
    super(message);
  }
}
