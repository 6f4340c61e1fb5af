/**
 * Shared plumbing of the server tests: a real server on a free port, real Socket.IO clients, and waits
 * that name what they waited for when they time out.
 */
import { io, type Socket, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import { afterEach } from 'vitest';
import type { ReferenceServer, ServerOptions } from '../../server/src/app.js';
import { startBackend, type Backend, type BackendOptions } from '../../server/src/backend.js';
import type { RegimeUpdate } from '../../src/contract/index.js';
import { startQuietServer } from '../quiet-server.js';

const servers: { close(): Promise<void> }[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A silent server on a free loopback port, closed after the test. The clock is slow unless asked: tests drive it with tick(). */
export async function serve(options: ServerOptions = {}): Promise<ReferenceServer> {
  const server = await startQuietServer(options);
  servers.push(server);
  return server;
}

/** The ingest token of the nodes the tests start. */
export const TOKEN = 'test-ingest-token';

/** A served-backend node on a free loopback port, silent, with TOKEN; closed after the test. */
export async function node(options: BackendOptions = {}): Promise<Backend> {
  const started = await startBackend({ port: 0, logLevel: 'silent', ingestToken: TOKEN, ...options });
  servers.push(started);
  return started;
}

/** `POST /api/ingest` with TOKEN (or the headers given), as JSON. */
export function ingest(
  server: { url: string },
  body: unknown,
  headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` },
): Promise<{ status: number; body: unknown; headers: Headers }> {
  return getJson(server, '/api/ingest', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** An update of BTC_1H (or `key`) at `timestamp`. */
export function update(timestamp: number, regime = 'range', adx = 20, key = BTC_1H): RegimeUpdate {
  return { ...key, regime, adx, atrPct: 0.01, timestamp };
}

/** A Socket.IO client, disconnected after the test; it does not connect until asked when `autoConnect` is false. */
export function client(
  server: { url: string },
  namespace = '/signals',
  options: Partial<ManagerOptions & SocketOptions> = {},
): Socket {
  const socket = io(`${server.url}${namespace}`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...options,
  });
  sockets.push(socket);
  return socket;
}

/** Resolves with the first argument of the next `event`, or rejects after `ms` saying what it waited for. */
export function nextEvent<T = unknown>(socket: Socket, event: string, what: string, ms = 3000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`timed out after ${ms} ms waiting for ${what} (event "${event}")`));
    }, ms);
    const listener = (value: T) => {
      clearTimeout(timer);
      resolve(value);
    };
    socket.once(event, listener);
  });
}

/** The events of one name as a queue: `next()` takes the oldest, waiting (bounded) if there is none yet. */
export interface EventQueue<T> {
  /** Events received and not taken yet. */
  readonly pending: T[];
  next(what: string, ms?: number): Promise<T>;
}

export function queue<T = unknown>(socket: Socket, event: string): EventQueue<T> {
  const pending: T[] = [];
  const waiters: ((value: T) => void)[] = [];
  socket.on(event, (value: T) => {
    const waiter = waiters.shift();
    if (waiter) waiter(value);
    else pending.push(value);
  });
  return {
    pending,
    next(what, ms = 3000) {
      if (pending.length > 0) return Promise.resolve(pending.shift() as T);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`timed out after ${ms} ms waiting for ${what} (event "${event}")`));
        }, ms);
        const waiter = (value: T) => {
          clearTimeout(timer);
          resolve(value);
        };
        waiters.push(waiter);
      });
    },
  };
}

/** Resolves once `socket` is connected, or rejects with its connect_error. */
export function connected(socket: Socket, what = 'the socket to connect'): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 3000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (error: Error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Emits `subscribe` and resolves with the acknowledgement. */
export function subscribe(socket: Socket, key: unknown, ms = 3000): Promise<unknown> {
  return socket.timeout(ms).emitWithAck('subscribe', key);
}

/** `fetch` of a path on the server, as JSON. */
export async function getJson(
  server: { url: string },
  path: string,
  init?: RequestInit,
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(`${server.url}${path}`, init);
  const text = await response.text();
  return {
    status: response.status,
    body: text === '' ? undefined : (JSON.parse(text) as unknown),
    headers: response.headers,
  };
}

export const BTC_1H = { symbol: 'BTCUSDT', timeframe: '1h' } as const;
