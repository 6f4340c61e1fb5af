/**
 * The Socket.IO side of the protocol (README, "The backend it needs") on `/signals` (and `/` when
 * asked): subscribe with an acknowledgement, a room per key, `regime` and `regime:alert` to the room
 * on every node through the adapter it is given; with the socket faults of `Faults` when they are on.
 */
import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { Server, type Namespace, type ServerOptions, type Socket } from 'socket.io';
import {
  checkKey,
  routeKey,
  type RegimeAlert,
  type RegimeUpdate,
  type SubscribeAck,
} from '../../src/contract/index.js';
import type { OriginAllowList } from './cors.js';
import type { FaultState } from './fault-state.js';
import type { Publisher } from './ingest.js';
import type { KeyOpener } from './key-opener.js';
import type { RegimeStore } from './store/store.js';

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

type HubNamespace = Namespace<ClientEvents, ServerEvents>;
type HubSocket = Socket<ClientEvents, ServerEvents>;
type Ack = (answer: SubscribeAck) => void;
type Refusal = Extract<SubscribeAck, { ok: false }>;

export interface HubOptions {
  httpServer: HttpServer;
  allowList: OriginAllowList;
  store: RegimeStore;
  log: Logger;
  /** Socket.IO's adapter: the in-memory one by default, the Redis one for several nodes. */
  adapter?: ServerOptions['adapter'];
  /** Creates keys on demand (the demo market); without it, a valid key is served from the store. */
  opener?: KeyOpener;
  /** The socket faults, when the server shows them. */
  faults?: FaultState;
  /** Serve the protocol on `/` as well (the reference server does, for the widget's namespace fallback). */
  rootNamespace?: boolean;
}

/**
 * @example const hub = new Hub({ httpServer, allowList, store, log, adapter: createAdapter(pub, sub) });
 * hub.publish(update);
 */
export class Hub implements Publisher {
  #io: Server<ClientEvents, ServerEvents>;
  #namespaces: HubNamespace[];
  #options: HubOptions;
  #stopWatchingFaults: () => void;

