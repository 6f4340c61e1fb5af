/**
 * The lifecycle of one shared Socket.IO connection to one namespace: connect, notice the loss or the
 * refusal, warn once per outage, and retry with jittered backoff (about once a minute after a minute
 * of failures) until it is closed. What the
 * connection carries (keys, routing) is its owner's business (socket-hub.ts), as socket.io-client's
 * Manager keeps the connection and its Socket the namespace's traffic.
 */
import { retryDelay, type BackoffPolicy } from './backoff.js';
import type { Logger } from './logger.js';
import {
  formatSocketError,
  isUnknownNamespace,
  NO_REASON,
  socketErrorInfo,
  type SocketErrorInfo,
} from './socket-errors.js';
import type { OpenSocket, SocketLike } from './socket-io.js';
import type { Transport } from './target.js';

/**
 * - `idle`: not started
 * - `connecting`: the first attempt, before any outcome
 * - `up`: connected
 * - `down`: failed or lost; retrying (an attempt may be in flight)
 * - `closed`: released for good
 */
export type ConnectionState = 'idle' | 'connecting' | 'up' | 'down' | 'closed';

/** The messages a connection passes on. */
export type SocketEvent = 'regime' | 'regime:alert';

/** Who a connection reports to: the hub's entry for it. */
export interface ConnectionOwner {
  /** Connected: subscribe what you carry. */
  up(socket: SocketLike): void;
  /** Failed or lost; the connection retries by itself. */
  down(error: SocketErrorInfo): void;
  message(event: SocketEvent, payload: unknown): void;
  /** The server refused the namespace: true when the owner took its subscribers elsewhere and closed this connection. */
  refused(error: SocketErrorInfo): boolean;
}

/** A namespace the server refused, and its words. */
export interface RefusedNamespace {
  namespace: string;
  error: SocketErrorInfo;
}

export interface SocketConnectionOptions {
  url: string;
  path: string;
  namespace: string;
  /** This connection is the fallback of a refused namespace: when refused too, it reports that first refusal. */
  refusedBefore?: RefusedNamespace;
  open: OpenSocket;
  random: () => number;
  logger: Logger;
  owner: ConnectionOwner;
}

/** Retries after a transport failure: the widget is live within 10 s of the server coming back. */
export const TRANSPORT_BACKOFF: BackoffPolicy = { base: 1000, cap: 5000 };
/** Retries after the server said no (namespace, middleware): slower, so a refusal is no retry storm. */
export const REFUSED_BACKOFF: BackoffPolicy = { base: 5000, cap: 60000 };
/**
 * After this long of continuous failure the retries grow quiet: each failed attempt is a red line in
 * the page owner's console (the browser's own, which no script can silence).
 */
export const QUIET_AFTER_MS = 60_000;
/** The cap of quiet retries: a delay between one and two minutes, so at most one failed attempt a minute. */
export const QUIET_CAP_MS = 120_000;
/**
 * A connection is back (its backoff and quiet clock start over) only once it has stayed up this long:
 * a server that accepts and then drops every connection is retried with growing delays, not every second.
 */
export const STABLE_AFTER_MS = 10_000;

/**
 * @example
 * const connection = new SocketConnection({ url, path: '/socket.io', namespace: '/signals', open, random, logger, owner });
 * connection.start(); // owner.up(socket) once connected, owner.down(error) on every failure
 * connection.close();
 */
export class SocketConnection {
  readonly #options: SocketConnectionOptions;
  #state: ConnectionState = 'idle';
  #socket: SocketLike | undefined;
  /** The transport of `#socket`: the WebSocket, or long-polling after the WebSocket of this attempt failed. */
  #transport: Transport = 'websocket';
  /** This attempt's WebSocket could not pass: what it said, reported if long-polling fails too. */
  #websocketError: SocketErrorInfo | undefined;
  /** This attempt tries one transport alone (a quiet retry), not the WebSocket then long-polling. */
  #alone = false;
  /** Quiet retries so far in this outage: they take turns between the two transports. */
  #quietTurns = 0;
  /** The transport that last carried the connection: the first a quiet retry tries. */
  #carrier: Transport = 'websocket';
  #stable: ReturnType<typeof setTimeout> | undefined;
  #unbind: (() => void)[] = [];
  #attempts = 0;
  #failures = 0;
  #lastError: SocketErrorInfo | undefined;
  #retry: ReturnType<typeof setTimeout> | undefined;
  /** When the outage began (epoch ms): the first failure since the connection was last up. */
  #downSince: number | undefined;
  /** This outage has been warned about. */
  #warned = false;

