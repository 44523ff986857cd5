// An error with an HTTP status, answered as JSON { error, detail } by the app's error handler.
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly detail?: unknown,
    /** headers the answer carries, such as Retry-After on a 503 */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The `detail` of an error that has none of its own: where to look next. */
export function errorHint(status: number): string {
  if (status === 404) return 'GET /catalog lists the tile sources and styles; the README lists every route';
  if (status === 405) return 'this server only reads: GET, HEAD and OPTIONS';
  return 'see the README for the parameters each route takes';
}
