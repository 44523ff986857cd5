// The absolute URL clients are given for this server: in TileJSON, styles and pages.
import type { Request } from 'express';
import type { ServerConfig } from './config.ts';

/** The absolute URL of this server (PUBLIC_URL, else the request's own host), with the base path. */
export function baseUrl(config: ServerConfig, req: Request): string {
  return config.publicUrl ? `${config.publicUrl}${config.basePath}` : `${req.protocol}://${req.get('host')}${config.basePath}`;
}
