/**
 * Shared Socket.IO connections: one per `ws-url` + `ws-path` + namespace, however many widgets use
 * it. Each widget holds a counted subscription to one key (symbol and timeframe); the connection
 * subscribes each key once, routes each message to that key's subscribers only, reconnects with
 * jittered backoff, and closes when its last subscriber leaves.
 */
import { Manager } from 'socket.io-client';
import { checkAlert, checkUpdate, routeKey, type Checked } from '../contract/validate.js';
import type { RegimeAlert, RegimeUpdate, SubscribeAck, SubscriptionKey } from '../contract/types.js';
import { retryDelay, type BackoffPolicy } from './backoff.js';
import {
  formatSocketError,
  INVALID_NAMESPACE,
  socketErrorInfo,
  type SocketErrorInfo,
} from './socket-errors.js';
import { sharedLogger, type Logger } from './logger.js';
import type { SocketTarget } from './target.js';

/** The socket's outcome for one subscriber's key. */
export type SocketStatus =
  { state: 'connecting' } | { state: 'live' } | { state: 'down'; error: SocketErrorInfo };

/** A widget's view of a shared connection. */
export interface SocketSubscriber {
  readonly key: SubscriptionKey;
  status(status: SocketStatus): void;
  regime(update: Checked<RegimeUpdate>): void;
  alert(alert: Checked<RegimeAlert>): void;
}

/** What a connection tells an integrator filing a bug. */
export interface SocketDiagnostics {
  url: string;
  path: string;
  namespace: string;
  state: 'connecting' | 'up' | 'down';
  transport?: string;
  attempts: number;
  lastError?: SocketErrorInfo;
  subscribers: number;
}

/** The part of a socket.io-client `Socket` the hub uses; tests pass a fake. */
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

/** Opens a namespace on the connection to a URL and path. */
export type OpenSocket = (url: string, path: string, namespace: string) => SocketLike;

export interface SocketHubOptions {
  open?: OpenSocket;
  random?: () => number;
  logger?: Logger;
}

/** How long a connection attempt may take before it counts as failed. */
export const CONNECT_TIMEOUT_MS = 4000;
/** How long to wait for a `subscribe` acknowledgement before taking a silent server as a broadcaster. */
export const ACK_TIMEOUT_MS = 2000;
/** Retries after a transport failure: the widget is live within 10 s of the server coming back. */
export const TRANSPORT_BACKOFF: BackoffPolicy = { base: 1000, cap: 5000 };
/** Retries after the server said no (namespace, middleware): slower, so a refusal is no retry storm. */
export const REFUSED_BACKOFF: BackoffPolicy = { base: 5000, cap: 60000 };

/** One Engine.IO connection per URL and path, multiplexing namespaces, as socket.io-client does. */
export function openSocketIo(): OpenSocket {
  const managers = new Map<string, Manager>();
  return (url, path, namespace) => {
    const id = `${url}|${path}`;
    let manager = managers.get(id);
    if (!manager) {
      manager = new Manager(url, {
        path,
        autoConnect: false,
        // The hub reconnects itself, with jitter that stays random at the cap.
        reconnection: false,
        timeout: CONNECT_TIMEOUT_MS,
        // REST polling is the widget's fallback; long-polling would only add requests and CORS.
        transports: ['websocket'],
      });
      managers.set(id, manager);
    }
    return manager.socket(namespace) as unknown as SocketLike;
  };
}

interface KeyGroup {
  key: SubscriptionKey;
  subscribers: Set<SocketSubscriber>;
  live: boolean;
  /** Bumped on each (re)subscription, so a late acknowledgement of an older one is ignored. */
  epoch: number;
}

class SharedConnection {
  readonly #target: SocketTarget;
  readonly #open: OpenSocket;
  readonly #random: () => number;
  readonly #logger: Logger;
  readonly #groups = new Map<string, KeyGroup>();
  #namespace: string;
  #socket: SocketLike | undefined;
  #unbind: (() => void)[] = [];
  #state: SocketDiagnostics['state'] = 'connecting';
  #attempts = 0;
  #failures = 0;
  #lastError: SocketErrorInfo | undefined;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #warned = false;

  constructor(target: SocketTarget, open: OpenSocket, random: () => number, logger: Logger) {
    this.#target = target;
    this.#namespace = target.namespace;
    this.#open = open;
    this.#random = random;
    this.#logger = logger;
  }

