/**
 * One widget's feed: REST at once, the socket at the same time without waiting on it, REST polling
 * whenever the socket is not live, and only valid, newer updates for its own key. It knows nothing
 * of Svelte or the DOM; the element turns its callbacks into state and events.
 */
import { routeKey, timestampMs, type Checked } from '../contract/validate.js';
import type {
  ConnectionChange,
  Mode,
  RegimeAlert,
  RegimeHistory,
  RegimePoint,
  RegimeUpdate,
  SubscriptionKey,
} from '../contract/types.js';
import { consoleLogger, type Logger } from './logger.js';
import { deriveMode, SOCKET_GRACE_MS, type RestPart, type SocketPart } from './mode.js';
import type { RestError, RestHandle, RestHub, RestOutcome } from './rest-hub.js';
import { formatSocketError, type SocketErrorInfo } from './socket-errors.js';
import type { SocketStatus } from './key-subscription.js';
import type { SocketDiagnostics, SocketHub } from './socket-hub.js';
import type { FeedTarget, Transport } from './target.js';

export interface FeedOptions {
  target: FeedTarget;
  /** Milliseconds between REST refreshes while the socket is not live. */
  pollInterval: number;
  /** Points of history to load. */
  history: number;
  sockets: SocketHub;
  rest: RestHub;
  logger?: Logger;
  now?: () => number;
}

/** What the feed tells its owner. Every callback is optional. */
export interface FeedListener {
  /** A valid update for the key, newer than the last one. */
  update?(update: RegimeUpdate, source: 'rest' | 'socket'): void;
  history?(points: RegimePoint[]): void;
  alert?(alert: RegimeAlert): void;
  /** The mode changed (the `regime-connection` event). */
  mode?(change: ConnectionChange): void;
  /** The mode or its reason changed: read `mode`, `reason` and `cause` again. */
  status?(): void;
  /** A source answered with a valid reading for the key, new or the shown one again (never an older one), at `at` (epoch ms). */
  confirmed?(at: number): void;
}

/** What an integrator needs to file a bug; see the README's fault table. */
export interface FeedDiagnostics {
  mode: Mode;
  /** Why, in words: `subscribed`, `socket: websocket error`, `connected, but the server has sent nothing for BTCUSDT 1h`. */
  reason: string | null;
  symbol: string;
  timeframe: string;
  apiUrl: string | null;
  socket: (SocketDiagnostics & { lastErrorText?: string }) | null;
  rest: { lastError: RestError | null; lastOkAt: number | null };
  lastUpdate: RegimeUpdate | null;
  /** When a source last confirmed the shown state (epoch ms), or null. */
  lastConfirmedAt: number | null;
  droppedPayloads: number;
}

/** Live this long without a valid `regime` for the key from the socket, the feed says the server is silent. */
export const SILENT_AFTER_MS = 5000;
/** The REST refresh after a socket loss comes within this, at random: a node's widgets do not ask at once. */
export const LOSS_REFRESH_SPREAD_MS = 1000;
/** After a return to live reloaded history, another return waits until this long has passed since. */
export const HISTORY_REFETCH_MS = 30_000;

function sameReading(a: RegimeUpdate, b: RegimeUpdate): boolean {
  return a.regime === b.regime && a.adx === b.adx && a.atrPct === b.atrPct;
}

/** Why the mode is what it is: in the words of `regime-connection` (`socket: websocket error`), and as the short cause a tooltip gives (`websocket error`). */
interface ModeReason {
  text: string;
  cause?: string;
}

/**
 * One key's feed: REST and the socket for one symbol and timeframe, on the page's shared hubs.
 * @example
 * const feed = new RegimeFeed(
 *   { target: { symbol: 'BTCUSDT', timeframe: '1h', apiUrl, socket }, pollInterval: 15000, history: 120, sockets, rest },
 *   { update: (update) => show(update), mode: ({ mode, reason }) => console.log(mode, reason) },
 * );
 * feed.start(); // later: feed.dispose()
 */
