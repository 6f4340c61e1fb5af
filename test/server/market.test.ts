/**
 * The synthetic market: the seeded random walk, a key's series on the demo clock, and the market that
 * creates keys lazily and ticks the watched ones.
 */
import { describe, expect, it } from 'vitest';
import { checkAlert, checkHistory, checkUpdate, type SubscriptionKey } from '../../src/contract/index.js';
import { alertSeverity, regimeAlert } from '../../server/src/market/alerts.js';
import { Market, REST_INTEREST_MS } from '../../server/src/market/market.js';
import { hashString, mulberry32 } from '../../server/src/market/prng.js';
import { RandomWalk } from '../../server/src/market/random-walk.js';
import { HISTORY_CAP, RegimeSeries } from '../../server/src/market/series.js';
import { candleVolatility, randomWalks } from '../../server/src/market/sources.js';
import { SYMBOLS } from '../../server/src/market/symbols.js';

const BTC_1H: SubscriptionKey = { symbol: 'BTCUSDT', timeframe: '1h' };

/** A clock the test moves by hand. */
function manualClock(start = 1_764_331_200_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('RandomWalk', () => {
  it('gives the same candles for the same seed, and others for another', () => {
    const candles = (seed: number) => {
      const walk = new RandomWalk({ random: mulberry32(seed), price: 97_000, volatility: 0.006 });
      return Array.from({ length: 50 }, () => walk.next());
    };
    expect(candles(1)).toEqual(candles(1));
    expect(candles(1)).not.toEqual(candles(2));
  });

  it('makes well-formed candles that open at the last close, near realistic prices', () => {
    for (const [symbol, profile] of Object.entries(SYMBOLS)) {
      const walk = new RandomWalk({
        random: mulberry32(hashString(symbol)),
        price: profile.price,
        volatility: profile.hourlyVolatility,
      });
      let previousClose = profile.price;
      for (let i = 0; i < 2000; i++) {
        const c = walk.next();
        expect(c.open).toBe(previousClose);
        expect(c.high).toBeGreaterThanOrEqual(Math.max(c.open, c.close));
        expect(c.low).toBeLessThanOrEqual(Math.min(c.open, c.close));
        expect(c.low).toBeGreaterThan(0);
        previousClose = c.close;
      }
      expect(previousClose / profile.price, `${symbol} after 2000 candles`).toBeGreaterThan(0.25);
      expect(previousClose / profile.price, `${symbol} after 2000 candles`).toBeLessThan(4);
    }
  });

  it('shows every label within 200 candles of a fresh key, for many seeds', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const clock = manualClock();
      const market = new Market({ sourceFor: randomWalks(seed), stepMs: 1000, now: clock.now });
      const opened = market.open(BTC_1H);
      if (!opened.ok) throw new Error(opened.message);
      const seen = new Set([opened.series.current.regime]);
      for (let i = 0; i < 200 && seen.size < 4; i++) seen.add(opened.series.advance().update.regime);
      expect([...seen].sort(), `seed ${seed}`).toEqual(['range', 'trend_down', 'trend_up', 'volatile']);
    }
  });

  it("scales a candle's volatility with the square root of its timeframe, capped", () => {
    expect(candleVolatility(0.006, '1h')).toBeCloseTo(0.006, 12);
    expect(candleVolatility(0.006, '4h')).toBeCloseTo(0.012, 12);
    expect(candleVolatility(0.006, '15m')).toBeCloseTo(0.003, 12);
    expect(candleVolatility(0.011, '9999M')).toBe(0.08);
  });
});

