/**
 * The Socket.IO clients one doctor run opens, made the way the widget makes them (WebSocket only,
 * no reconnection) and closed in one place, so the process can exit by itself.
 */
import { Manager, type Socket } from 'socket.io-client';
import type { DoctorOptions } from './options.js';

export class SocketPool {
  readonly #managers = new Set<Manager>();
  readonly #sockets = new Set<Socket>();

  /**
   * A connection to `--ws` at `--path`, sending `origin` as the Origin header (a browser always
   * sends one; Node's client sends none unless told).
   * @example const manager = pool.manager(options, options.origin); manager.open((err) => ...);
   */
  manager(options: DoctorOptions, origin: string | undefined): Manager {
    const manager = new Manager(options.ws, {
      path: options.path,
      autoConnect: false,
      reconnection: false,
      timeout: options.timeoutMs,
      transports: ['websocket'],
      // The doctor's own timers keep the process up while it waits; engine.io's must not after.
      autoUnref: true,
      ...(origin && { extraHeaders: { Origin: origin } }),
    });
    this.#managers.add(manager);
    return manager;
  }

  /** A namespace on a connection, closed with the pool. */
  socket(manager: Manager, namespace: string): Socket {
    const socket = manager.socket(namespace);
    this.#sockets.add(socket);
    return socket;
  }

  close(): void {
    for (const socket of this.#sockets) socket.disconnect();
    for (const manager of this.#managers) manager.engine?.close();
    this.#sockets.clear();
    this.#managers.clear();
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
