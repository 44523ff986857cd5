// Temp files and folders a command is writing, so an interrupt can remove them before the process exits
// (the CLI's import and generate install the handler: cli/interrupt.ts). Nothing here touches signals.
import { rmSync } from 'node:fs';

const live = new Set<string>();

/** Remember a temp path until `releaseTemp`: it is removed if the command is interrupted. */
export function trackTemp(path: string): void {
  live.add(path);
}

/** The temp path was renamed into place or removed: nothing to clean up. */
export function releaseTemp(path: string): void {
  live.delete(path);
}

/** Remove every tracked temp path (files and folders); returns those removed. */
export function removeTrackedTemps(): string[] {
  const removed = [...live];
  for (const path of removed) rmSync(path, { recursive: true, force: true });
  live.clear();
  return removed;
}
