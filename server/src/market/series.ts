/**
 * One symbol and timeframe of the demo market: candles from a source, run through the classifier on
 * the demo clock. What it produces goes through ingest like any source's updates; the store keeps the
 * history and decides the alerts.
 */
import type { RegimeUpdate, SubscriptionKey } from '../../../src/contract/index.js';
import type { CandleSource } from './candle.js';
import { RegimeClassifier } from './regime.js';

export interface SeriesOptions {
  source: CandleSource;
  /** Demo-clock time between two candles, in ms; backfilled candles are spaced by it. */
  stepMs: number;
  now: () => number;
}

/**
 * The regime of one key over time.
 * @example const series = new RegimeSeries(key, { source, stepMs: 5000, now: Date.now });
 * const history = series.backfill(300); const next = series.advance();
 */
export class RegimeSeries {
  readonly key: SubscriptionKey;
  #source: CandleSource;
  #stepMs: number;
  #now: () => number;
  #classifier = new RegimeClassifier();
  #lastTime = -Infinity;

  constructor(key: SubscriptionKey, options: SeriesOptions) {
    this.key = key;
    this.#source = options.source;
    this.#stepMs = options.stepMs;
    this.#now = options.now;
  }

  /**
   * Runs `candles` candles through the indicators, spaced by the demo clock and ending now: the key's
   * history when it is created, oldest first. Throws when they do not warm the indicators up.
   */
  backfill(candles: number): RegimeUpdate[] {
    const start = this.#now() - candles * this.#stepMs;
    const updates: RegimeUpdate[] = [];
    for (let i = 1; i <= candles; i++) {
      const update = this.#candle(start + i * this.#stepMs);
      if (update) updates.push(update);
    }
    if (updates.length === 0) {
      throw new Error(`a backfill of ${candles} candles does not warm up the indicators`);
    }
    return updates;
  }

  /** Takes the next candle, timestamped now (or `undefined` while the indicators still warm up). */
  advance(): RegimeUpdate | undefined {
    // Strictly increasing, even for two ticks in one millisecond: an update that is not newer is ignored.
    return this.#candle(Math.max(this.#now(), this.#lastTime + 1));
  }

  #candle(time: number): RegimeUpdate | undefined {
    this.#lastTime = time;
    const classified = this.#classifier.update(this.#source.next());
    if (classified === undefined) return undefined;
    const { adx, atrPct } = classified.reading;
    return { ...this.key, regime: classified.regime, adx, atrPct, timestamp: time };
  }
}
