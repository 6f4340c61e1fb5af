/**
 * Real backends that nobody in this project wrote the protocol code of, each on a free loopback port,
 * started and stopped by the test that uses it: python-socketio 5 (serving /signals, or / only),
 * nginx in front of the reference server (without the upgrade headers, with them, under a path
 * prefix), a Socket.IO 2 server, and the classic troubleshooting backend. The doctor's tests (Vitest)
 * and the widget's (Playwright) both start them from here.
 */
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Server as SocketIoServer } from 'socket.io';
import createSocketIoV2 from 'socket.io-v2';
import { closedPort as freePort } from '../../scripts/loopback.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A backend the test started; `close()` stops it and frees everything it held. */
export interface Backend {
  /** `http://127.0.0.1:port`: the widget's `ws-url`, and the base of `apiUrl` when there is one. */
  url: string;
  /** The widget's `api-url`, when the backend serves REST. */
  apiUrl?: string;
  /** The widget's `ws-path`, when it is not the default. */
  wsPath?: string;
  close(): Promise<void>;
}

/** How long a server may take to be ready on a loaded machine before the test fails with its output. */
const READY_MS = 15_000;

interface Tools {
  python: string;
  nginx: string;
}

let tools: Tools | undefined;

/** Debian's Python with python-socketio and nginx: from the environment, else as scripts/ensure-interop.sh finds or installs them. */
function interopTools(): Tools {
  if (tools) return tools;
  let env: Record<string, string | undefined> = process.env;
  if (!env.INTEROP_PYTHON || !env.INTEROP_NGINX) {
    const line = execFileSync('bash', [join(ROOT, 'scripts/ensure-interop.sh')], { encoding: 'utf8' });
    env = Object.fromEntries(
      line
        .trim()
        .split(/\s+/)
        .map((pair) => pair.split('=', 2) as [string, string]),
    );
  }
  if (!env.INTEROP_PYTHON || !env.INTEROP_NGINX) throw new Error('scripts/ensure-interop.sh named no tools');
  tools = { python: env.INTEROP_PYTHON, nginx: env.INTEROP_NGINX };
  return tools;
}

/** A child's output so far, for the error when it does not get ready. */
function collect(child: ChildProcessWithoutNullStreams): () => string {
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return () => output;
}

/** Ends a child that stops when its standard input closes, and waits for it to be gone. */
function stopChild(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdin.end();
  return exited;
}

