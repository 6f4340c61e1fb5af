/**
 * The page's shared Socket.IO connections: one per `ws-url` + `ws-path` + namespace in use, however
 * many widgets use it. The hub keeps the registry (which connection serves a target, which keys a
 * connection carries) and routes each message to its key's subscribers only. A connection's
 * lifecycle is socket-connection.ts; a key's standing with the server is key-subscription.ts.
 */
import { checkAlert, checkUpdate, routeKey } from '../contract/validate.js';
import { KeySubscription, type SocketSubscriber } from './key-subscription.js';
import { sharedLogger, type Logger } from './logger.js';
import {
  SocketConnection,
  type ConnectionOwner,
  type ConnectionState,
  type RefusedNamespace,
  type SocketEvent,
} from './socket-connection.js';
import { isSocketIoV2, type SocketErrorInfo } from './socket-errors.js';
import { browserPage, type BrowserPage } from './page.js';
import { openSocketIo, type OpenSocket, type SocketLike } from './socket-io.js';
import { connectionId, type SocketTarget } from './target.js';

/** What a connection tells an integrator filing a bug. */
export interface SocketDiagnostics {
  url: string;
  /** The path, as the client uses it. */
  path: string;
  /** The namespace in use: `/` after the fallback. */
  namespace: string;
  state: Exclude<ConnectionState, 'idle' | 'closed'>;
  transport?: string;
  attempts: number;
  lastError?: SocketErrorInfo;
  subscribers: number;
  /** Messages without `symbol` and `timeframe` dropped because several keys share the connection. */
  droppedKeyless: number;
}

export interface SocketHubOptions {
  open?: OpenSocket;
  random?: () => number;
  logger?: Logger;
  /** The page whose `online` and becoming visible retry a failed connection at once. */
  page?: BrowserPage;
}

/** One `subscribe()`: who, for which target, and on which connection now (the fallback moves it). */
interface Member {
  readonly subscriber: SocketSubscriber;
  readonly target: SocketTarget;
  channel: Channel;
}

interface ChannelOptions {
  target: SocketTarget;
  open: OpenSocket;
  random: () => number;
  logger: Logger;
  /** The namespace was refused: moves the members that may fall back; true when none is left. */
  fallBack: (channel: Channel, error: SocketErrorInfo) => boolean;
  refusedBefore?: RefusedNamespace;
}

/** One connection and the keys it carries. */
class Channel implements ConnectionOwner {
  readonly target: SocketTarget;
  readonly members = new Set<Member>();
  readonly connection: SocketConnection;
  readonly #keys = new Map<string, KeySubscription>();
  readonly #options: ChannelOptions;
  /** Messages without a key dropped because several keys share the connection. */
  droppedKeyless = 0;

  constructor(options: ChannelOptions) {
    this.#options = options;
    this.target = options.target;
    const { url, path, namespace } = options.target;
    this.connection = new SocketConnection({ ...options, url, path, namespace, owner: this });
  }

  get id(): string {
    return connectionId(this.target);
  }

  get diagnostics(): SocketDiagnostics {
    const { connection } = this;
    const { transport, error } = connection;
    const state =
      connection.state === 'idle' || connection.state === 'closed' ? 'connecting' : connection.state;
    return {
      url: this.target.url,
      path: this.target.path,
      namespace: this.target.namespace,
      state,
      attempts: connection.attempts,
      subscribers: this.members.size,
      droppedKeyless: this.droppedKeyless,
      ...(transport !== undefined && { transport }),
      ...(error && { lastError: error }),
    };
  }

  add(member: Member): void {
    this.members.add(member);
    const { subscriber } = member;
    const id = routeKey(subscriber.key);
    let subscription = this.#keys.get(id);
    if (!subscription) {
      subscription = new KeySubscription(subscriber.key, {
        logger: this.#options.logger,
        random: this.#options.random,
        where: () => this.connection.where,
        changed: (changed) => this.#tell(changed),
      });
      this.#keys.set(id, subscription);
      const socket = this.connection.socket;
      if (socket) subscription.subscribe(socket);
    }
    subscription.subscribers.add(subscriber);
    subscriber.status(subscription.status(this.connection));
    this.connection.start();
  }

