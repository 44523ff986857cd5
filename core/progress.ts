// Progress bars for long steps (cli-progress on stderr when it is a terminal; silent otherwise, so
// logs and tests stay clean), and the one-line step log that ends each stage.
import cliProgress from 'cli-progress';

export interface Progress {
  /** begin a stage of `total` units (bytes, cells, ...) */
  start(label: string, total: number, unit?: string): void;
  increment(by: number): void;
  update(value: number): void;
  stop(): void;
  /** a line of its own (stage done, summary) */
  log(line: string): void;
}

export interface ProgressOptions {
  /** draw bars (default: when stderr is a terminal) */
  bars?: boolean;
  /** print nothing: no bars and no step lines (default: false) */
  quiet?: boolean;
}

export function createProgress({ bars = Boolean(process.stderr.isTTY), quiet = false }: ProgressOptions = {}): Progress {
  let bar: cliProgress.SingleBar | undefined;
  return {
    start(label, total, unit = '') {
      if (!bars || quiet) return;
      bar?.stop();
      bar = new cliProgress.SingleBar(
        {
          format: `${label.padEnd(22)} [{bar}] {percentage}% | {value}/{total}${unit ? ` ${unit}` : ''} | {duration_formatted}`,
          hideCursor: true,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(Math.max(1, Math.round(total)), 0);
    },
    increment(by) {
      bar?.increment(by);
    },
    update(value) {
      bar?.update(Math.round(value));
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
    log(line) {
      if (quiet) return;
      bar?.stop();
      bar = undefined;
      process.stderr.write(`${line}\n`);
    },
  };
}