export class RegimeFeed {
  readonly #options: FeedOptions;
  readonly #listener: FeedListener;
  readonly #logger: Logger;
  readonly #now: () => number;
  #socketPart: SocketPart;
  #restPart: RestPart;
  #graceOver = false;
  #mode: Mode = 'connecting';
  #reason: ModeReason | undefined;
  #socketError: SocketErrorInfo | undefined;
  /** Live for SILENT_AFTER_MS without a valid `regime` for the key from the socket. */
  #silent = false;
  #silence: ReturnType<typeof setTimeout> | undefined;
  #transport: Transport | undefined;
  #regime: RegimeUpdate | null = null;
  #lastMs = -Infinity;
  #lastConfirmedAt: number | null = null;
  #lastRestOkAt: number | null = null;
  #lastRestError: RestError | null = null;
  #dropped = 0;
  #warnedInvalid = false;
  #wasLive = false;
  #rest: RestHandle | undefined;
  #leaveSocket: (() => void) | undefined;
  #grace: ReturnType<typeof setTimeout> | undefined;
  #historyRefetchedAt = -Infinity;
  #historyDue: ReturnType<typeof setTimeout> | undefined;
  #disposed = false;

  constructor(options: FeedOptions, listener: FeedListener = {}) {
    this.#options = options;
    this.#listener = listener;
    this.#logger = options.logger ?? consoleLogger();
    this.#now = options.now ?? Date.now;
    this.#socketPart = options.target.socket ? 'pending' : 'none';
    this.#restPart = options.target.apiUrl ? 'pending' : 'none';
  }

  get mode(): Mode {
    return this.#mode;
  }

  /** Why the mode is what it is, in words (`subscribed`, `socket: websocket error`, `REST: HTTP 503`), when something said so. */
  get reason(): string | undefined {
    return this.#reason?.text;
  }

  /** The reason as a tooltip gives it: the error's own words (`websocket error`), without the source or detail. */
  get cause(): string | undefined {
    return this.#reason?.cause;
  }

  /** Live, but the server has sent no valid `regime` for the key for SILENT_AFTER_MS since it connected. */
  get silent(): boolean {
    return this.#silent;
  }

  /** What carries the live socket: the WebSocket, or long-polling when the WebSocket cannot pass. */
  get transport(): Transport | undefined {
    return this.#transport;
  }

  /** The last accepted update, or null. */
  get regime(): RegimeUpdate | null {
    return this.#regime;
  }

  /** When a source last confirmed the shown state (epoch ms), or null before the first data. */
  get lastConfirmedAt(): number | null {
    return this.#lastConfirmedAt;
  }