  /** Removes a member; true when the channel has none left. */
  remove(member: Member): boolean {
    if (!this.members.delete(member)) return false;
    const id = routeKey(member.subscriber.key);
    const subscription = this.#keys.get(id);
    if (subscription?.subscribers.delete(member.subscriber) && subscription.subscribers.size === 0) {
      this.#keys.delete(id);
      subscription.unsubscribe(this.connection.socket);
    }
    return this.members.size === 0;
  }

  up(socket: SocketLike): void {
    for (const subscription of this.#keys.values()) subscription.subscribe(socket);
  }

  down(error: SocketErrorInfo): void {
    for (const subscription of this.#keys.values()) {
      subscription.reset();
      for (const subscriber of subscription.subscribers) subscriber.status({ state: 'down', error });
    }
  }

  refused(error: SocketErrorInfo): boolean {
    return this.#options.fallBack(this, error);
  }

  message(event: SocketEvent, payload: unknown): void {
    const routed = this.#route(event, payload);
    if (!routed) return;
    const [subscription, keyed] = routed;
    if (event === 'regime') {
      // A message for the key proves the subscription works, acknowledged or not.
      if (this.connection.socket) subscription.confirm();
      const checked = checkUpdate(keyed);
      for (const subscriber of subscription.subscribers) subscriber.regime(checked);
    } else {
      const checked = checkAlert(keyed);
      for (const subscriber of subscription.subscribers) subscriber.alert(checked);
    }
  }

  /** The subscription a message is for, by its `symbol` and `timeframe`, and the message with its key. */
  #route(event: SocketEvent, payload: unknown): [KeySubscription, unknown] | undefined {
    const p = payload as { symbol?: unknown; timeframe?: unknown } | null;
    if (typeof p === 'object' && p !== null && !Array.isArray(p)) {
      if (p.symbol === undefined && p.timeframe === undefined) return this.#keyless(event, p);
      if (typeof p.symbol === 'string' && typeof p.timeframe === 'string') {
        const subscription = this.#keys.get(routeKey({ symbol: p.symbol, timeframe: p.timeframe }));
        return subscription && [subscription, payload];
      }
    }
    this.#options.logger.debug(`dropped a ${event} with no symbol and timeframe`, payload);
    return undefined;
  }

  /**
   * A message without `symbol` and `timeframe` (as the classic troubleshooting server sends): the only
   * key on the connection's, or nobody's when there are several.
   */
  #keyless(event: SocketEvent, payload: object): [KeySubscription, unknown] | undefined {
    const only = this.#keys.size === 1 ? this.#keys.values().next().value : undefined;
    if (only) return [only, { ...payload, ...only.key }];
    this.droppedKeyless++;
    if (this.droppedKeyless === 1)
      this.#options.logger.warn(
        `Socket.IO ${this.connection.where} sent a ${event} without symbol and timeframe while ` +
          `${this.#keys.size} keys share the connection: dropped (counted in diagnostics.socket.droppedKeyless). ` +
          'Add symbol and timeframe to every regime and regime:alert.',
      );
    return undefined;
  }

  #tell(subscription: KeySubscription): void {
    const status = subscription.status(this.connection);
    for (const subscriber of subscription.subscribers) subscriber.status(status);
  }
}

/**
 * The registry of shared connections.
 * @example
 * const hub = new SocketHub();
 * const leave = hub.subscribe(target, subscriber); // connects, or joins the open connection
 * leave(); // the last one out closes it
 */
export class SocketHub {
  readonly #channels = new Map<string, Channel>();
  /** Default namespaces their server refused, by connection id: where their subscribers went instead. */
  readonly #fallbacks = new Map<string, Channel>();
  readonly #open: OpenSocket;
  readonly #random: () => number;
  readonly #logger: Logger;
  readonly #page: BrowserPage | undefined;
  #unlisten: (() => void) | undefined;

