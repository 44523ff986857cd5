// Ctrl-C or SIGTERM during a command that writes files: remove its temp files, say so, and exit 130/143.
// Outputs are written beside their final path and renamed into place, so the old output stays intact.
import { removeTrackedTemps } from '../core/temp-files.ts';

export function cleanUpOnInterrupt(command: string): void {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      const removed = removeTrackedTemps();
      console.error(
        `d4i ${command}: interrupted by ${signal}; ${removed.length ? `removed ${removed.join(', ')}` : 'no temp file left'}; earlier outputs untouched`,
      );
      process.exit(code);
    });
  }
}
