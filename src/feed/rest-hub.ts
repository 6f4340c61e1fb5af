/**
 * Shared REST polls: one per `api-url`, symbol and timeframe, however many widgets show that key.
 * A poll keeps one timer and at most one request in flight, retries failures with jittered
 * backoff, pauses while the page is hidden, and asks again at once when the page is shown or the
 * browser comes back online.
 */
import { checkHistory, checkUpdate, routeKey, type Checked } from '../contract/validate.js';
import type { RegimeHistory, RegimeUpdate, SubscriptionKey } from '../contract/types.js';
import { retryDelay } from './backoff.js';
import { sharedLogger, type Logger } from './logger.js';
import { browserPage, type BrowserPage } from './page.js';
import { capReason } from './socket-errors.js';
import { withoutTrailingSlashes } from './target.js';

/** Why a REST request gave nothing usable. */
export interface RestError {
  kind: 'http' | 'network' | 'timeout' | 'invalid-json' | 'invalid';
  message: string;
  status?: number;
  code?: string;
}

export type RestOutcome<T> = { ok: true; value: T } | { ok: false; error: RestError };

/** A widget's view of a shared poll. */
export interface RestWatcher {
  current(outcome: RestOutcome<RegimeUpdate>): void;
  history(outcome: RestOutcome<RegimeHistory>): void;
}

/** What a widget may ask of its poll. */
export interface RestHandle {
  /** Joins (`true`) or leaves the poll's timer; the shortest interval of the joined widgets wins. */
  poll(active: boolean): void;
  /** Asks for the current regime now, sharing a request already in flight. */
  refresh(): void;
  /** Asks within a random delay under `spread` ms (or sooner, when a request is due sooner): after a socket loss, a node's widgets do not all ask at once. */
  refreshWithin(spread: number): void;
  /** Asks for the newest `limit` points of history. */
  loadHistory(limit: number): void;
  close(): void;
}

export interface RestHubOptions {
  fetch?: typeof fetch;
  random?: () => number;
  page?: BrowserPage;
  logger?: Logger;
}

/** A request that has not answered by then has failed. */
export const REST_TIMEOUT_MS = 8000;
/** The most a REST body may weigh: 120 points of history are about 10 KB; a body beyond this is refused unread. */
export const REST_BODY_LIMIT_BYTES = 2 * 1024 * 1024;
/** First retry after a failure; retries back off up to the poll interval. */
export const REST_RETRY_BASE_MS = 1000;

/** `GET {api-url}/regime` for a key, as the widget asks it (and the doctor checks it). */
export function regimeUrl(apiUrl: string, key: SubscriptionKey): string {
  return `${apiUrl}/regime?${new URLSearchParams({ symbol: key.symbol, timeframe: key.timeframe })}`;
}

/** `GET {api-url}/regime/history` for a key and a number of points. */
export function historyUrl(apiUrl: string, key: SubscriptionKey, limit: number): string {
  const query = new URLSearchParams({ symbol: key.symbol, timeframe: key.timeframe, limit: String(limit) });
  return `${apiUrl}/regime/history?${query}`;
}

/** The body as text, read chunk by chunk; `undefined` once it passes REST_BODY_LIMIT_BYTES (the rest is not read). */
async function readCapped(response: Response): Promise<string | undefined> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    bytes += value.byteLength;
    if (bytes > REST_BODY_LIMIT_BYTES) {
      void reader.cancel().catch(() => {});
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
}

interface Member {
  interval: number;
  active: boolean;
}

class Poll {
  readonly #url: string;
  readonly #key: SubscriptionKey;
  readonly #hub: RestHub;
  readonly members = new Map<RestWatcher, Member>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #dueAt = 0;
  #inFlight = false;
  #historyInFlight = new Set<number>();
  #failures = 0;
  /** Aborts the requests in flight when the last watcher leaves. */
  readonly #closed = new AbortController();

  constructor(url: string, key: SubscriptionKey, hub: RestHub) {
    this.#url = url;
    // Only the key goes in the query, whatever else the caller's object carries (a feed's target).
    this.#key = { symbol: key.symbol, timeframe: key.timeframe };
    this.#hub = hub;
  }

