// Errors a user can act on: bad input, a bad setting, an unusable file. The CLI prints their message
// alone and exits 1, the server answers them with a 4xx; any other exception is a bug, reported with its
// stack (the CLI) or as a logged 500 (the server).
export class UserError extends Error {
  override get name(): string {
    return this.constructor.name;
  }
}

const FILE_SYSTEM_REASONS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a parent is not a folder',
  EISDIR: 'it is a folder',
};

/** A file-system failure the user can fix (full disk, permissions) as a one-line UserError naming the path; others unchanged. */
export function asFileSystemError(error: unknown, action: string, path: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = code ? FILE_SYSTEM_REASONS[code] : undefined;
  return reason ? new UserError(`cannot ${action} ${path}: ${reason} (${code})`) : error;
}
