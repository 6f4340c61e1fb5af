/**
 * One key's subscription on one shared connection: the subscribers who want the key, and where the
 * key stands with the server. It is `pending` until the server acknowledges `subscribe` (or stays
 * silent and is taken as a broadcaster, or sends a message for the key), then `live`, or `refused`
 * with the server's error. A subscriber who comes later is answered from that state.
 */
import type { RegimeAlert, RegimeUpdate, SubscriptionKey } from '../contract/types.js';
import { routeKey, type Checked } from '../contract/validate.js';
import { retryDelay } from './backoff.js';
import type { Logger } from './logger.js';
import { REFUSED_BACKOFF } from './socket-connection.js';
import { capReason, formatSocketError, type SocketErrorInfo } from './socket-errors.js';

type Rec = Record<string, unknown>;
import type { SocketLike } from './socket-io.js';

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

/** Where a key stands with the server on its connection. */
export type KeyState =
  { state: 'pending' } | { state: 'live' } | { state: 'refused'; error: SocketErrorInfo };

/** The connection's side of a subscriber's status: `down` carries the connection's error. */
export interface ConnectionStanding {
  readonly state: string;
  readonly error?: SocketErrorInfo | undefined;
}

/** How long to wait for a `subscribe` acknowledgement before taking a silent server as a broadcaster. */
export const ACK_TIMEOUT_MS = 2000;

export interface KeySubscriptionOptions {
  logger: Logger;
  random: () => number;
  /** The connection in words, for warnings: `https://example.com (namespace /signals, path /socket.io)`. */
  where: () => string;
  /** The key's state changed: its subscribers are to be told. */
  changed: (subscription: KeySubscription) => void;
}

/**
 * @example
 * const btc = new KeySubscription({ symbol: 'BTCUSDT', timeframe: '1h' }, { logger, where, changed });
 * btc.subscribers.add(subscriber);
 * btc.subscribe(socket); // on every (re)connection; later: btc.state
 */
export class KeySubscription {
  readonly key: SubscriptionKey;
  readonly subscribers = new Set<SocketSubscriber>();
  readonly #options: KeySubscriptionOptions;
  #state: KeyState = { state: 'pending' };
  /** Bumped on each (re)subscription and each loss, so a late acknowledgement of an older one is ignored. */
  #epoch = 0;
  /** Refusals in a row on this connection: the backoff of asking again. */
  #refusals = 0;
  #retry: ReturnType<typeof setTimeout> | undefined;

  constructor(key: SubscriptionKey, options: KeySubscriptionOptions) {
    this.key = { symbol: key.symbol, timeframe: key.timeframe };
    this.#options = options;
  }

  get state(): KeyState {
    return this.#state;
  }

  /**
   * What a subscriber of this key is told, given where its connection stands.
   * @example btc.status({ state: 'down', error }) // { state: 'down', error } unless the key is live
   */
  status(connection: ConnectionStanding): SocketStatus {
    if (this.#state.state === 'live') return { state: 'live' };
    if (this.#state.state === 'refused') return { state: 'down', error: this.#state.error };
    if (connection.state === 'down' && connection.error) return { state: 'down', error: connection.error };
    return { state: 'connecting' };
  }

  /** Sends `subscribe` on a connected socket; the acknowledgement, or none within ACK_TIMEOUT_MS, sets the state. */
  subscribe(socket: SocketLike): void {
    clearTimeout(this.#retry);
    const epoch = ++this.#epoch;
    socket.timeout(ACK_TIMEOUT_MS).emit('subscribe', this.key, (err, response) => {
      if (epoch !== this.#epoch || !socket.connected) return;
      if (err) {
        // No acknowledgement: a server that ignores `subscribe` and broadcasts still works.
        this.#options.logger.debug(
          `no acknowledgement of subscribe ${routeKey(this.key)}; taking the server as a broadcaster`,
        );
        this.#set({ state: 'live' });
        return;
      }
      const refusal = refusalOf(response);
      if (!refusal) {
        this.#refusals = 0;
        this.#set({ state: 'live' });
        return;
      }
      const words = `Socket.IO ${this.#options.where()} refused subscribe ${routeKey(this.key)}: ${formatSocketError(refusal)}.`;
      if (this.#refusals === 0)
        this.#options.logger.warn(`${words} Continuing over REST; asking again later.`);
      else this.#options.logger.debug(words);
      this.#set({ state: 'refused', error: refusal });
      // A refusal may pass (a symbol being listed, a quota): asked again, slower each time.
      const delay = retryDelay(this.#refusals++, REFUSED_BACKOFF, this.#options.random);
      this.#retry = setTimeout(() => {
        if (epoch === this.#epoch && socket.connected) this.subscribe(socket);
      }, delay);
    });
  }

  /** Sends `unsubscribe` when the socket is connected (the server forgets the key with the connection anyway). */
  unsubscribe(socket: SocketLike | undefined): void {
    clearTimeout(this.#retry);
    if (socket?.connected) socket.emit('unsubscribe', this.key);
  }

  /** A message for the key proves the subscription works, acknowledged or not. */
  confirm(): void {
    if (this.#state.state !== 'live') this.#set({ state: 'live' });
  }

  /** The connection is lost: the key waits again, and answers to earlier `subscribe`s are ignored. */
  reset(): void {
    clearTimeout(this.#retry);
    this.#refusals = 0;
    this.#epoch++;
    this.#state = { state: 'pending' };
  }

  #set(state: KeyState): void {
    if (state.state === 'live' && this.#state.state === 'live') return;
    this.#state = state;
    this.#options.changed(this);
  }
}

/** The error of a `{ ok: false }` acknowledgement, or undefined for any other answer. */
function refusalOf(response: unknown): SocketErrorInfo | undefined {
  const ack = response as { ok?: unknown; error?: unknown } | null | undefined;
  if (typeof ack !== 'object' || ack === null || ack.ok !== false) return undefined;
  const error: unknown = ack.error;
  const { code, message } = typeof error === 'object' && error !== null ? (error as Rec) : ({} as Rec);
  return {
    message: typeof message === 'string' && message ? capReason(message) : 'subscribe refused',
    kind: 'refused',
    ...((typeof code === 'string' || typeof code === 'number') && { code: capReason(String(code)) }),
  };
}
