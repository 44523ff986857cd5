// The baseline of `bench tiles`: a bare node:http server sending pre-compressed tile bodies by URL,
// with the same response headers as d4i serve and no other work.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const bodies = new Map(
  Object.entries(JSON.parse(readFileSync(process.argv[2], 'utf8')) as Record<string, string>).map(([path, b64]) => [path, Buffer.from(b64, 'base64')]),
);
const server = createServer((req, res) => {
  const body = bodies.get(req.url ?? '');
  if (!body) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, {
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Resource-Policy': 'cross-origin',
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Expose-Headers': 'ETag',
    'Content-Type': 'application/vnd.mapbox-vector-tile',
    'Cache-Control': 'public, max-age=31536000, immutable',
    ETag: '"bench"',
    Vary: 'Accept-Encoding',
    'Content-Encoding': 'gzip',
    'Content-Length': body.length,
  });
  res.end(body);
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.stderr.write(`open http://127.0.0.1:${address.port}/\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
