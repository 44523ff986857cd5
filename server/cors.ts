// CORS for reads: open to any origin by default, or to an allow-list (CORS_ORIGINS).
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';

/** Headers that let `origin` read the response (empty when it may not). */
export function corsHeaders(allowed: string[], origin: string | undefined): OutgoingHttpHeaders {
  if (allowed.includes('*')) return { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'ETag' };
  if (origin && allowed.includes(origin)) return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': 'ETag', Vary: 'Origin' };
  // the answer differs by Origin even when this one may not read it: a shared cache must not reuse it for an allowed site
  return { Vary: 'Origin' };
}

/** The request headers a cross-origin reader may send: conditional and range requests, content negotiation. */
export const ALLOWED_REQUEST_HEADERS = ['Accept', 'Accept-Language', 'Content-Type', 'If-None-Match', 'If-Modified-Since', 'If-Range', 'Range'];

/** Headers answering a preflight (OPTIONS) request: a fixed list of headers, never an echo of what was asked. */
export function preflightHeaders(allowed: string[], req: IncomingMessage): OutgoingHttpHeaders {
  const base = corsHeaders(allowed, req.headers.origin);
  if (!base['Access-Control-Allow-Origin']) return base;
  return {
    ...base,
    'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
    'Access-Control-Allow-Headers': ALLOWED_REQUEST_HEADERS.join(', '),
    'Access-Control-Max-Age': '86400',
  };
}