/** Resolves with `ready`'s value, or rejects with the child's output if it exits or the time runs out first. */
async function readyOrFail<T>(
  what: string,
  child: ChildProcessWithoutNullStreams,
  output: () => string,
  ready: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const failed = new Promise<never>((_resolve, reject) => {
    const fail = (why: string) => reject(new Error(`${what} ${why}:\n${output()}`));
    child.once('exit', (code, signal) => fail(`exited (${signal ?? code}) before it was ready`));
    child.once('error', (error) => fail(`did not start (${error.message})`));
    timer = setTimeout(() => fail(`was not ready within ${READY_MS} ms`), READY_MS);
  });
  try {
    return await Promise.race([ready(controller.signal), failed]);
  } catch (error) {
    await stopChild(child);
    throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

export interface PythonOptions {
  /** Where the protocol is served: `/signals` (default) or `/` only, as many backends do. */
  namespace?: '/signals' | '/';
  /** Browser origins allowed by CORS (REST and Socket.IO); none: only clients that send no Origin. */
  corsOrigins?: string[];
  /** Every subscribed key gets a new `regime` this often. Default 1000. */
  tickMs?: number;
  /** The namespace's connect handler refuses every client with this message, as an auth check does. */
  refuse?: string;
}

/**
 * A python-socketio 5 + aiohttp backend (test/interop/python/signals_server.py): REST under `/api`,
 * the protocol on `namespace`.
 * @example const python = await startPythonBackend({ namespace: '/', corsOrigins: [page.origin] });
 */
export async function startPythonBackend(options: PythonOptions = {}): Promise<Backend> {
  const args = [join(ROOT, 'test/interop/python/signals_server.py')];
  args.push('--namespace', options.namespace ?? '/signals', '--tick-ms', String(options.tickMs ?? 1000));
  for (const origin of options.corsOrigins ?? []) args.push('--cors-origin', origin);
  if (options.refuse !== undefined) args.push('--refuse', options.refuse);
  const child = spawn(interopTools().python, args, {
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' },
  });
  const output = collect(child);
  const port = await readyOrFail(
    'the python-socketio backend',
    child,
    output,
    () =>
      new Promise<number>((resolve) => {
        const seen = () => {
          const announced = /^\{"port": (\d+)\}$/m.exec(output());
          if (!announced) return;
          child.stdout.off('data', seen);
          resolve(Number(announced[1]));
        };
        child.stdout.on('data', seen);
      }),
  );
  const url = `http://127.0.0.1:${port}`;
  return { url, apiUrl: `${url}/api`, close: () => stopChild(child) };
}

/** What the nginx in front does with WebSocket upgrades. */
export type NginxVariant =
  /** `proxy_pass` alone: the classic proxy that drops `Upgrade` and `Connection`. */
  | 'no-upgrade'
  /** With `proxy_http_version 1.1` and the `Upgrade`/`Connection` headers. */
  | 'upgrade'
  /** As `upgrade`, under `location /rt/` (the widget's `ws-path="/rt/socket.io"`). */
  | 'prefix';

/** The site of one variant: where it is mounted and what it passes on. */
function nginxLocation(variant: NginxVariant, upstream: string): string {
  if (variant === 'no-upgrade') return `location / { proxy_pass ${upstream}; }`;
  const upgrade = [
    'proxy_http_version 1.1;',
    'proxy_set_header Upgrade $http_upgrade;',
    'proxy_set_header Connection "upgrade";',
    'proxy_set_header Host $host;',
  ].join(' ');
  return variant === 'prefix'
    ? `location /rt/ { proxy_pass ${upstream}/; ${upgrade} }`
    : `location / { proxy_pass ${upstream}; ${upgrade} }`;
}

function nginxConfig(dir: string, port: number, variant: NginxVariant, upstream: string): string {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((kind) => `${kind}_temp_path ${join(dir, kind)};`)
    .join('\n  ');
  return `daemon off;
master_process off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
events { worker_connections 256; }
http {
  access_log off;
  ${temp}
  server {
    listen 127.0.0.1:${port};
    ${nginxLocation(variant, upstream)}
  }
}
`;
}

/**
 * Asks `url` until it answers 200, a moment apart: nginx cannot say when it listens.
 * @returns the `Server` header of the answer.
 */
async function answersOk(url: string, signal: AbortSignal): Promise<string> {
  for (;;) {
    try {
      const response = await fetch(url, { signal });
      await response.arrayBuffer();
      if (response.ok) return response.headers.get('server') ?? '';
    } catch (error) {
      if (signal.aborted) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * nginx (unprivileged, `daemon off;`, its temp paths in a temp dir) in front of `upstream`, the
 * reference server's URL. nginx needs a port number, so it gets one that was free a moment ago, and
 * another if that one was taken meanwhile.
 * @example const proxy = await startNginx(server.url, 'no-upgrade'); // proxy.url, proxy.apiUrl
 */
export async function startNginx(upstream: string, variant: NginxVariant): Promise<Backend> {
  const prefix = variant === 'prefix' ? '/rt' : '';
  for (let attempt = 1; ; attempt++) {
    const dir = mkdtempSync(join(tmpdir(), 'regime-nginx-'));
    const port = await freePort();
    const config = join(dir, 'nginx.conf');
    writeFileSync(config, nginxConfig(dir, port, variant, upstream));
    // nginx does not stop when its parent dies; this shell stops it when the test's pipe closes.
    const child = spawn(
      'sh',
      [
        '-c',
        'exec 3<&0; "$@" </dev/null & nginx=$!; (cat <&3 >/dev/null; kill -TERM $nginx 2>/dev/null) & wait $nginx',
        'sh',
        interopTools().nginx,
        ...['-e', 'stderr', '-p', dir, '-c', config],
      ],
      { detached: false },
    );
    const output = collect(child);
    const url = `http://127.0.0.1:${port}`;
    try {
      await readyOrFail(`nginx (${variant})`, child, output, (signal) =>
        answersOk(`${url}${prefix}/api/health`, signal),
      );
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      if (attempt < 3 && /Address already in use/.test(output())) continue;
      throw error;
    }
    return {
      url,
      apiUrl: `${url}${prefix}/api`,
      ...(prefix && { wsPath: `${prefix}/socket.io` }),
      close: async () => {
        await stopChild(child);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}

/** Listens on a free loopback port; resolves with the URL. */
async function listen(server: HttpServer): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * A Socket.IO 2 server (Engine.IO 3) that serves the contract's protocol on `/signals`: what an old
 * backend runs. No REST: pair it with one.
 * @example const v2 = await startSocketIoV2(); // <regime-widget ws-url=v2.url api-url=...>
 */
export async function startSocketIoV2(): Promise<Backend> {
  const httpServer = createServer();
  const io = createSocketIoV2(httpServer, { path: '/socket.io' });
  io.of('/signals').on('connection', (socket) => {
    socket.on('subscribe', (key: unknown, ack?: (answer: unknown) => void) => {
      ack?.({ ok: true });
      const { symbol, timeframe } = key as { symbol: string; timeframe: string };
      socket.emit('regime', {
        symbol,
        timeframe,
        regime: 'range',
        adx: 18.5,
        atrPct: 0.0156,
        timestamp: Date.now(),
      });
    });
  });
  const url = await listen(httpServer);
  return {
    url,
    close: () => {
      // Long-polling and WebSocket connections would hold the port open.
      httpServer.closeAllConnections();
      return new Promise((resolve) => io.close(() => resolve()));
    },
  };
}

/** The origin the troubleshooting backend's CORS names: a development server's. */
export const TROUBLESHOOTING_ORIGIN = 'http://localhost:3003';

/**
 * The classic troubleshooting backend integrators copy to check their setup: Node `socket.io` 4 with
 * that CORS option and path, whose `/signals` emits one test `regime` on connection (no `symbol`, no
 * `timeframe`), ignores `subscribe`, and has no REST at all (other requests get no answer, as there).
 * @example const classic = await startTroubleshootingBackend(); // ws-url only
 */
export async function startTroubleshootingBackend(): Promise<Backend> {
  const httpServer = createServer();
  const io = new SocketIoServer(httpServer, {
    cors: { origin: TROUBLESHOOTING_ORIGIN, methods: ['GET', 'POST'], credentials: true },
    path: '/socket.io',
  });
  io.of('/signals').on('connection', (socket) => {
    socket.emit('regime', {
      regime: 'range',
      adx: 18.5,
      atrPct: 0.0156,
      timestamp: new Date().toISOString(),
    });
  });
  const url = await listen(httpServer);
  return {
    url,
    close: () => {
      httpServer.closeAllConnections();
      return io.close();
    },
  };
}
