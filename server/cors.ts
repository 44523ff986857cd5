// CORS for reads: open to any origin by default, or to an allow-list (CORS_ORIGINS).
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';

/** Headers that let `origin` read the response (empty when it may not). */
export function corsHeaders(allowed: string[], origin: string | undefined): OutgoingHttpHeaders {
  if (allowed.includes('*')) return { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'ETag' };
  if (origin && allowed.includes(origin)) return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': 'ETag', Vary: 'Origin' };
  return {};
}

/** Headers answering a preflight (OPTIONS) request. */
export function preflightHeaders(allowed: string[], req: IncomingMessage): OutgoingHttpHeaders {
  const base = corsHeaders(allowed, req.headers.origin);
  if (!base['Access-Control-Allow-Origin']) return base;
  return {
    ...base,
    'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
    'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? 'If-None-Match',
    'Access-Control-Max-Age': '86400',
  };
}
