/**
 * Where the feed meets socket.io-client: the part of a `Socket` it uses, and the one Manager
 * (Engine.IO connection) per URL, path and transport that every namespace on that server shares.
 */
import { Manager } from 'socket.io-client';
import { connectionId, type Transport } from './target.js';

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
 * Opens a namespace on the connection to a URL and path over a transport, without connecting it.
 * @example const socket = open('https://example.com', '/socket.io', '/signals', 'websocket'); socket.connect();
 */
export type OpenSocket = (url: string, path: string, namespace: string, transport: Transport) => SocketLike;

/** How long a connection attempt may take before it counts as failed. */
export const CONNECT_TIMEOUT_MS = 4000;

/** What every Manager is built with. */
export const MANAGER_OPTIONS = {
  autoConnect: false,
  // The feed retries itself, with jitter that stays random at the cap (socket-connection.ts).
  reconnection: false,
  timeout: CONNECT_TIMEOUT_MS,
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
 * One Engine.IO connection per URL, path and transport, multiplexing namespaces, as socket.io-client
 * does. A Manager has one transport: the connection picks the WebSocket, or long-polling when the
 * WebSocket cannot pass (socket-connection.ts).
 * @example const open = openSocketIo(); open(url, '/socket.io', '/signals', 'websocket') // shares a Manager with `/`
 */
export function openSocketIo(): OpenSocket {
  const managers = new Map<string, Manager>();
  return (url, path, namespace, transport) => {
    const transports = [transport];
    const id = connectionId({ url, path, transports });
    let manager = managers.get(id);
    if (!manager) {
      manager = new Manager(url, { ...MANAGER_OPTIONS, path, transports });
      manager.on('packet', readableRefusal);
      managers.set(id, manager);
    }
    return manager.socket(namespace) as unknown as SocketLike;
  };
}
