/**
 * Replays recorded candles instead of the random walk, for any symbol: the file's shape, scaled to the
 * symbol's price level, from a different starting row per key.
 */
import type { CandleSource, Ohlc } from './candle.js';

export interface ReplayOptions {
  /** The price the first replayed candle opens near. */
  price: number;
  /** The row to start from; any whole number, taken modulo the file's length. */
  start: number;
}

/**
 * Plays the file forwards, then backwards, and so on: a candle played backwards swaps its open and
 * close, so the seams need no price jump, and the price never drifts off the file's range as it would if
 * every loop went on from the last close.
 * @example const replay = new Replay(parseCandlesCsv(text), { price: 3400, start: 17 });
 */
export class Replay implements CandleSource {
  #rows: readonly Ohlc[];
  #scale: number;
  #index: number;
  #step: 1 | -1 = 1;

  constructor(rows: readonly Ohlc[], options: ReplayOptions) {
    if (rows.length < 2) throw new Error('a replay needs at least two candles');
    this.#rows = rows;
    this.#index = ((options.start % rows.length) + rows.length) % rows.length;
    const first = rows[this.#index] as Ohlc;
    this.#scale = options.price / first.open;
  }

  next(): Ohlc {
    const row = this.#rows[this.#index] as Ohlc;
    const forwards = this.#step === 1;
    const last = forwards ? this.#rows.length - 1 : 0;
    if (this.#index === last) this.#step = forwards ? -1 : 1;
    else this.#index += this.#step;
    const s = this.#scale;
    return {
      open: (forwards ? row.open : row.close) * s,
      high: row.high * s,
      low: row.low * s,
      close: (forwards ? row.close : row.open) * s,
    };
  }
}
