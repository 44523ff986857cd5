// Single-range `Range: bytes=...` requests (RFC 9110 14): GDAL's /vsicurl/ and other clients fetch large
// files in pieces. One range gets a 206 with that slice; a range past the end a 416; several ranges, or a
// If-Range that no longer matches, the whole 200.
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { Request, Response } from 'express';
import parseRange from 'range-parser';
import { HttpError } from './http-error.ts';

export type RangeAnswer =
  | { status: 200 }
  | { status: 206; start: number; end: number; headers: OutgoingHttpHeaders }
  | { status: 416; headers: OutgoingHttpHeaders };

/** What to answer for a body of `length` bytes whose strong ETag is `etag`. */
export function byteRange(req: IncomingMessage, length: number, etag?: string): RangeAnswer {
  const header = req.headers.range;
  if (!header || req.method !== 'GET') return { status: 200 };
  const ifRange = req.headers['if-range'];
  if (ifRange && ifRange !== etag) return { status: 200 };
  const ranges = parseRange(length, header, { combine: true });
  if (ranges === -1) return { status: 416, headers: { 'Content-Range': `bytes */${length}` } };
  if (ranges === -2 || ranges.type !== 'bytes' || ranges.length !== 1) return { status: 200 };
  const [{ start, end }] = ranges;
  return { status: 206, start, end, headers: { 'Content-Range': `bytes ${start}-${end}/${length}`, 'Content-Length': end - start + 1 } };
}

/** The {error, detail} of a 416, for the tile path and the app alike. */
export function rangeNotSatisfiable(length: number): HttpError {
  return new HttpError(416, `the requested range is not within the ${length} bytes of this resource`, 'ask for bytes=START-END with START below the length', {
    'Content-Range': `bytes */${length}`,
  });
}

/** A body, or the one byte range the request asks of it (206), or 416 past its end. */
export function sendBytes(req: Request, res: Response, body: Buffer): void {
  res.set('Accept-Ranges', 'bytes');
  const range = byteRange(req, body.length);
  if (range.status === 416) throw rangeNotSatisfiable(body.length);
  if (range.status === 206)
    res
      .status(206)
      .set(range.headers as Record<string, string>)
      .end(body.subarray(range.start, range.end + 1));
  else res.send(body);
}