  get diagnostics(): FeedDiagnostics {
    const { target } = this.#options;
    const socket = target.socket ? this.#options.sockets.diagnostics(target.socket) : undefined;
    return {
      mode: this.#mode,
      reason: this.#reason?.text ?? null,
      symbol: target.symbol,
      timeframe: target.timeframe,
      apiUrl: target.apiUrl ?? null,
      socket: socket
        ? { ...socket, ...(socket.lastError && { lastErrorText: formatSocketError(socket.lastError) }) }
        : null,
      rest: { lastError: this.#lastRestError, lastOkAt: this.#lastRestOkAt },
      lastUpdate: this.#regime,
      lastConfirmedAt: this.#lastConfirmedAt,
      droppedPayloads: this.#dropped,
    };
  }

  /** Starts REST and the socket together; neither waits on the other. */
  start(): void {
    const { target, rest, sockets, pollInterval } = this.#options;
    this.#logger.debug(`start ${routeKey(target)}`, target);
    if (target.apiUrl) {
      this.#rest = rest.watch(target.apiUrl, target, pollInterval, {
        current: (outcome) => this.#onRestCurrent(outcome),
        history: (outcome) => this.#onRestHistory(outcome),
      });
      this.#rest.refresh();
      this.#rest.loadHistory(this.#options.history);
    }
    if (target.socket) {
      this.#grace = setTimeout(() => {
        this.#graceOver = true;
        this.#settle();
      }, SOCKET_GRACE_MS);
      this.#leaveSocket = sockets.subscribe(target.socket, {
        key: { symbol: target.symbol, timeframe: target.timeframe },
        status: (status) => this.#onSocketStatus(status),
        regime: (checked) => this.#onSocketRegime(checked),
        alert: (checked) => this.#onSocketAlert(checked),
      });
    } else {
      this.#graceOver = true;
    }
    this.#settle();
  }

  /** Releases the subscription, the poll and the timers at once; later callbacks are ignored. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    clearTimeout(this.#grace);
    clearTimeout(this.#silence);
    clearTimeout(this.#historyDue);
    this.#leaveSocket?.();
    this.#rest?.close();
    this.#logger.debug(`stop ${routeKey(this.#options.target)}`);
  }

  #onSocketStatus(status: SocketStatus): void {
    if (this.#disposed) return;
    if (status.state === 'live') {
      if (this.#socketPart !== 'live') this.#awaitData();
      this.#socketPart = 'live';
      this.#socketError = undefined;
      const { socket } = this.#options.target;
      const transport = socket && this.#options.sockets.diagnostics(socket)?.transport;
      this.#transport = transport === 'polling' ? 'polling' : 'websocket';
      this.#settle();
    } else if (status.state === 'down') {
      const wasLive = this.#socketPart === 'live';
      this.#socketPart = 'down';
      this.#socketError = status.error;
      this.#transport = undefined;
      this.#silent = false;
      clearTimeout(this.#silence);
      this.#settle();
      // The socket is gone: ask REST within a second instead of waiting a poll interval.
      if (wasLive) this.#rest?.refreshWithin(LOSS_REFRESH_SPREAD_MS);
    }
  }

  #onSocketRegime(checked: Checked<RegimeUpdate>): void {
    if (this.#disposed) return;
    if (!checked.ok) return this.#drop('regime from the socket', checked.reason);
    clearTimeout(this.#silence);
    if (this.#silent) {
      this.#silent = false;
      this.#settle();
    }
    this.#accept(checked.value, 'socket');
  }

  /** Connected and subscribed: the server should send the key's current reading at once. */
  #awaitData(): void {
    clearTimeout(this.#silence);
    this.#silence = setTimeout(() => {
      this.#silent = true;
      this.#logger.debug(
        `live, but nothing for ${routeKey(this.#options.target)} after ${SILENT_AFTER_MS} ms`,
      );
      this.#settle();
    }, SILENT_AFTER_MS);
  }

  #onSocketAlert(checked: Checked<RegimeAlert>): void {
    if (this.#disposed) return;
    if (!checked.ok) return this.#drop('alert from the socket', checked.reason);
    this.#listener.alert?.(checked.value);
  }

  #onRestCurrent(outcome: RestOutcome<RegimeUpdate>): void {
    if (this.#disposed) return;
    if (outcome.ok && this.#isOwn(outcome.value)) {
      this.#restOk();
      this.#accept(outcome.value, 'rest');
    } else {
      this.#restFailed(
        outcome.ok
          ? { kind: 'invalid', message: 'the answer is for another symbol or timeframe' }
          : outcome.error,
        'regime',
      );
    }
    this.#settle();
  }

  #onRestHistory(outcome: RestOutcome<RegimeHistory>): void {
    if (this.#disposed) return;
    if (!outcome.ok || !this.#isOwn(outcome.value)) {
      const error: RestError = outcome.ok
        ? { kind: 'invalid', message: 'the history is for another symbol or timeframe' }
        : outcome.error;
      this.#reportRest(error, 'history');
      return;
    }
    const points = outcome.value.points.slice(-this.#options.history);
    this.#listener.history?.(points);
  }

  /** At most once per HISTORY_REFETCH_MS: a socket that flaps does not reload history at every return. */
  #refetchHistory(): void {
    if (this.#historyDue !== undefined) return;
    const load = () => {
      this.#historyDue = undefined;
      this.#historyRefetchedAt = this.#now();
      this.#rest?.loadHistory(this.#options.history);
    };
    const wait = this.#historyRefetchedAt + HISTORY_REFETCH_MS - this.#now();
    if (wait > 0) this.#historyDue = setTimeout(load, wait);
    else load();
  }

  #restOk(): void {
    this.#restPart = 'ok';
    this.#lastRestOkAt = this.#now();
    this.#lastRestError = null;
  }

  #restFailed(error: RestError, what: string): void {
    this.#restPart = 'failing';
    this.#lastRestError = error;
    this.#reportRest(error, what);
  }

  /** A body that does not fit is a dropped payload (warned once); a failed request is traced. */
  #reportRest(error: RestError, what: string): void {
    if (error.kind === 'invalid' || error.kind === 'invalid-json')
      this.#drop(`${what} from REST`, error.message);
    else this.#logger.debug(`REST ${what} failed: ${error.message}`);
  }

  #isOwn(key: SubscriptionKey): boolean {
    const { symbol, timeframe } = this.#options.target;
    return key.symbol === symbol && key.timeframe === timeframe;
  }

  #accept(update: RegimeUpdate, source: 'rest' | 'socket'): void {
    const ms = timestampMs(update.timestamp) as number;
    const shown = this.#regime;
    // Only the shown reading again confirms it (a poll of a quiet key); a late, older one does not.
    if (ms > this.#lastMs || (shown && ms === this.#lastMs && sameReading(update, shown))) {
      this.#lastConfirmedAt = this.#now();
      this.#listener.confirmed?.(this.#lastConfirmedAt);
    }
    if (ms <= this.#lastMs) return;
    this.#lastMs = ms;
    this.#regime = update;
    this.#listener.update?.(update, source);
  }

  #drop(what: string, reason: string): void {
    this.#dropped++;
    if (this.#warnedInvalid) {
      this.#logger.debug(`dropped an invalid ${what}: ${reason}`);
      return;
    }
    this.#warnedInvalid = true;
    this.#logger.warn(
      `${routeKey(this.#options.target)}: dropped an invalid ${what} (${reason}); keeping the last good state. ` +
        'Further invalid payloads are counted in .diagnostics.',
    );
  }

  /** Derives the mode and its reason again; on a change, tells the owner and moves the poll and history. */
  #settle(): void {
    if (this.#disposed) return;
    const mode = deriveMode(this.#socketPart, this.#restPart, this.#graceOver);
    this.#rest?.poll(mode === 'polling' || mode === 'offline');
    const reason = this.#explain(mode);
    const previous = this.#mode;
    const reasonChanged = reason?.text !== this.#reason?.text;
    this.#mode = mode;
    this.#reason = reason;
    if (mode !== previous) {
      if (mode === 'live') {
        // Back from REST: one history request fills what the socket missed.
        if (this.#wasLive || previous === 'polling' || previous === 'offline') this.#refetchHistory();
        this.#wasLive = true;
      }
      this.#logger.debug(`mode ${previous} -> ${mode}${reason ? ` (${reason.text})` : ''}`);
      this.#listener.mode?.({ mode, previous, ...(reason && { reason: reason.text }) });
    }
    if (mode !== previous || reasonChanged) this.#listener.status?.();
  }

  /** Why the mode is what it is, from what the two sources last said. */
  #explain(mode: Mode): ModeReason | undefined {
    if (mode === 'live') {
      const { symbol, timeframe } = this.#options.target;
      return this.#silent
        ? { text: `connected, but the server has sent nothing for ${symbol} ${timeframe}` }
        : { text: 'subscribed' };
    }
    const restError = this.#restPart === 'failing' ? this.#lastRestError : null;
    const rest = restError ? { text: `REST: ${restError.message}`, cause: restError.message } : undefined;
    // Offline is REST's failure; polling is the socket's.
    if (mode === 'offline' && rest) return rest;
    if (this.#socketPart === 'down' && this.#socketError)
      return { text: `socket: ${formatSocketError(this.#socketError)}`, cause: this.#socketError.message };
    if (this.#socketPart === 'pending' && this.#graceOver)
      return { text: `no socket after ${SOCKET_GRACE_MS} ms` };
    return rest;
  }
}