  get size(): number {
    let n = 0;
    for (const group of this.#groups.values()) n += group.subscribers.size;
    return n;
  }

  get diagnostics(): SocketDiagnostics {
    const transport = this.#socket?.io?.engine?.transport?.name;
    return {
      url: this.#target.url,
      path: this.#target.path,
      namespace: this.#namespace,
      state: this.#state,
      attempts: this.#attempts,
      subscribers: this.size,
      ...(transport !== undefined && this.#state === 'up' && { transport }),
      ...(this.#lastError && { lastError: this.#lastError }),
    };
  }

  add(subscriber: SocketSubscriber): void {
    const id = routeKey(subscriber.key);
    let group = this.#groups.get(id);
    if (!group) {
      group = { key: subscriber.key, subscribers: new Set(), live: false, epoch: 0 };
      this.#groups.set(id, group);
      if (this.#socket?.connected) this.#subscribe(group);
    }
    group.subscribers.add(subscriber);
    if (group.live) subscriber.status({ state: 'live' });
    else if (this.#state === 'down' && this.#lastError)
      subscriber.status({ state: 'down', error: this.#lastError });
    else subscriber.status({ state: 'connecting' });
    if (!this.#socket) this.#connect(this.#namespace);
  }

  /** Removes a subscriber; returns true when the connection has none left and was closed. */
  remove(subscriber: SocketSubscriber): boolean {
    const id = routeKey(subscriber.key);
    const group = this.#groups.get(id);
    if (!group?.subscribers.delete(subscriber)) return false;
    if (group.subscribers.size === 0) {
      this.#groups.delete(id);
      if (this.#socket?.connected) this.#socket.emit('unsubscribe', group.key);
    }
    if (this.#groups.size > 0) return false;
    this.#close();
    return true;
  }

  #connect(namespace: string): void {
    this.#namespace = namespace;
    const socket = this.#open(this.#target.url, this.#target.path, namespace);
    this.#socket = socket;
    const on = <A extends unknown[]>(event: string, listener: (...args: A) => void) => {
      const fn = listener as unknown as (...args: never[]) => void;
      socket.on(event, fn);
      this.#unbind.push(() => socket.off(event, fn));
    };
    on('connect', () => this.#onConnect());
    on('connect_error', (error: unknown) => this.#onConnectError(error));
    on('disconnect', (reason: string) => this.#onDisconnect(reason));
    on('regime', (payload: unknown) => this.#route(payload, checkUpdate, 'regime'));
    on('regime:alert', (payload: unknown) => this.#route(payload, checkAlert, 'alert'));
    this.#attempts++;
    socket.connect();
  }

  #onConnect(): void {
    this.#state = 'up';
    this.#failures = 0;
    if (this.#warned) {
      this.#logger.info(`Socket.IO ${this.#where()} is back; live again.`);
    }
    this.#warned = false;
    this.#lastError = undefined;
    this.#logger.debug('socket connected', this.diagnostics);
    // The server forgets subscriptions with the connection: subscribe every key again.
    for (const group of this.#groups.values()) this.#subscribe(group);
  }

  #onConnectError(error: unknown): void {
    const info = socketErrorInfo(error);
    const canFallBack =
      info.message === INVALID_NAMESPACE &&
      !this.#target.namespaceExplicit &&
      // Once: after the fallback the namespace is already `/`.
      this.#namespace !== '/';
    if (canFallBack) {
      this.#logger.debug(`namespace ${this.#namespace} refused by ${this.#target.url}; trying /`);
      this.#teardownSocket();
      this.#connect('/');
      return;
    }
    this.#fail(info);
  }

  #onDisconnect(reason: string): void {
    if (reason === 'io client disconnect') return;
    this.#fail({ message: reason, kind: 'disconnect' });
  }

  #fail(info: SocketErrorInfo): void {
    this.#state = 'down';
    this.#lastError = info;
    for (const group of this.#groups.values()) {
      group.live = false;
      group.epoch++;
      for (const subscriber of group.subscribers) subscriber.status({ state: 'down', error: info });
    }
    if (!this.#warned) {
      this.#warned = true;
      const refused =
        info.message === INVALID_NAMESPACE
          ? ` The server refused namespace "${this.#namespace}": set ws-namespace to the one it serves.`
          : info.kind === 'transport'
            ? ' The browser does not say why a WebSocket failed: check that the server listens at this URL and' +
              " path, and that it accepts this page's origin (allowRequest)."
            : '';
      this.#logger.warn(
        `Socket.IO ${this.#where()} failed: ${formatSocketError(info)}.${refused} ` +
          'Continuing over REST; retrying the socket in the background.',
      );
    }
    this.#scheduleRetry(info.kind === 'refused' ? REFUSED_BACKOFF : TRANSPORT_BACKOFF);
  }

  #scheduleRetry(policy: BackoffPolicy): void {
    clearTimeout(this.#retry);
    const delay = retryDelay(this.#failures++, policy, this.#random);
    this.#logger.debug(`socket retry in ${delay} ms`);
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      this.#attempts++;
      this.#socket?.connect();
    }, delay);
  }

  #subscribe(group: KeyGroup): void {
    const socket = this.#socket;
    if (!socket) return;
    const epoch = ++group.epoch;
    socket.timeout(ACK_TIMEOUT_MS).emit('subscribe', group.key, (err, response) => {
      if (epoch !== group.epoch || !socket.connected) return;
      if (err) {
        // No acknowledgement: a server that ignores `subscribe` and broadcasts still works.
        this.#logger.debug(
          `no acknowledgement of subscribe ${routeKey(group.key)}; taking the server as a broadcaster`,
        );
        this.#setLive(group);
        return;
      }
      const ack = response as SubscribeAck | undefined;
      if (ack && ack.ok === false) {
        const error: SocketErrorInfo = {
          message: ack.error?.message ?? 'subscribe refused',
          kind: 'refused',
          ...(ack.error?.code !== undefined && { code: String(ack.error.code) }),
        };
        this.#logger.warn(
          `Socket.IO ${this.#where()} refused subscribe ${routeKey(group.key)}: ${formatSocketError(error)}. Continuing over REST.`,
        );
        for (const subscriber of group.subscribers) subscriber.status({ state: 'down', error });
        return;
      }
      this.#setLive(group);
    });
  }

  #setLive(group: KeyGroup): void {
    if (group.live) return;
    group.live = true;
    for (const subscriber of group.subscribers) subscriber.status({ state: 'live' });
  }

  #route<T>(payload: unknown, check: (input: unknown) => Checked<T>, kind: 'regime' | 'alert'): void {
    const p = payload as { symbol?: unknown; timeframe?: unknown } | null;
    if (
      typeof p !== 'object' ||
      p === null ||
      typeof p.symbol !== 'string' ||
      typeof p.timeframe !== 'string'
    ) {
      this.#logger.debug(`dropped a ${kind} with no symbol and timeframe`, payload);
      return;
    }
    const group = this.#groups.get(`${p.symbol}|${p.timeframe}`);
    if (!group) return;
    // A message for the key proves the subscription works, acknowledged or not.
    if (kind === 'regime' && !group.live && this.#socket?.connected) this.#setLive(group);
    const checked = check(payload);
    for (const subscriber of group.subscribers) {
      if (kind === 'regime') subscriber.regime(checked as Checked<RegimeUpdate>);
      else subscriber.alert(checked as Checked<RegimeAlert>);
    }
  }

  #where(): string {
    return `${this.#target.url} (namespace ${this.#namespace}, path ${this.#target.path})`;
  }

  #teardownSocket(): void {
    for (const unbind of this.#unbind) unbind();
    this.#unbind = [];
    this.#socket?.disconnect();
    this.#socket = undefined;
  }

  #close(): void {
    clearTimeout(this.#retry);
    this.#retry = undefined;
    this.#teardownSocket();
  }
}

function connectionId(target: SocketTarget): string {
  return `${target.url}|${target.path}|${target.namespace}`;
}

/**
 * The registry of shared connections.
 * @example
 * const hub = new SocketHub();
 * const leave = hub.subscribe(target, subscriber); // connects, or joins the open connection
 * leave(); // the last one out closes it
 */
export class SocketHub {
  readonly #connections = new Map<string, SharedConnection>();
  readonly #open: OpenSocket;
  readonly #random: () => number;
  readonly #logger: Logger;

  constructor(options: SocketHubOptions = {}) {
    this.#open = options.open ?? openSocketIo();
    this.#random = options.random ?? Math.random;
    this.#logger = options.logger ?? sharedLogger;
  }

  /** How many connections are open: one per URL, path and namespace in use. */
  get connections(): number {
    return this.#connections.size;
  }

  subscribe(target: SocketTarget, subscriber: SocketSubscriber): () => void {
    // Keyed without namespaceExplicit: socket.io-client keeps one Socket per namespace and manager,
    // so two entries for one namespace would share, and tear down, the same Socket.
    const id = connectionId(target);
    let connection = this.#connections.get(id);
    if (!connection) {
      connection = new SharedConnection(target, this.#open, this.#random, this.#logger);
      this.#connections.set(id, connection);
    }
    connection.add(subscriber);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      if (connection.remove(subscriber)) this.#connections.delete(id);
    };
  }

  /** The connection a target uses, for diagnostics. */
  diagnostics(target: SocketTarget): SocketDiagnostics | undefined {
    return this.#connections.get(connectionId(target))?.diagnostics;
  }
}