  get failing(): boolean {
    return this.#failures > 0;
  }

  refresh(): void {
    if (this.#inFlight) return;
    this.#inFlight = true;
    this.#clearTimer();
    const url = regimeUrl(this.#url, this.#key);
    void this.#hub.request(url, checkUpdate, this.#closed.signal).then((outcome) => {
      this.#inFlight = false;
      this.#failures = outcome.ok ? 0 : this.#failures + 1;
      // The next request is set before the watchers hear of this one: none of them can stop it.
      this.schedule();
      for (const watcher of [...this.members.keys()]) watcher.current(outcome);
    });
  }

  loadHistory(limit: number): void {
    if (this.#historyInFlight.has(limit)) return;
    this.#historyInFlight.add(limit);
    const url = historyUrl(this.#url, this.#key, limit);
    void this.#hub
      .request(url, (body) => checkHistory(body, limit), this.#closed.signal)
      .then((outcome) => {
        this.#historyInFlight.delete(limit);
        for (const watcher of [...this.members.keys()]) watcher.history(outcome);
      });
  }

  /**
   * Sets the timer for the next request, or none when nobody polls or the page is hidden. A timer
   * already set to fire sooner stays: a widget joining or leaving never pushes the next request back.
   */
  schedule(): void {
    let interval = Infinity;
    for (const member of this.members.values())
      if (member.active) interval = Math.min(interval, member.interval);
    if (this.#inFlight || this.#hub.hidden() || interval === Infinity) {
      this.#clearTimer();
      return;
    }
    this.#arm(
      this.#failures > 0
        ? retryDelay(this.#failures - 1, { base: REST_RETRY_BASE_MS, cap: interval }, this.#hub.random)
        : interval,
    );
  }

  refreshWithin(spread: number): void {
    if (!this.#inFlight) this.#arm(this.#hub.random() * spread);
  }

  /** Sets the timer for the next request, unless one is set to fire sooner. */
  #arm(delay: number): void {
    const dueAt = Date.now() + delay;
    if (this.#timer !== undefined && this.#dueAt <= dueAt) return;
    this.#clearTimer();
    this.#dueAt = dueAt;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      // Hidden since the timer was set: the page's `visible` signal refreshes instead.
      if (!this.#hub.hidden()) this.refresh();
    }, delay);
  }

  #clearTimer(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Whether anyone polls: a shown page refreshes those at once. */
  get active(): boolean {
    for (const member of this.members.values()) if (member.active) return true;
    return false;
  }

  stop(): void {
    this.#clearTimer();
    this.#closed.abort();
  }
}

/**
 * The registry of shared polls.
 * @example
 * const handle = hub.watch('https://example.com/api', { symbol: 'BTCUSDT', timeframe: '1h' }, 15000, watcher);
 * handle.refresh(); handle.poll(true); // later: handle.close()
 */
export class RestHub {
  readonly #polls = new Map<string, Poll>();
  readonly #fetch: typeof fetch;
  readonly #page: BrowserPage | undefined;
  readonly #logger: Logger;
  readonly random: () => number;
  #unlisten: (() => void) | undefined;
  /** Requests sent since this hub was made: a count, for tests and the benchmark. */
  requests = 0;

  constructor(options: RestHubOptions = {}) {
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.random = options.random ?? Math.random;
    this.#page = options.page ?? browserPage();
    this.#logger = options.logger ?? sharedLogger;
  }

  /** How many distinct polls exist: one per URL and key in use. */
  get polls(): number {
    return this.#polls.size;
  }

  hidden(): boolean {
    return this.#page?.hidden() ?? false;
  }

  /**
   * Joins the poll of a key at `apiUrl`, opening it if none is open: `watcher` hears every answer
   * of the shared requests. The handle says whether this watcher polls (the shortest interval of
   * the polling watchers wins), asks now, and leaves (the last one out stops the poll).
   * @example
   * const handle = hub.watch('https://example.com/api', { symbol: 'BTCUSDT', timeframe: '1h' }, 15000, {
   *   current: (outcome) => outcome.ok && show(outcome.value),
   *   history: (outcome) => outcome.ok && draw(outcome.value.points),
   * });
   * handle.refresh();
   * handle.poll(true); // while the socket is not live
   * handle.close();
   */
  watch(apiUrl: string, key: SubscriptionKey, interval: number, watcher: RestWatcher): RestHandle {
    const url = withoutTrailingSlashes(apiUrl);
    const id = `${url}|${routeKey(key)}`;
    let poll = this.#polls.get(id);
    if (!poll) {
      poll = new Poll(url, key, this);
      this.#polls.set(id, poll);
      this.#listen();
    }
    const member: Member = { interval, active: false };
    poll.members.set(watcher, member);
    const owner = poll;
    return {
      poll: (active) => {
        if (member.active === active) return;
        member.active = active;
        owner.schedule();
      },
      refresh: () => owner.refresh(),
      refreshWithin: (spread) => owner.refreshWithin(spread),
      loadHistory: (limit) => owner.loadHistory(limit),
      close: () => {
        if (!owner.members.delete(watcher)) return;
        if (owner.members.size > 0) {
          owner.schedule();
          return;
        }
        owner.stop();
        this.#polls.delete(id);
        if (this.#polls.size === 0) {
          this.#unlisten?.();
          this.#unlisten = undefined;
        }
      },
    };
  }

  /** GETs a URL and checks its body; never throws. `signal` cancels it (its timer too). */
  async request<T>(
    url: string,
    check: (body: unknown) => Checked<T>,
    signal?: AbortSignal,
  ): Promise<RestOutcome<T>> {
    this.requests++;
    const controller = new AbortController();
    // Raced, not only passed as `signal`: a page's fetch wrapper may drop the signal.
    const aborted = new Promise<never>((_, reject) =>
      controller.signal.addEventListener('abort', () => reject(new Error('aborted'))),
    );
    aborted.catch(() => {});
    const timer = setTimeout(() => controller.abort(), REST_TIMEOUT_MS);
    const cancel = () => controller.abort();
    if (signal?.aborted) cancel();
    signal?.addEventListener('abort', cancel);
    try {
      const response = await Promise.race([
        this.#fetch(url, { signal: controller.signal, headers: { accept: 'application/json' } }),
        aborted,
      ]);
      const text = await Promise.race([readCapped(response), aborted]);
      if (text === undefined) {
        return {
          ok: false,
          error: {
            kind: 'invalid',
            message: `the answer of ${url} is larger than ${REST_BODY_LIMIT_BYTES} bytes`,
          },
        };
      }
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        if (!response.ok)
          return {
            ok: false,
            error: { kind: 'http', status: response.status, message: `HTTP ${response.status}` },
          };
        return { ok: false, error: { kind: 'invalid-json', message: `the answer of ${url} is not JSON` } };
      }
      if (!response.ok) {
        const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
        return {
          ok: false,
          error: {
            kind: 'http',
            status: response.status,
            message: `HTTP ${response.status}${typeof error?.message === 'string' ? `: ${capReason(error.message)}` : ''}`,
            ...(typeof error?.code === 'string' && { code: capReason(error.code) }),
          },
        };
      }
      const checked = check(body);
      if (!checked.ok) return { ok: false, error: { kind: 'invalid', message: checked.reason } };
      return { ok: true, value: checked.value };
    } catch (error) {
      if (signal?.aborted) return { ok: false, error: { kind: 'network', message: 'cancelled' } };
      if (controller.signal.aborted) {
        return {
          ok: false,
          error: { kind: 'timeout', message: `no answer from ${url} within ${REST_TIMEOUT_MS} ms` },
        };
      }
      return {
        ok: false,
        error: {
          kind: 'network',
          message: error instanceof Error ? capReason(error.message) : 'fetch failed',
        },
      };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', cancel);
    }
  }

  #listen(): void {
    if (this.#unlisten || !this.#page) return;
    this.#unlisten = this.#page.listen(
      () => {
        this.#logger.debug('page shown: refreshing active polls');
        for (const poll of this.#polls.values()) if (poll.active) poll.refresh();
      },
      () => {
        this.#logger.debug('browser online: retrying');
        for (const poll of this.#polls.values()) if (poll.active || poll.failing) poll.refresh();
      },
    );
  }
}
