/**
 * The Socket.IO side of the contract (CONTRACT.md section 4) on `/signals` and, always, on `/`: subscribe
 * with an acknowledgement, a room per key, `regime` and `regime:alert` to the room; with the socket
 * faults of `Faults`.
 */
import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { Server, type Namespace, type Socket } from 'socket.io';
import {
  checkKey,
  routeKey,
  type RegimeAlert,
  type RegimeUpdate,
  type SubscribeAck,
} from '../../src/contract/index.js';
import type { OriginAllowList } from './cors.js';
import type { FaultState } from './fault-state.js';
import type { Market } from './market/market.js';
import type { Step } from './market/series.js';

/** The contract's namespace. */
export const SIGNALS_NAMESPACE = '/signals';
/** Keys one socket may subscribe to at once. */
export const MAX_SUBSCRIPTIONS = 32;

interface ServerEvents {
  regime: (update: RegimeUpdate) => void;
  'regime:alert': (alert: RegimeAlert) => void;
}

/** What clients send is checked, not trusted: its arguments are unknown. */
interface ClientEvents {
  subscribe: (...args: unknown[]) => void;
  unsubscribe: (...args: unknown[]) => void;
}

type SignalsServer = Server<ClientEvents, ServerEvents>;
type SignalsSocket = Socket<ClientEvents, ServerEvents>;
type Ack = (answer: SubscribeAck) => void;

export interface SignalsOptions {
  httpServer: HttpServer;
  allowList: OriginAllowList;
  faults: FaultState;
  market: Market;
  log: Logger;
}

/**
 * @example const signals = new Signals({ httpServer, allowList, faults, market, log });
 * signals.publish(market.tick((key) => signals.isWatched(key)));
 */
export class Signals {
  #io: SignalsServer;
  /** Creates `/signals` per connection while the noNamespace fault is off; see #dropSignals. */
  #signals: Namespace<ClientEvents, ServerEvents>;
  #options: SignalsOptions;
  #stopWatchingFaults: () => void;

