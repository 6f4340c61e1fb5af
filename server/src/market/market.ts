/**
 * All the keys the server has been asked about: each series is created on first request, and the demo
 * clock advances only the ones somebody is watching.
 */
import { routeKey, type SubscriptionKey } from '../../../src/contract/index.js';
import type { CandleSource } from './candle.js';
import { RegimeSeries, type Step } from './series.js';
import { symbolProfile, type SymbolProfile } from './symbols.js';

/** Candles computed when a key is first asked for: history is full at once. */
export const BACKFILL = 300;
/** A key asked for over REST keeps ticking this long after the request. */
export const REST_INTEREST_MS = 60_000;
/** Keys the server will hold at most; any valid timeframe is accepted, so this bounds memory. */
export const MAX_KEYS = 256;

export type OpenResult =
  { ok: true; series: RegimeSeries } | { ok: false; code: 'not_found' | 'capacity'; message: string };

export interface MarketOptions {
  /** The candle source of a new key. */
  sourceFor: (key: SubscriptionKey, profile: SymbolProfile) => CandleSource;
  /** Demo-clock time between two candles, in ms. */
  stepMs: number;
  now?: () => number;
  backfill?: number;
  maxKeys?: number;
}

/**
 * @example const opened = market.open({ symbol: 'BTCUSDT', timeframe: '1h' });
 * if (opened.ok) console.log(opened.series.current.regime);
 */
export class Market {
  #options: Required<MarketOptions>;
  #series = new Map<string, RegimeSeries>();
  #requestedAt = new Map<string, number>();

  constructor(options: MarketOptions) {
    this.#options = { now: Date.now, backfill: BACKFILL, maxKeys: MAX_KEYS, ...options };
  }

  /** Keys created so far. */
  get size(): number {
    return this.#series.size;
  }

  /** The series of a key, created on first use; fails for a symbol the market does not list. */
  open(key: SubscriptionKey): OpenResult {
    const existing = this.#series.get(routeKey(key));
    if (existing) return { ok: true, series: existing };
    const profile = symbolProfile(key.symbol);
    if (!profile) return { ok: false, code: 'not_found', message: `unknown symbol ${key.symbol}` };
    if (this.#series.size >= this.#options.maxKeys) {
      return {
        ok: false,
        code: 'capacity',
        message: `the demo market holds at most ${this.#options.maxKeys} keys`,
      };
    }
    const { stepMs, now, backfill } = this.#options;
    const series = new RegimeSeries(key, {
      source: this.#options.sourceFor(key, profile),
      backfill,
      stepMs,
      now,
    });
    this.#series.set(routeKey(key), series);
    return { ok: true, series };
  }

  /** Notes a REST request for a key, which keeps it ticking for a minute. */
  touch(key: SubscriptionKey): void {
    this.#requestedAt.set(routeKey(key), this.#options.now());
  }

  /**
   * One tick of the demo clock: every key that is watched (has subscribers), was asked for over REST in
   * the last minute, or is pinned, takes one candle.
   */
  tick(isWatched: (routeKey: string) => boolean, pinned: readonly SubscriptionKey[] = []): Step[] {
    for (const key of pinned) this.open(key);
    const pinnedKeys = new Set(pinned.map(routeKey));
    const now = this.#options.now();
    const steps: Step[] = [];
    for (const [name, series] of this.#series) {
      const requested = now - (this.#requestedAt.get(name) ?? -Infinity) < REST_INTEREST_MS;
      if (requested || pinnedKeys.has(name) || isWatched(name)) steps.push(series.advance());
    }
    return steps;
  }
}
