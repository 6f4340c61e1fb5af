/**
 * Where the feed meets socket.io-client: the part of a `Socket` it uses, and the one Manager
 * (Engine.IO connection) per URL and path that every namespace on that server shares.
 */
import { Manager } from 'socket.io-client';
import { connectionId } from './target.js';

/** The part of a socket.io-client `Socket` the feed uses; tests pass a fake. */
export interface SocketLike {
  readonly connected: boolean;
  on(event: string, listener: (...args: never[]) => void): unknown;
  off(event: string, listener: (...args: never[]) => void): unknown;
  connect(): unknown;
  disconnect(): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  timeout(ms: number): {
    emit(event: string, payload: unknown, ack: (err: Error | null, response?: unknown) => void): unknown;
  };
  readonly io?: { engine?: { transport?: { name?: string } } };
}

/**
 * Opens a namespace on the connection to a URL and path, without connecting it.
 * @example const socket = open('https://example.com', '/socket.io', '/signals'); socket.connect();
 */
export type OpenSocket = (url: string, path: string, namespace: string) => SocketLike;

/** How long a connection attempt may take before it counts as failed. */
export const CONNECT_TIMEOUT_MS = 4000;

/** What every Manager is built with. */
export const MANAGER_OPTIONS = {
  autoConnect: false,
  // The feed retries itself, with jitter that stays random at the cap (socket-connection.ts).
  reconnection: false,
  timeout: CONNECT_TIMEOUT_MS,
  // REST polling is the widget's fallback; long-polling would only add requests and CORS.
  transports: ['websocket'],
} as const;

/** Socket.IO protocol v5's packet type for a refused namespace. */
const CONNECT_ERROR = 4;

/**
 * socket.io-client reads a refusal's words from `data.message`: python-socketio sends a plain string
 * (`Unable to connect`), which it would lose, and a refusal with no data at all makes it throw. The
 * Manager hears each packet before its Sockets do: this gives every refusal the shape they read.
 */
function readableRefusal(packet: { type: number; data?: unknown }): void {
  if (packet.type !== CONNECT_ERROR) return;
  if (typeof packet.data === 'string') packet.data = { message: packet.data };
  else if (typeof packet.data !== 'object' || packet.data === null) packet.data = {};
}

/**
 * One Engine.IO connection per URL and path, multiplexing namespaces, as socket.io-client does.
 * @example const open = openSocketIo(); open(url, '/socket.io', '/signals') // shares a Manager with `/`
 */
export function openSocketIo(): OpenSocket {
  const managers = new Map<string, Manager>();
  return (url, path, namespace) => {
    const where = { url, path, transports: MANAGER_OPTIONS.transports };
    const id = connectionId(where);
    let manager = managers.get(id);
    if (!manager) {
      manager = new Manager(url, { ...MANAGER_OPTIONS, path, transports: [...where.transports] });
      manager.on('packet', readableRefusal);
      managers.set(id, manager);
    }
    return manager.socket(namespace) as unknown as SocketLike;
  };
}
