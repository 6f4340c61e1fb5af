/**
 * The instruments the demo market knows, with price levels and volatility close to the real ones.
 */

export interface SymbolProfile {
  /** Where the price starts. */
  price: number;
  /** Standard deviation of the log return of a one-hour candle. */
  hourlyVolatility: number;
}

export const SYMBOLS: Readonly<Record<string, SymbolProfile>> = {
  BTCUSDT: { price: 97_000, hourlyVolatility: 0.006 },
  ETHUSDT: { price: 3_400, hourlyVolatility: 0.008 },
  SOLUSDT: { price: 190, hourlyVolatility: 0.011 },
};

/** The profile of a symbol, or `undefined` when the market does not list it. */
export function symbolProfile(symbol: string): SymbolProfile | undefined {
  return Object.hasOwn(SYMBOLS, symbol) ? SYMBOLS[symbol] : undefined;
}
