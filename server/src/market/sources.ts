/**
 * Where a new key's candles come from: the seeded random walk, or a replayed file.
 */
import { routeKey, timeframeMs, type SubscriptionKey } from '../../../src/contract/index.js';
import type { CandleSource, Ohlc } from './candle.js';
import { hashString, mulberry32 } from './prng.js';
import { RandomWalk } from './random-walk.js';
import { Replay } from './replay.js';
import type { SymbolProfile } from './symbols.js';

export type SourceFactory = (key: SubscriptionKey, profile: SymbolProfile) => CandleSource;

const HOUR_MS = 3_600_000;
/** Caps a candle's volatility, so a `1M` candle of SOL cannot swing the price by orders of magnitude. */
const MAX_VOLATILITY = 0.08;

/** Volatility of one candle of a timeframe: it grows with the square root of time, as in a random walk. */
export function candleVolatility(hourlyVolatility: number, timeframe: string): number {
  const hours = (timeframeMs(timeframe) ?? HOUR_MS) / HOUR_MS;
  return Math.min(hourlyVolatility * Math.sqrt(hours), MAX_VOLATILITY);
}

/** Random walks, one per key, each seeded from `seed` and the key: the same seed gives the same market. */
export function randomWalks(seed: number): SourceFactory {
  return (key, profile) =>
    new RandomWalk({
      random: mulberry32(hashString(routeKey(key), seed)),
      price: profile.price,
      volatility: candleVolatility(profile.hourlyVolatility, key.timeframe),
    });
}

/** Replays of the same candles for every key, each from its own row so that keys do not move in step. */
export function replays(rows: readonly Ohlc[]): SourceFactory {
  return (key, profile) => new Replay(rows, { price: profile.price, start: hashString(routeKey(key)) });
}
