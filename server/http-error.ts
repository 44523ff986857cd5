// An error with an HTTP status, answered as JSON { error, detail } by the app's error handler.
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly detail?: unknown,
  ) {
    super(message);
  }
}
