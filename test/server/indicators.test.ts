/**
 * The indicator pipeline (trading-signals) against a second, independent library (technicalindicators)
 * on the same candles.
 *
 * The two differ systematically at the start, for one reason: how Wilder's smoothing is seeded.
 * trading-signals counts the first candle too (its true range is high - low, its directional moves are
 * 0), so its first ATR, DI and ADX come one candle earlier, from a seed window shifted by one candle;
 * technicalindicators starts all of them at the second candle, where a previous close exists. Wilder's
 * smoothing forgets its seed by a factor 13/14 per candle, so the gap is a few percent at warm-up and
 * vanishes after a couple of hundred candles. (trading-signals also gives +DI/-DI as fractions;
 * Indicators turns them into percent, the convention technicalindicators follows.)
 */
import { ADX as ReferenceADX, ATR as ReferenceATR } from 'technicalindicators';
import { describe, expect, it } from 'vitest';
import type { Ohlc } from '../../server/src/market/candle.js';
import { Indicators, type Reading } from '../../server/src/market/indicators.js';
import { mulberry32 } from '../../server/src/market/prng.js';
import { RandomWalk } from '../../server/src/market/random-walk.js';

const COUNT = 400;
const candles: Ohlc[] = (() => {
  const walk = new RandomWalk({ random: mulberry32(42), price: 97_000, volatility: 0.006 });
  return Array.from({ length: COUNT }, () => walk.next());
})();

const ours: (Reading | undefined)[] = (() => {
  const indicators = new Indicators();
  return candles.map((candle) => indicators.update(candle));
})();

const input = {
  high: candles.map((c) => c.high),
  low: candles.map((c) => c.low),
  close: candles.map((c) => c.close),
  period: 14,
};
// technicalindicators returns only the defined values: the last one belongs to the last candle.
const referenceAdx = ReferenceADX.calculate(input);
const referenceAtr = ReferenceATR.calculate(input);
const adxAt = (i: number) => referenceAdx[i - (COUNT - referenceAdx.length)];
const atrAt = (i: number) => referenceAtr[i - (COUNT - referenceAtr.length)];

function readingAt(i: number): Reading {
  const reading = ours[i];
  if (!reading) throw new Error(`no reading at candle ${i}`);
  return reading;
}

describe('Indicators', () => {
  it('warms up one candle earlier than technicalindicators (it seeds with the first candle)', () => {
    const first = ours.findIndex((reading) => reading !== undefined);
    expect(first).toBe(COUNT - referenceAdx.length - 1);
    expect(ours.slice(first).every((reading) => reading !== undefined)).toBe(true);
  });

  it('agrees with technicalindicators on ADX, +DI, -DI and ATR after warm-up', () => {
    for (let i = 150; i < COUNT; i++) {
      const reading = readingAt(i);
      const reference = adxAt(i);
      const atr = atrAt(i);
      if (!reference || atr === undefined) throw new Error(`no reference at candle ${i}`);
      expect(reading.adx, `ADX at candle ${i}`).toBeCloseTo(reference.adx, 3);
      expect(reading.pdi, `+DI at candle ${i}`).toBeCloseTo(reference.pdi, 3);
      expect(reading.mdi, `-DI at candle ${i}`).toBeCloseTo(reference.mdi, 3);
      expect(Math.abs(reading.atr - atr) / atr, `ATR at candle ${i}`).toBeLessThan(1e-5);
      expect(reading.atrPct).toBeCloseTo(reading.atr / (candles[i] as Ohlc).close, 12);
    }
  });

  it('differs only by a seed that fades: the gap shrinks geometrically', () => {
    const gap = (i: number) => Math.abs(readingAt(i).adx - (adxAt(i)?.adx ?? NaN));
    expect(gap(40)).toBeGreaterThan(gap(150));
    expect(gap(150)).toBeGreaterThan(gap(COUNT - 1));
    expect(gap(COUNT - 1)).toBeLessThan(1e-6);
  });

  it('keeps ADX and the DIs within 0..100 and ATR% positive', () => {
    for (const reading of ours.filter((r): r is Reading => r !== undefined)) {
      for (const value of [reading.adx, reading.pdi, reading.mdi]) {
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(100);
      }
      expect(reading.atrPct).toBeGreaterThan(0);
    }
  });

  it('gives the mean ATR% of the last 50 candles, once there are 50 ATR values', () => {
    const firstAtr = COUNT - referenceAtr.length - 1; // one earlier than technicalindicators, as above
    const withMean = ours.findIndex((reading) => reading?.atrPctMean !== undefined);
    expect(withMean).toBe(firstAtr + 49);
    const i = 200;
    const window = ours.slice(i - 49, i + 1).map((r) => r?.atrPct ?? NaN);
    expect(readingAt(i).atrPctMean).toBeCloseTo(window.reduce((a, b) => a + b, 0) / 50, 12);
  });
});