  constructor(options: SocketConnectionOptions) {
    this.#options = options;
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** The last failure while `down`. */
  get error(): SocketErrorInfo | undefined {
    return this.#lastError;
  }

  /** Connection attempts so far (the WebSocket, then long-polling when it cannot pass; a quiet retry tries one of them). */
  get attempts(): number {
    return this.#attempts;
  }

  /** The connected socket, while `up`. */
  get socket(): SocketLike | undefined {
    return this.#state === 'up' ? this.#socket : undefined;
  }

  /** The Engine.IO transport in use while `up`: `websocket` or `polling`. */
  get transport(): string | undefined {
    return this.socket?.io?.engine?.transport?.name;
  }

  /** The connection in words: `https://example.com (namespace /signals, path /socket.io)`. */
  get where(): string {
    const { url, namespace, path } = this.#options;
    return `${url} (namespace ${namespace}, path ${path})`;
  }

  /** Connects, once; later calls do nothing. */
  start(): void {
    if (this.#state !== 'idle') return;
    this.#state = 'connecting';
    this.#begin();
  }

  /** Down and waiting to retry: retries now (the browser is back online, the page is shown). */
  retryNow(): void {
    if (this.#retry === undefined) return;
    clearTimeout(this.#retry);
    this.#retry = undefined;
    this.#options.logger.debug(`retrying ${this.where} now`);
    this.#begin();
  }

  /** Disconnects and stops retrying, for good. */
  close(): void {
    this.#state = 'closed';
    clearTimeout(this.#retry);
    clearTimeout(this.#stable);
    this.#retry = undefined;
    this.#release();
  }

  /** An attempt begins with the WebSocket, long-polling following at once when it cannot pass; or tries `alone` one transport. */
  #begin(alone?: Transport): void {
    this.#attempts++;
    this.#websocketError = undefined;
    this.#alone = alone !== undefined;
    this.#connect(alone ?? 'websocket');
  }

  #connect(transport: Transport): void {
    if (!this.#socket || transport !== this.#transport) {
      this.#release();
      const { url, path, namespace, open } = this.#options;
      this.#transport = transport;
      this.#socket = this.#bind(open(url, path, namespace, transport));
    }
    this.#socket.connect();
  }

  #release(): void {
    for (const unbind of this.#unbind) unbind();
    this.#unbind = [];
    this.#socket?.disconnect();
    this.#socket = undefined;
  }

  #bind(socket: SocketLike): SocketLike {
    const on = <A extends unknown[]>(event: string, listener: (...args: A) => void) => {
      const fn = listener as unknown as (...args: never[]) => void;
      socket.on(event, fn);
      this.#unbind.push(() => socket.off(event, fn));
    };
    on('connect', () => this.#onConnect());
    on('connect_error', (error: unknown) => this.#onConnectError(error));
    on('disconnect', (reason: string) => this.#onDisconnect(reason));
    for (const event of ['regime', 'regime:alert'] as const)
      on(event, (payload: unknown) => this.#options.owner.message(event, payload));
    return socket;
  }

  #onConnect(): void {
    const { logger, owner } = this.#options;
    this.#state = 'up';
    this.#carrier = this.#transport;
    this.#lastError = undefined;
    clearTimeout(this.#stable);
    this.#stable = setTimeout(() => this.#recovered(), STABLE_AFTER_MS);
    logger.debug(`socket connected to ${this.where} over ${this.transport ?? 'an unknown transport'}`);
    // The server forgets subscriptions with the connection: the owner subscribes every key again.
    if (this.#socket) owner.up(this.#socket);
  }

  /** Up for STABLE_AFTER_MS: the outage is over. */
  #recovered(): void {
    this.#failures = 0;
    this.#quietTurns = 0;
    this.#downSince = undefined;
    if (this.#warned) this.#options.logger.info(`Socket.IO ${this.where} is back; live again.`);
    this.#warned = false;
  }

  #onConnectError(error: unknown): void {
    const info = socketErrorInfo(error);
    if (info.kind === 'refused') {
      if (this.#options.owner.refused(info)) return;
      // The fallback refused too: the first refusal is the one that says what to fix.
      this.#fail(this.#options.refusedBefore?.error ?? info, info);
    } else if (info.kind === 'transport' && this.#transport === 'websocket' && !this.#alone) {
      // The WebSocket cannot pass (a proxy that drops the Upgrade header answers 400): the same
      // server over long-polling, at once, as the rest of this attempt.
      this.#websocketError = info;
      this.#options.logger.debug(
        `WebSocket to ${this.where} failed (${formatSocketError(info)}); long-polling`,
      );
      this.#connect('polling');
    } else {
      // Long-polling failed too: the WebSocket's error is the attempt's.
      this.#fail((info.kind === 'transport' && this.#websocketError) || info);
    }
  }

  #onDisconnect(reason: string): void {
    if (reason === 'io client disconnect') return;
    this.#fail({ message: reason, kind: 'disconnect' });
  }

  /** `info` is what the subscribers are told, `own` what this connection's server said. */
  #fail(info: SocketErrorInfo, own: SocketErrorInfo = info): void {
    const { logger, owner } = this.#options;
    this.#state = 'down';
    clearTimeout(this.#stable);
    this.#lastError = info;
    this.#downSince ??= Date.now();
    owner.down(info);
    if (!this.#warned) {
      this.#warned = true;
      logger.warn(
        `Socket.IO ${this.where} failed: ${formatSocketError(own)}.${this.#advice(own)} ` +
          'Continuing over REST; retrying the socket in the background.',
      );
    }
    this.#scheduleRetry(info.kind === 'refused' ? REFUSED_BACKOFF : TRANSPORT_BACKOFF);
  }

  /** What to check, in one sentence, when the error itself does not say. */
  #advice(info: SocketErrorInfo): string {
    const { namespace, refusedBefore } = this.#options;
    if (info.kind === 'refused' && refusedBefore) {
      const both = ` The server refused namespace "${refusedBefore.namespace}" (${formatSocketError(refusedBefore.error)}) and "${namespace}" too`;
      const unknown = isUnknownNamespace(refusedBefore.error) || refusedBefore.error.message === NO_REASON;
      return unknown ? `${both}: set ws-namespace to the one it serves.` : `${both}.`;
    }
    if (isUnknownNamespace(info))
      return ` The server refused namespace "${namespace}": set ws-namespace to the one it serves.`;
    if (info.kind === 'transport')
      return (
        ' The browser does not say why a WebSocket failed, and long-polling failed too: check that the server' +
        " listens at this URL and path, and that it accepts this page's origin (allowRequest, and CORS for" +
        ' long-polling).'
      );
    return '';
  }

  /** A minute or more into the outage. */
  #quiet(): boolean {
    return Date.now() - (this.#downSince ?? Date.now()) >= QUIET_AFTER_MS;
  }

  #scheduleRetry(policy: BackoffPolicy): void {
    clearTimeout(this.#retry);
    const delay = retryDelay(
      this.#failures++,
      this.#quiet() ? { ...policy, cap: QUIET_CAP_MS } : policy,
      this.#options.random,
    );
    this.#options.logger.debug(`socket retry in ${delay} ms`);
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      // Quiet: one transport per attempt, one failed request in the console. They take turns, from
      // the one that last carried the connection, so a server behind a proxy without Upgrade is found too.
      if (!this.#quiet()) return this.#begin();
      const other: Transport = this.#carrier === 'websocket' ? 'polling' : 'websocket';
      this.#begin(this.#quietTurns++ % 2 === 0 ? this.#carrier : other);
    }, delay);
  }
}
