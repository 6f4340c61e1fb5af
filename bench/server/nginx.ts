/**
 * nginx (Debian's nginx-light) as the load balancer in front of the nodes, in the foreground, with
 * everything it writes in a temporary directory: WebSocket upgrades passed through, round robin, and a
 * node that refuses connections skipped at once. A survivor slow to accept a reconnection burst must
 * not be marked failed as well (every client would get 502 "no live upstreams"): a connect timeout of
 * 5 s (a dropped SYN is sent again after 1 s) and three failures before a node is skipped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accepts } from '../../scripts/loopback.js';

export interface Nginx {
  url: string;
  stop(): Promise<void>;
}

/** The lines a deployment needs are these too (docs/deploy.md); the rest is for running unprivileged. */
function config(dir: string, port: number, upstreams: number[]): string {
  return `
worker_processes 1;
worker_rlimit_nofile 20000;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 16000; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream regime {
${upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=3 fail_timeout=5s;`).join('\n')}
  }
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://regime;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      proxy_read_timeout 1h;
      proxy_connect_timeout 5s;
      proxy_next_upstream error timeout;
    }
  }
}
`;
}

/**
 * @example const lb = await startNginx('/usr/sbin/nginx', 8080, [nodeA.port, nodeB.port]);
 */
export async function startNginx(executable: string, port: number, upstreams: number[]): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), 'regime-nginx-'));
  const file = join(dir, 'nginx.conf');
  writeFileSync(file, config(dir, port, upstreams));
  const child: ChildProcess = spawn(executable, ['-c', file, '-p', dir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  for (let i = 0; i < 100 && !(await accepts(port)); i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${errors}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
