// Write-then-rename, so a crash or an error mid-write never leaves a half file where a good one was.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { asFileSystemError } from '../errors.ts';
import { releaseTemp, trackTemp } from '../temp-files.ts';

/** A temp path beside `path` (same directory, so the final rename is atomic on one file system). */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
}

/** Writes `chunks` to a temp file, fsyncs it and renames it over `path`; removes the temp file on error. */
export function writeFileAtomic(path: string, chunks: () => Iterable<Uint8Array>): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    throw asFileSystemError(error, 'write', path);
  }
  const temp = tempPathFor(path);
  trackTemp(temp);
  let fd = -1;
  try {
    fd = openSync(temp, 'w');
    for (const chunk of chunks()) {
      let done = 0;
      while (done < chunk.length) done += writeSync(fd, chunk, done, chunk.length - done);
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    renameSync(temp, path);
  } catch (error) {
    if (fd >= 0) closeSync(fd);
    rmSync(temp, { force: true });
    throw asFileSystemError(error, 'write', path);
  } finally {
    releaseTemp(temp);
  }
}
