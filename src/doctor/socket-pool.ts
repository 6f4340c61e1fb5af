/**
 * The Socket.IO clients one doctor run opens, made the way the widget makes them (no reconnection)
 * and closed in one place, so the process can exit by itself. The pool also keeps what
 * socket.io-client does not pass on: how the server answered each CONNECT, and the events a
 * namespace got before a check listened to it.
 */
import { Manager, type Socket } from 'socket.io-client';
import type { DoctorOptions } from './options.js';

/** Which Engine.IO transport carries a connection: the widget tries WebSocket, then long-polling. */
export type Transport = 'websocket' | 'polling';

/** How the server answered a namespace's CONNECT, as it sent it. */
export type ConnectAnswer =
  /** Accepted; Socket.IO 3 and later send a session id with it, Socket.IO 2 sends nothing. */
  | { kind: 'connect'; sid: unknown }
  /** Refused: `data` is what the server sent (an object with `message`, a plain string, nothing). */
  | { kind: 'error'; data: unknown };

/** One event from the server: its name and first argument. */
export type ServerEvent = [event: string, payload: unknown];

/** Events kept per namespace before a check listens: enough for what a server sends on connection. */
export const MAX_EARLY_EVENTS = 100;

/** socket.io-parser's packet types the pool reads. */
const CONNECT = 0;
const CONNECT_ERROR = 4;

export class SocketPool {
  readonly #managers = new Set<Manager>();
  readonly #sockets = new Map<Socket, { events: ServerEvent[]; stop: () => void }>();
  readonly #answers = new Map<Manager, Map<string, ConnectAnswer>>();

  /**
   * A connection to `--ws` at `--path` over `transport`, sending `origin` as the Origin header (a
   * browser always sends one; Node's client sends none unless told).
   * @example const manager = pool.manager(options, options.origin, 'websocket'); manager.open((err) => ...);
   */
  manager(options: DoctorOptions, origin: string | undefined, transport: Transport): Manager {
    const manager = new Manager(options.ws, {
      path: options.path,
      autoConnect: false,
      reconnection: false,
      timeout: options.timeoutMs,
      transports: [transport],
      // The doctor's own timers keep the process up while it waits; engine.io's must not after.
      autoUnref: true,
      ...(origin && { extraHeaders: { Origin: origin } }),
    });
    const answers = new Map<string, ConnectAnswer>();
    // Registered before any namespace's own listener, so it sees each packet first.
    manager.on('packet', (packet) => {
      if (packet.type === CONNECT) {
        const data = packet.data as { sid?: unknown } | undefined;
        answers.set(packet.nsp, { kind: 'connect', sid: data?.sid });
      } else if (packet.type === CONNECT_ERROR) {
        answers.set(packet.nsp, { kind: 'error', data: packet.data });
        // socket.io-client reads `data.message` and throws on a refusal that carries nothing.
        packet.data ??= {};
      }
    });
    this.#answers.set(manager, answers);
    this.#managers.add(manager);
    return manager;
  }

  /** How the server answered the CONNECT of `namespace` on `manager`, if it did. */
  connectAnswer(manager: Manager, namespace: string): ConnectAnswer | undefined {
    return this.#answers.get(manager)?.get(namespace);
  }

  /** A namespace on a connection, closed with the pool; its events are kept until `earlyEvents`. */
  socket(manager: Manager, namespace: string): Socket {
    const socket = manager.socket(namespace);
    const events: ServerEvent[] = [];
    const record = (event: string, payload: unknown) => {
      if (events.length < MAX_EARLY_EVENTS) events.push([event, payload]);
    };
    socket.onAny(record);
    this.#sockets.set(socket, { events, stop: () => socket.offAny(record) });
    return socket;
  }

  /** The events `socket` got so far (at most `MAX_EARLY_EVENTS`); stops keeping them. */
  earlyEvents(socket: Socket): ServerEvent[] {
    const kept = this.#sockets.get(socket);
    kept?.stop();
    return kept?.events.splice(0) ?? [];
  }

  close(): void {
    for (const socket of this.#sockets.keys()) socket.disconnect();
    for (const manager of this.#managers) manager.engine?.close();
    this.#sockets.clear();
    this.#managers.clear();
    this.#answers.clear();
  }
}

/** Opens a connection; rejects with socket.io-client's error (`timeout` after the manager's timeout). */
export function openManager(manager: Manager): Promise<void> {
  return new Promise((resolve, reject) => {
    manager.open((error) => (error ? reject(error) : resolve()));
  });
}

/** Connects a namespace; rejects with its `connect_error`. */
export function connectSocket(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    const connected = () => {
      socket.off('connect_error', refused);
      resolve();
    };
    const refused = (error: Error) => {
      socket.off('connect', connected);
      reject(error);
    };
    socket.once('connect', connected);
    socket.once('connect_error', refused);
    socket.connect();
  });
}