  constructor(options: SignalsOptions) {
    this.#options = options;
    const { allowList, faults } = options;
    this.#io = new Server<ClientEvents, ServerEvents>(options.httpServer, {
      path: '/socket.io',
      serveClient: false,
      // CORS for the polling transport; the handshake itself is checked by allowRequest.
      cors: { origin: (origin, callback) => callback(null, allowList.allows(origin)) },
      allowRequest: (req, callback) => {
        const refusal = this.#refusal(req.headers.origin);
        if (refusal) options.log.info({ origin: req.headers.origin, refusal }, 'socket handshake refused');
        callback(refusal ?? null, refusal === undefined);
      },
    });
    this.#signals = this.#io.of((name, _auth, next) => {
      next(null, name === SIGNALS_NAMESPACE && !faults.get().noNamespace);
    });
    for (const nsp of [this.#io.of('/'), this.#signals]) {
      nsp.use((_socket, next) => (faults.get().authRefuse ? next(new Error('unauthorized')) : next()));
      nsp.on('connection', (socket) => this.#serve(socket));
    }
    this.#stopWatchingFaults = faults.onChange((now, before) => {
      if (now.socket === 'refuse' && before.socket !== 'refuse') this.#closeConnections();
      if (now.noNamespace && !before.noNamespace) this.#dropSignals();
    });
  }

  /** Socket.IO connections open now. */
  get clients(): number {
    return this.#io.engine.clientsCount;
  }

  /** How many sockets are subscribed to each key, over every namespace: `{ 'BTCUSDT|1h': 2 }`. */
  get subscriptions(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const nsp of this.#io._nsps.values()) {
      for (const socket of nsp.sockets.values()) {
        for (const room of socket.rooms) if (room !== socket.id) counts[room] = (counts[room] ?? 0) + 1;
      }
    }
    return counts;
  }

  /** Whether any socket, on any namespace, is subscribed to a key. */
  isWatched(key: string): boolean {
    // _nsps: Socket.IO's live namespaces (public in its types, not in its docs); it includes `/signals`.
    for (const nsp of this.#io._nsps.values()) {
      if ((nsp.adapter.rooms.get(key)?.size ?? 0) > 0) return true;
    }
    return false;
  }

  /** Sends each step to its key's room, or to everybody under the broadcast fault. */
  publish(steps: readonly Step[]): void {
    const broadcast = this.#options.faults.get().broadcast;
    for (const { update, alert } of steps) {
      const room = routeKey(update);
      for (const nsp of [this.#io.of('/'), this.#signals]) {
        const target = broadcast ? nsp : nsp.to(room);
        target.emit('regime', update);
        if (alert) target.emit('regime:alert', alert);
      }
    }
  }

  /** Disconnects every socket and closes the engine (the http server is the caller's to close). */
  async close(): Promise<void> {
    this.#stopWatchingFaults();
    await this.#io.close();
  }

  /** Why a handshake is refused, or `undefined` to let it in. Node clients send no Origin: they pass. */
  #refusal(origin: string | undefined): string | undefined {
    const faults = this.#options.faults.get();
    if (faults.socket === 'refuse') return 'sockets are refused (demo fault)';
    if (origin === undefined) return undefined;
    if (faults.refuseOrigin) return `origin ${origin} is refused (demo fault)`;
    return this.#options.allowList.allows(origin) ? undefined : `origin ${origin} is not allowed`;
  }

  #serve(socket: SignalsSocket): void {
    const log = this.#options.log.child({ socket: socket.id, nsp: socket.nsp.name });
    log.debug('socket connected');
    socket.on('subscribe', (...args) => {
      if (this.#options.faults.get().broadcast) return; // the fault: a server that ignores subscribe
      const ack: Ack = typeof args.at(-1) === 'function' ? (args.at(-1) as Ack) : () => {};
      const answer = this.#subscribe(socket, args[0]);
      log.debug({ key: args[0], ok: answer.ok }, 'subscribe');
      if (!answer.ok) return ack(answer);
      ack({ ok: true });
      socket.emit('regime', answer.current);
    });
    socket.on('unsubscribe', (...args) => {
      const key = checkKey(args[0]);
      if (key.ok) void socket.leave(routeKey(key.value));
    });
    socket.on('disconnect', (reason) => log.debug({ reason }, 'socket disconnected'));
  }

  #subscribe(
    socket: SignalsSocket,
    payload: unknown,
  ): { ok: true; current: RegimeUpdate } | Extract<SubscribeAck, { ok: false }> {
    const key = checkKey(payload);
    if (!key.ok) return { ok: false, error: { code: 'bad_request', message: key.reason } };
    const room = routeKey(key.value);
    // socket.rooms holds the socket's own id as well as its keys.
    if (!socket.rooms.has(room) && socket.rooms.size > MAX_SUBSCRIPTIONS) {
      return {
        ok: false,
        error: { code: 'too_many_subscriptions', message: `at most ${MAX_SUBSCRIPTIONS} keys per socket` },
      };
    }
    const opened = this.#options.market.open(key.value);
    if (!opened.ok) return { ok: false, error: { code: opened.code, message: opened.message } };
    void socket.join(room);
    return { ok: true, current: opened.series.current };
  }

  /** The socket fault: every connection is closed (clients see a transport close and retry). */
  #closeConnections(): void {
    const connections = new Set<SignalsSocket['conn']>();
    for (const nsp of this.#io._nsps.values()) {
      for (const socket of nsp.sockets.values()) connections.add(socket.conn);
    }
    for (const connection of connections) connection.close();
  }

  /**
   * The noNamespace fault. Socket.IO caches a namespace its parent function allowed and never asks
   * again, so the cached `/signals` is forgotten and its connections closed: reconnecting clients then
   * meet the parent function, which says no, and get Socket.IO's own `Invalid namespace`.
   */
  #dropSignals(): void {
    const cached = this.#io._nsps.get(SIGNALS_NAMESPACE);
    if (!cached) return;
    this.#io._nsps.delete(SIGNALS_NAMESPACE);
    for (const socket of cached.sockets.values()) socket.conn.close();
  }
}
