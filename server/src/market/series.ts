/**
 * One symbol and timeframe: candles from a source, run through the classifier on the demo clock, with
 * the history of regime points and the alert when a label changes.
 */
import type { RegimeAlert, RegimePoint, RegimeUpdate, SubscriptionKey } from '../../../src/contract/index.js';
import { regimeAlert } from './alerts.js';
import type { CandleSource } from './candle.js';
import { RegimeClassifier } from './regime.js';

/** Points kept per key: the most `GET /regime/history` can ask for. */
export const HISTORY_CAP = 1000;

/** What one new candle produced. */
export interface Step {
  update: RegimeUpdate;
  /** Present when the label changed with this candle. */
  alert?: RegimeAlert;
}

export interface SeriesOptions {
  source: CandleSource;
  /** Candles run through the indicators at once, so history is full from the first request. */
  backfill: number;
  /** Demo-clock time between two candles, in ms; backfilled candles are spaced by it. */
  stepMs: number;
  now: () => number;
}

/**
 * The regime of one key over time.
 * @example const series = new RegimeSeries(key, { source, backfill: 300, stepMs: 5000, now: Date.now });
 * series.advance(); // { update, alert? }
 */
export class RegimeSeries {
  readonly key: SubscriptionKey;
  #source: CandleSource;
  #now: () => number;
  #classifier = new RegimeClassifier();
  #points: RegimePoint[] = [];
  #lastTime = -Infinity;

  constructor(key: SubscriptionKey, options: SeriesOptions) {
    this.key = key;
    this.#source = options.source;
    this.#now = options.now;
    const start = options.now() - options.backfill * options.stepMs;
    for (let i = 1; i <= options.backfill; i++) this.#push(start + i * options.stepMs);
    if (this.#points.length === 0) {
      throw new Error(`a backfill of ${options.backfill} candles does not warm up the indicators`);
    }
  }

  /** The latest regime. */
  get current(): RegimeUpdate {
    return this.#update(this.#latest());
  }

  /** The last `limit` points (at most HISTORY_CAP), oldest first. */
  history(limit: number): RegimePoint[] {
    return this.#points.slice(-Math.min(limit, HISTORY_CAP));
  }

  /** Takes the next candle, timestamped now. */
  advance(): Step {
    const previous = this.#latest().regime;
    // Strictly increasing, even for two ticks in one millisecond: clients ignore updates that are not newer.
    this.#push(Math.max(this.#now(), this.#lastTime + 1));
    const latest = this.#latest();
    const step: Step = { update: this.#update(latest) };
    if (latest.regime !== previous)
      step.alert = regimeAlert(this.key, previous, latest.regime, latest.timestamp);
    return step;
  }

  #push(time: number): void {
    this.#lastTime = time;
    const classified = this.#classifier.update(this.#source.next());
    if (classified === undefined) return;
    const { adx, atrPct } = classified.reading;
    this.#points.push({ regime: classified.regime, adx, atrPct, timestamp: time });
    if (this.#points.length > HISTORY_CAP) this.#points.shift();
  }

  #latest(): RegimePoint {
    const latest = this.#points.at(-1);
    if (latest === undefined) throw new Error('unreachable: the constructor ensures one point');
    return latest;
  }

  #update(point: RegimePoint): RegimeUpdate {
    return { symbol: this.key.symbol, timeframe: this.key.timeframe, ...point };
  }
}
