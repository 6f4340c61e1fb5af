/**
 * The indicator math behind every regime, from trading-signals: ADX(14) with +DI and -DI, ATR(14), and
 * the 50-candle mean of ATR% that `volatile` is measured against.
 */
import { ADX, ATR, SMA } from 'trading-signals';
import type { Ohlc } from './candle.js';

/** Wilder's period for ADX, the DIs and ATR. */
export const PERIOD = 14;
/** Candles in the mean of ATR% that `volatile` compares against. */
export const ATR_PCT_MEAN_PERIOD = 50;

/** The indicators after one candle. */
export interface Reading {
  /** Average Directional Index, 0 to 100. */
  adx: number;
  /** +DI, 0 to 100. */
  pdi: number;
  /** -DI, 0 to 100. */
  mdi: number;
  /** Average True Range, in price units. */
  atr: number;
  /** ATR / close, as a fraction. */
  atrPct: number;
  /** Mean ATR% of the last 50 candles, this one included; `undefined` until there are 50. */
  atrPctMean: number | undefined;
}

/**
 * Feeds candles, oldest first, to the indicators.
 * @example const readings = candles.map((c) => indicators.update(c)); // undefined during warm-up
 */
export class Indicators {
  #adx = new ADX(PERIOD);
  #atr = new ATR(PERIOD);
  #atrPctMean = new SMA(ATR_PCT_MEAN_PERIOD);

  /** Takes the next candle; answers the reading, or `undefined` while ADX is still warming up. */
  update(candle: Ohlc): Reading | undefined {
    const adx = this.#adx.update(candle, false);
    const atr = this.#atr.update(candle, false);
    if (atr === null) return undefined;
    const atrPct = atr / candle.close;
    const atrPctMean = this.#atrPctMean.update(atrPct, false) ?? undefined;
    const { pdi, mdi } = this.#adx;
    if (adx === null || typeof pdi !== 'number' || typeof mdi !== 'number') return undefined;
    // trading-signals gives the DIs as fractions; the convention (and ADX itself) is percent.
    return { adx, pdi: pdi * 100, mdi: mdi * 100, atr, atrPct, atrPctMean };
  }
}
