/**
 * All the keys the demo market makes up: each is created on first request (with its history), the
 * demo clock advances the ones somebody wants, and when the market is full a key nobody watches makes
 * room for a new one.
 */
import { routeKey, type RegimeUpdate, type SubscriptionKey } from '../../../src/contract/index.js';
import type { KeyRefusal } from '../key-opener.js';
import type { CandleSource } from './candle.js';
import { RegimeSeries } from './series.js';
import { symbolProfile, type SymbolProfile } from './symbols.js';

/** Candles computed when a key is first asked for: history is full at once. */
export const BACKFILL = 300;
/** A key asked for over REST keeps ticking this long after the request. */
export const REST_INTEREST_MS = 60_000;
/** Keys the market holds at most; any valid timeframe is accepted, so this bounds memory. */
export const MAX_KEYS = 256;

export type Created =
  { ok: true; backfill: RegimeUpdate[]; evicted?: SubscriptionKey } | ({ ok: false } & KeyRefusal);

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
 * @example if (!market.has(key)) ingest(market.create(key, isUnwatched).backfill); market.touch(key);
 */
export class Market {
  #options: Required<MarketOptions>;
  #series = new Map<string, RegimeSeries>();
  #wantedAt = new Map<string, number>();

  constructor(options: MarketOptions) {
    this.#options = { now: Date.now, backfill: BACKFILL, maxKeys: MAX_KEYS, ...options };
  }

  /** Keys held now. */
  get size(): number {
    return this.#series.size;
  }

  has(key: SubscriptionKey): boolean {
    return this.#series.has(routeKey(key));
  }

  /**
   * Creates a key's series and answers its history. When the market is full, the key wanted longest
   * ago among those `evictable` says yes to (nobody subscribed) makes room, and is answered as `evicted`.
   */
  create(key: SubscriptionKey, evictable: (routeKey: string) => boolean): Created {
    const id = routeKey(key);
    const profile = symbolProfile(key.symbol);
    if (!profile) return { ok: false, code: 'not_found', message: `unknown symbol ${key.symbol}` };
    let evicted: SubscriptionKey | undefined;
    if (!this.#series.has(id) && this.#series.size >= this.#options.maxKeys) {
      evicted = this.#leastWanted(evictable);
      if (!evicted) {
        const message = `the demo market holds at most ${this.#options.maxKeys} keys, all of them watched`;
        return { ok: false, code: 'capacity', message };
      }
      this.#series.delete(routeKey(evicted));
      this.#wantedAt.delete(routeKey(evicted));
    }
    const { stepMs, now, backfill } = this.#options;
    const series = new RegimeSeries(key, { source: this.#options.sourceFor(key, profile), stepMs, now });
    const history = series.backfill(backfill);
    this.#series.set(id, series);
    this.touch(key);
    return evicted ? { ok: true, backfill: history, evicted } : { ok: true, backfill: history };
  }

  /** Notes a request for a key, which keeps it ticking for a minute. */
  touch(key: SubscriptionKey): void {
    this.#wantedAt.set(routeKey(key), this.#options.now());
  }

  /**
   * One tick of the demo clock: every key that is watched (has subscribers), was asked for in the last
   * minute, or is pinned, takes one candle.
   */
  tick(isWatched: (routeKey: string) => boolean, pinned: ReadonlySet<string> = new Set()): RegimeUpdate[] {
    const now = this.#options.now();
    const updates: RegimeUpdate[] = [];
    for (const [id, series] of this.#series) {
      const requested = now - (this.#wantedAt.get(id) ?? -Infinity) < REST_INTEREST_MS;
      if (!requested && !pinned.has(id) && !isWatched(id)) continue;
      const update = series.advance();
      if (update) updates.push(update);
    }
    return updates;
  }

  #leastWanted(evictable: (routeKey: string) => boolean): SubscriptionKey | undefined {
    let oldest: { series: RegimeSeries; at: number } | undefined;
    for (const [id, series] of this.#series) {
      const at = this.#wantedAt.get(id) ?? -Infinity;
      if (evictable(id) && (!oldest || at < oldest.at)) oldest = { series, at };
    }
    return oldest?.series.key;
  }
}
