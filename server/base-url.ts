// The absolute URL clients are given for this server, in TileJSON, styles and pages: PUBLIC_URL, or the
// request's Host header only when it names an allowed host (never an attacker's name echoed into cached
// JSON), else the address the client connected to.
import type { Request } from 'express';
import { HOST_NAME, type ServerConfig } from './config.ts';

/** The Host header when it is well formed and names an allowed host, else undefined. */
export function trustedHost(config: ServerConfig, header: string | undefined): string | undefined {
  if (!header) return undefined;
  const host = header.toLowerCase();
  const match = /^(.+?)(?::(\d{1,5}))?$/.exec(host);
  if (!match || !HOST_NAME.test(match[1])) return undefined;
  return config.allowedHosts.includes(match[1]) ? host : undefined;
}

/** host:port of the socket's local end: what the client reached, whatever it claims. */
function connectedAddress(req: Request): string {
  let address = req.socket.localAddress ?? '127.0.0.1';
  if (address.startsWith('::ffff:')) address = address.slice(7);
  return `${address.includes(':') ? `[${address}]` : address}:${req.socket.localPort}`;
}

/** The absolute URL of this server, with the base path. */
export function baseUrl(config: ServerConfig, req: Request): string {
  if (config.publicUrl) return `${config.publicUrl}${config.basePath}`;
  // the body now depends on the Host header: shared caches must key on it
  req.res?.vary('Host');
  return `${req.protocol}://${trustedHost(config, req.headers.host) ?? connectedAddress(req)}${config.basePath}`;
}
