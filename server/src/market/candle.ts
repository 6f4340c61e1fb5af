/** Prices of one candle, without its time: what a candle source produces. */
export interface Ohlc {
  open: number;
  high: number;
  low: number;
  close: number;
}

/** A candle on the demo clock: `time` is epoch ms. */
export interface Candle extends Ohlc {
  time: number;
}

/**
 * Where a series gets its next candle: the random walk or a replayed file.
 * @example const candle = source.next(); // { open: 97012.5, high: 97230, low: 96880.1, close: 97101.2 }
 */
export interface CandleSource {
  next(): Ohlc;
}
