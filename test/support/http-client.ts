// A raw HTTP client for tests: no automatic decompression, every header visible.
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** the body decompressed per Content-Encoding */
  decoded(): Buffer;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON a route answers
  json(): any;
}

export function http(url: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        const decoded = () => {
          const encoding = res.headers['content-encoding'];
          return encoding === 'gzip' ? gunzipSync(body) : encoding === 'br' ? brotliDecompressSync(body) : body;
        };
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, decoded, json: () => JSON.parse(decoded().toString('utf8')) });
      });
    });
    req.on('error', reject);
    req.end();
  });
}