  constructor(options: HubOptions) {
    this.#options = options;
    const { allowList, faults } = options;
    this.#io = new Server<ClientEvents, ServerEvents>(options.httpServer, {
      path: '/socket.io',
      serveClient: false,
      adapter: options.adapter,
      // CORS for the polling transport; the handshake itself is checked by allowRequest.
      cors: { origin: (origin, callback) => callback(null, allowList.allows(origin)) },
      allowRequest: (req, callback) => {
        const refusal = this.#handshakeRefusal(req.headers.origin);
        if (refusal) options.log.info({ origin: req.headers.origin, refusal }, 'socket handshake refused');
        callback(refusal ?? null, refusal === undefined);
      },
    });
    const names = options.rootNamespace ? [SIGNALS_NAMESPACE, '/'] : [SIGNALS_NAMESPACE];
    this.#namespaces = names.map((name) => this.#io.of(name));
    for (const nsp of this.#namespaces) {
      nsp.use((_socket, next) => {
        const refusal = this.#namespaceRefusal(nsp.name);
        next(refusal ? new Error(refusal) : undefined);
      });
      nsp.on('connection', (socket) => this.#serve(socket));
    }
    this.#stopWatchingFaults =
      faults?.onChange((now, before) => {
        if (now.socket === 'refuse' && before.socket !== 'refuse') this.#closeConnections(this.#namespaces);
        if (now.noNamespace && !before.noNamespace) this.#closeConnections(this.#namespaces.slice(0, 1));
      }) ?? (() => {});
  }

  /** Socket.IO connections open on this node now. */
  get clients(): number {
    return this.#io.engine.clientsCount;
  }

  /** How many sockets of this node are subscribed to each key: `{ 'BTCUSDT|1h': 2 }`. */
  subscriptions(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const nsp of this.#namespaces) {
      for (const socket of nsp.sockets.values()) {
        for (const room of socket.rooms) if (room !== socket.id) counts[room] = (counts[room] ?? 0) + 1;
      }
    }
    return counts;
  }

  /** The keys somebody is subscribed to, on any node (the adapter asks the others). */
  async watchedKeys(): Promise<Set<string>> {
    const keys = new Set<string>();
    for (const nsp of this.#namespaces) {
      for (const socket of await nsp.fetchSockets()) {
        for (const room of socket.rooms) if (room !== socket.id) keys.add(room);
      }
    }
    return keys;
  }

  /** Sends an update, and its alert, to its key's room on every node (to everybody under the broadcast fault). */
  publish(update: RegimeUpdate, alert?: RegimeAlert): void {
    const broadcast = this.#options.faults?.get().broadcast ?? false;
    const room = routeKey(update);
    for (const nsp of this.#namespaces) {
      const target = broadcast ? nsp : nsp.to(room);
      target.emit('regime', update);
      if (alert) target.emit('regime:alert', alert);
    }
  }

  /** Disconnects this node's sockets and closes the engine (the http server is the caller's to close). */
  async close(): Promise<void> {
    this.#stopWatchingFaults();
    await this.#io.close();
  }

  /** Why a handshake is refused, or `undefined` to let it in. Node clients send no Origin: they pass. */
  #handshakeRefusal(origin: string | undefined): string | undefined {
    const faults = this.#options.faults?.get();
    if (faults?.socket === 'refuse') return 'sockets are refused (demo fault)';
    if (origin === undefined) return undefined;
    if (faults?.refuseOrigin) return `origin ${origin} is refused (demo fault)`;
    return this.#options.allowList.allows(origin) ? undefined : `origin ${origin} is not allowed`;
  }

  /**
   * The namespace faults. `Invalid namespace` is word for word what Socket.IO answers for a namespace
   * it does not serve, so a client cannot tell the fault from a server without `/signals`.
   */
  #namespaceRefusal(name: string): string | undefined {
    const faults = this.#options.faults?.get();
    if (faults?.noNamespace && name === SIGNALS_NAMESPACE) return 'Invalid namespace';
    if (faults?.authRefuse) return 'unauthorized';
    return undefined;
  }

  #serve(socket: HubSocket): void {
    const log = this.#options.log.child({ socket: socket.id, nsp: socket.nsp.name });
    log.debug('socket connected');
    socket.on('subscribe', async (...args) => {
      if (this.#options.faults?.get().broadcast) return; // the fault: a server that ignores subscribe
      const ack: Ack = typeof args.at(-1) === 'function' ? (args.at(-1) as Ack) : () => {};
      const answer = await this.#subscribe(socket, args[0]);
      log.debug({ key: args[0], ok: answer.ok }, 'subscribe');
      if (!answer.ok) return ack(answer);
      ack({ ok: true });
      if (answer.current) socket.emit('regime', answer.current);
    });
    socket.on('unsubscribe', (...args) => {
      const key = checkKey(args[0]);
      if (key.ok) void socket.leave(routeKey(key.value));
    });
    socket.on('disconnect', (reason) => log.debug({ reason }, 'socket disconnected'));
  }

  /** Joins the key's room first, so no update ingested while the current one is read is missed. */
  async #subscribe(
    socket: HubSocket,
    payload: unknown,
  ): Promise<{ ok: true; current: RegimeUpdate | undefined } | Refusal> {
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
    void socket.join(room);
    const refuse = (code: string, message: string): Refusal => {
      void socket.leave(room);
      return { ok: false, error: { code, message } };
    };
    const opened = await this.#options.opener?.open(key.value, socket.handshake.address);
    if (opened && !opened.ok) return refuse(opened.code, opened.message);
    try {
      return { ok: true, current: await this.#options.store.current(key.value) };
    } catch (error) {
      return refuse('unavailable', error instanceof Error ? error.message : String(error));
    }
  }

  /** Closes the connections of these namespaces' sockets: clients see a transport close and retry. */
  #closeConnections(namespaces: HubNamespace[]): void {
    for (const nsp of namespaces) for (const socket of nsp.sockets.values()) socket.conn.close();
  }
}