  constructor(options: SocketHubOptions = {}) {
    this.#open = options.open ?? openSocketIo();
    this.#random = options.random ?? Math.random;
    this.#logger = options.logger ?? sharedLogger;
    this.#page = options.page ?? browserPage();
  }

  /** How many connections are open: one per URL, path and namespace in use. */
  get connections(): number {
    return this.#channels.size;
  }

  /**
   * Subscribes to a key on the connection for `target`, opening it if none is open. The subscriber
   * is told the key's status at once (`connecting`, `live`, or `down` with the error) and at every
   * change, and gets the messages for its key only. Returns the leave; leaving twice is harmless.
   * @example
   * const leave = hub.subscribe(
   *   { url: 'https://example.com', path: '/socket.io', namespace: '/signals', namespaceExplicit: false },
   *   { key: { symbol: 'BTCUSDT', timeframe: '1h' }, status, regime, alert },
   * );
   */
  subscribe(target: SocketTarget, subscriber: SocketSubscriber): () => void {
    const member: Member = { subscriber, target, channel: this.#channelFor(target) };
    member.channel.add(member);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      if (member.channel.remove(member)) this.#close(member.channel);
    };
  }

  /** The connection a target uses, for diagnostics. */
  diagnostics(target: SocketTarget): SocketDiagnostics | undefined {
    return this.#find(target)?.diagnostics;
  }

  #find(target: SocketTarget): Channel | undefined {
    const id = connectionId(target);
    return (!target.namespaceExplicit && this.#fallbacks.get(id)) || this.#channels.get(id);
  }

  /** The channel for a target, opened if none is; `refusedBefore`: the namespace refused before this one. */
  #channelFor(target: SocketTarget, refusedBefore?: RefusedNamespace): Channel {
    const found = this.#find(target);
    if (found) return found;
    // Keyed without namespaceExplicit: socket.io-client keeps one Socket per namespace and manager,
    // so two entries for one namespace would share, and tear down, the same Socket.
    const channel = new Channel({
      target,
      open: this.#open,
      random: this.#random,
      logger: this.#logger,
      fallBack: (from, error) => this.#fallBack(from, error),
      ...(refusedBefore && { refusedBefore }),
    });
    this.#channels.set(channel.id, channel);
    // A failed connection need not wait out its backoff when the page says the moment is good.
    const retryNow = () => {
      for (const open of this.#channels.values()) open.connection.retryNow();
    };
    this.#unlisten ??= this.#page?.listen(retryNow, retryNow);
    return channel;
  }

  /** The default namespace was refused, in whatever words but a Socket.IO 2 server's: its members that did not choose it try `/`, once. */
  #fallBack(from: Channel, error: SocketErrorInfo): boolean {
    const movers = [...from.members].filter((member) => !member.target.namespaceExplicit);
    if (from.target.namespace === '/' || movers.length === 0 || isSocketIoV2(error)) return false;
    this.#logger.debug(
      `namespace ${from.target.namespace} refused by ${from.target.url} (${error.message}); trying /`,
    );
    const root = this.#channelFor(
      { ...from.target, namespace: '/', namespaceExplicit: true },
      { namespace: from.target.namespace, error },
    );
    this.#fallbacks.set(from.id, root);
    for (const member of movers) {
      from.remove(member);
      member.channel = root;
      root.add(member);
    }
    if (from.members.size > 0) return false;
    this.#close(from);
    return true;
  }

  #close(channel: Channel): void {
    channel.connection.close();
    if (this.#channels.get(channel.id) === channel) this.#channels.delete(channel.id);
    for (const [id, to] of this.#fallbacks) if (to === channel) this.#fallbacks.delete(id);
    if (this.#channels.size === 0) {
      this.#unlisten?.();
      this.#unlisten = undefined;
    }
  }
}
