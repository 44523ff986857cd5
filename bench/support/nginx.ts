// nginx (Debian's) serving pre-compressed tile bodies with gzip_static: the ceiling of what the load
// generator can measure on this machine, on the same bytes and URLs as the servers it is compared with.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { pinnedCommand } from './cpus.ts';

export const NGINX = '/usr/sbin/nginx';
export const HAS_NGINX = existsSync(NGINX);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Serve `bodies` (path without query -> gzip bytes) from `dir` with one nginx worker (on `cpus`); resolves when it answers. */
export async function startNginx(dir: string, bodies: Map<string, Buffer>, cpus?: string): Promise<{ url: string; stop(): void; child: ChildProcess }> {
  const root = join(dir, 'root');
  mkdirSync(root, { recursive: true });
  // nginx's workers run as an unprivileged user: the folders must be readable by others (mkdtemp makes 0700)
  for (let d = dir; d.startsWith(tmpdir()) && d !== tmpdir(); d = dirname(d)) chmodSync(d, 0o755);
  for (const [path, body] of bodies) {
    const file = join(root, `${path.split('?')[0]}.gz`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, body);
  }
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp-body; proxy_temp_path ${dir}/tmp-proxy; fastcgi_temp_path ${dir}/tmp-fcgi;
  uwsgi_temp_path ${dir}/tmp-uwsgi; scgi_temp_path ${dir}/tmp-scgi;
  keepalive_requests 1000000;
  types { application/vnd.mapbox-vector-tile mvt; }
  server {
    listen 127.0.0.1:${port};
    root ${root};
    location / { gzip_static always; add_header Cache-Control "public, max-age=31536000, immutable"; add_header Vary Accept-Encoding; }
  }
}
`,
  );
  const [command, args] = pinnedCommand(cpus, NGINX, ['-c', conf, '-p', dir]);
  const child = spawn(command, args, { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const [first] = bodies.keys();
  for (let k = 0; k < 100; k++) {
    try {
      const answer = await fetch(`${url}${first}`, { headers: { 'accept-encoding': 'gzip' } });
      if (answer.status !== 200) throw new Error(`nginx answers ${first} with ${answer.status} (see ${dir}/error.log)`);
      break;
    } catch (error) {
      if ((error as Error).message.startsWith('nginx answers')) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return { url, child, stop: () => child.kill('SIGQUIT') };
}
