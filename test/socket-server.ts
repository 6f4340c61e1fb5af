/**
 * A small real Socket.IO backend (Node `socket.io`) set up the ways other people's backends are: the
 * namespaces it serves (only `/`, as many do), the transports it accepts (long-polling only, as
 * behind a proxy that drops the WebSocket upgrade), whether it answers `subscribe`. It speaks the
 * contract's socket side: `subscribe` joins the key's room, is acknowledged, and gets the current
 * reading. Loopback, port 0; the test closes it.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type { RegimeUpdate, SubscriptionKey } from '../src/contract/types.js';

export interface SocketServerOptions {
  /** The namespaces served; any other is refused with Socket.IO's own `Invalid namespace`. Default `['/']`. */
  namespaces?: string[];
  /** The transports accepted; default both. A WebSocket handshake without `websocket` is answered 400. */
  transports?: ('websocket' | 'polling')[];
  /** The reading `subscribe` answers with, per key; none: no reading, only the acknowledgement. */
  current?: (key: SubscriptionKey) => RegimeUpdate | undefined;
  /** Refuses every handshake (403 from `allowRequest`), counting them, as a server that is down for the widget. */
  refuseAll?: boolean;
}

export interface SocketServer {
  /** `http://127.0.0.1:port`, the `ws-url`. */
  url: string;
  /** Engine.IO handshakes so far, by the transport they began with. */
  readonly handshakes: { websocket: number; polling: number };
  /** Every Engine.IO handshake in order: its transport and when it arrived (`performance.now()`). */
  readonly handshakeLog: { transport: 'websocket' | 'polling'; at: number }[];
  /** Socket.IO connections open now, over every namespace. */
  sockets(): number;
  /** Sends `regime` to the sockets subscribed to its key, on every namespace. */
  send(update: RegimeUpdate): void;
  /** Sends an event to every connected socket, subscribed or not. */
  broadcast(event: string, payload: unknown): void;
  close(): Promise<void>;
}

export async function startSocketServer(options: SocketServerOptions = {}): Promise<SocketServer> {
  const http = createServer((_req, res) => res.writeHead(404).end());
  const handshakes = { websocket: 0, polling: 0 };
  const handshakeLog: SocketServer['handshakeLog'] = [];
  // Counted as the requests arrive, before Engine.IO answers (a transport it does not serve gets a 400).
  const count = (req: { url?: string | undefined }) => {
    const query = new URL(req.url ?? '/', 'http://server').searchParams;
    const transport = query.get('transport');
    if (!query.has('sid') && (transport === 'websocket' || transport === 'polling')) {
      handshakes[transport]++;
      handshakeLog.push({ transport, at: performance.now() });
    }
  };
  const transports = options.transports ?? ['polling', 'websocket'];
  const io = new Server(http, {
    transports,
    cors: { origin: true },
    allowRequest: (_req, callback) =>
      options.refuseAll ? callback('refused by the test', false) : callback(null, true),
  });
  http.prependListener('request', count);
  http.prependListener('upgrade', (req: IncomingMessage, socket: Duplex) => {
    count(req);
    // Engine.IO without `websocket` does not listen for upgrades: answer as behind a proxy that drops
    // the Upgrade header (the backend sees a plain GET for the WebSocket transport and says 400).
    if (!transports.includes('websocket'))
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
  const namespaces = (options.namespaces ?? ['/']).map((name) => io.of(name));
  for (const namespace of namespaces) {
    namespace.on('connection', (socket) => {
      socket.on('subscribe', (key: SubscriptionKey, ack?: (answer: unknown) => void) => {
        void socket.join(`${key.symbol}|${key.timeframe}`);
        ack?.({ ok: true });
        const current = options.current?.(key);
        if (current) socket.emit('regime', current);
      });
      socket.on('unsubscribe', (key: SubscriptionKey) => void socket.leave(`${key.symbol}|${key.timeframe}`));
    });
  }
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    handshakes,
    handshakeLog,
    sockets: () => namespaces.reduce((n, namespace) => n + namespace.sockets.size, 0),
    send(update) {
      for (const namespace of namespaces)
        namespace.to(`${update.symbol}|${update.timeframe}`).emit('regime', update);
    },
    broadcast(event, payload) {
      for (const namespace of namespaces) namespace.emit(event, payload);
    },
    async close() {
      http.closeAllConnections();
      await io.close();
    },
  };
}
