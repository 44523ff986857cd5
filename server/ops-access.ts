// Who may see the operator's views (/metrics, the detailed /healthz), and which page other sites may frame.
import type { IncomingMessage } from 'node:http';
import type { ServerConfig } from './config.ts';

/** Is the client on this machine? (Behind a reverse proxy on the same host every client is: restrict there.) */
function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.') || address === '::1';
}

/** May this request see /metrics and the detailed /healthz? Loopback clients, or everyone with OPS_PUBLIC. */
export function opsAllowed(config: ServerConfig, req: IncomingMessage): boolean {
  return config.opsPublic || isLoopback(req.socket.remoteAddress);
}

/** Is this URL the embeddable map page, the one page other sites may frame? */
export function isEmbedPage(config: ServerConfig, url: string | undefined): boolean {
  const path = (url ?? '').split('?')[0];
  return path === `${config.basePath}/embed`;
}