describe('RegimeSeries', () => {
  const series = (seed = 5) => {
    const clock = manualClock();
    const source = randomWalks(seed)(BTC_1H, { price: 97_000, hourlyVolatility: 0.006 });
    return {
      clock,
      series: new RegimeSeries(BTC_1H, { source, backfill: 300, stepMs: 5000, now: clock.now }),
    };
  };

  it('has a full history at once, spaced by the demo clock and ending now', () => {
    const { clock, series: s } = series();
    const points = s.history(HISTORY_CAP);
    expect(points.length).toBeGreaterThan(250);
    expect(checkHistory({ ...BTC_1H, points }).ok).toBe(true);
    expect(points.at(-1)?.timestamp).toBe(clock.now());
    expect(
      points.slice(1).every((p, i) => (p.timestamp as number) - (points[i]?.timestamp as number) === 5000),
    ).toBe(true);
    expect(s.history(120)).toEqual(points.slice(-120));
  });

  it('advances one candle per step, with strictly increasing timestamps even within one millisecond', () => {
    const { clock, series: s } = series();
    clock.advance(5000);
    const first = s.advance().update;
    const second = s.advance().update; // same clock reading
    expect(checkUpdate(first).ok).toBe(true);
    expect(first.timestamp).toBe(clock.now());
    expect(second.timestamp).toBe(clock.now() + 1);
    expect(s.current).toEqual(second);
  });

  it('alerts exactly when the label changes, from the old label to the new', () => {
    const { series: s } = series();
    let previous = s.current.regime;
    let alerts = 0;
    for (let i = 0; i < 300; i++) {
      const step = s.advance();
      if (step.update.regime === previous) {
        expect(step.alert).toBeUndefined();
      } else {
        alerts++;
        expect(step.alert).toMatchObject({
          ...BTC_1H,
          from: previous,
          to: step.update.regime,
          timestamp: step.update.timestamp,
        });
        expect(checkAlert(step.alert).ok).toBe(true);
      }
      previous = step.update.regime;
    }
    expect(alerts).toBeGreaterThan(3);
  });

  it('keeps at most HISTORY_CAP points', () => {
    const { series: s } = series();
    for (let i = 0; i < HISTORY_CAP; i++) s.advance();
    expect(s.history(5000)).toHaveLength(HISTORY_CAP);
  });
});

describe('regimeAlert', () => {
  it('reads as "SYMBOL tf: from → to", with a severity by what changed', () => {
    expect(regimeAlert(BTC_1H, 'range', 'trend_up', 1).message).toBe('BTCUSDT 1h: range → trend up');
    expect(alertSeverity('range', 'trend_up')).toBe('info');
    expect(alertSeverity('volatile', 'range')).toBe('info');
    expect(alertSeverity('trend_up', 'volatile')).toBe('warning');
    expect(alertSeverity('trend_up', 'trend_down')).toBe('warning');
  });
});

describe('Market', () => {
  const market = (options: { maxKeys?: number } = {}) => {
    const clock = manualClock();
    return {
      clock,
      market: new Market({ sourceFor: randomWalks(1), stepMs: 1000, now: clock.now, ...options }),
    };
  };

  it('creates a key on first request and returns the same series after', () => {
    const { market: m } = market();
    const first = m.open(BTC_1H);
    const again = m.open(BTC_1H);
    expect(first.ok && again.ok && first.series === again.series).toBe(true);
    expect(m.open({ symbol: 'SOLUSDT', timeframe: '7m' }).ok).toBe(true);
    expect(m.size).toBe(2);
  });

  it('knows only its symbols, and holds a bounded number of keys', () => {
    const { market: m } = market({ maxKeys: 2 });
    expect(m.open({ symbol: 'DOGEUSDT', timeframe: '1h' })).toMatchObject({ ok: false, code: 'not_found' });
    expect(m.open({ symbol: 'toString', timeframe: '1h' })).toMatchObject({ ok: false, code: 'not_found' });
    m.open(BTC_1H);
    m.open({ symbol: 'ETHUSDT', timeframe: '1h' });
    expect(m.open({ symbol: 'ETHUSDT', timeframe: '4h' })).toMatchObject({ ok: false, code: 'capacity' });
  });

  it('ticks watched keys, keys asked for over REST in the last minute, and pinned keys; no others', () => {
    const { clock, market: m } = market();
    const eth = { symbol: 'ETHUSDT', timeframe: '15m' };
    const sol = { symbol: 'SOLUSDT', timeframe: '4h' };
    m.open(BTC_1H);
    m.open(eth);
    m.touch(eth);
    const keys = (pinned: SubscriptionKey[] = []) =>
      m
        .tick((key) => key === 'BTCUSDT|1h', pinned)
        .map((step) => `${step.update.symbol}|${step.update.timeframe}`);
    expect(keys()).toEqual(['BTCUSDT|1h', 'ETHUSDT|15m']);
    clock.advance(REST_INTEREST_MS);
    expect(keys()).toEqual(['BTCUSDT|1h']);
    expect(keys([sol])).toEqual(['BTCUSDT|1h', 'SOLUSDT|4h']);
  });
});
