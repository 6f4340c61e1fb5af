/**
 * A scripted hostile backend for the doctor: a Socket.IO 4 server on `/signals` and a REST handler,
 * each doing what a test tells it to (escape sequences in every string, endless bodies, values whose
 * `toString` is not a function, thousands of invented keys), on a free loopback port.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import type { Cleanup } from './run.js';

export interface HostileScript {
  /** Answers every HTTP request that is not Socket.IO's. Default: 404. */
  rest?: (req: IncomingMessage, res: ServerResponse) => void;
  /** Refuses every Engine.IO handshake with this message. */
  refuseHandshake?: string;
  /** Refuses `/signals` and `/` in a middleware with this message. */
  refuseNamespace?: string;
  /** A namespace whose CONNECT is refused with a bare CONNECT_ERROR packet: no data at all. */
  bareRefusal?: string;
  /** Sent on connection to each namespace, before anything else. */
  onConnection?: (socket: Socket) => void;
  /** Answers `subscribe`. Default: no answer. */
  onSubscribe?: (socket: Socket, ack: (answer: unknown) => void) => void;
}

/** Starts the server; it closes when the test finishes. Resolves with its URL. */
export async function startHostileServer(cleanup: Cleanup, script: HostileScript): Promise<string> {
  const http = createServer((req, res) => {
    if (script.rest) script.rest(req, res);
    else res.writeHead(404).end();
  });
  const io = new Server(http, {
    ...(script.refuseHandshake !== undefined && {
      allowRequest: (_req, callback) => callback(script.refuseHandshake as string, false),
    }),
  });
  for (const namespace of [io.of('/'), io.of('/signals')]) {
    if (script.refuseNamespace !== undefined) {
      namespace.use((_socket, next) => next(new Error(script.refuseNamespace)));
    }
    namespace.on('connection', (socket) => {
      script.onConnection?.(socket);
      socket.on('subscribe', (_key: unknown, ack: unknown) => {
        if (typeof ack === 'function') script.onSubscribe?.(socket, ack as (answer: unknown) => void);
      });
    });
  }
  const bare = script.bareRefusal;
  if (bare !== undefined) {
    // Socket.IO itself never answers here (its middleware waits forever); the raw packet does.
    io.of(bare).use(() => undefined);
    io.engine.on(
      'connection',
      (connection: {
        on(event: 'message', listener: (data: unknown) => void): void;
        send(data: string): void;
      }) => {
        connection.on('message', (data) => {
          if (typeof data === 'string' && data.startsWith(`0${bare}`)) connection.send(`4${bare}`);
        });
      },
    );
  }
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  cleanup(async () => {
    http.closeAllConnections();
    await io.close();
  });
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

/**
 * A body that never ends, written as fast as the client reads it, until it goes away.
 * @example startHostileServer(cleanup, { rest: endlessBody })
 */
export function endlessBody(req: IncomingMessage, res: ServerResponse): void {
  const chunk = Buffer.alloc(64 * 1024, '[');
  res.writeHead(200, { 'content-type': 'application/json' });
  const pour = () => {
    while (!res.destroyed && res.write(chunk));
  };
  res.on('drain', pour);
  req.socket.on('close', () => res.destroy());
  pour();
}
