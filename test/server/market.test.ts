/**
 * The synthetic market: the seeded random walk, a key's series on the demo clock, and the market that
 * creates keys lazily, evicts unwatched ones when full, and ticks the wanted ones.
 */
import { describe, expect, it } from 'vitest';
import { checkUpdate, type SubscriptionKey } from '../../src/contract/index.js';
import { alertSeverity, regimeAlert } from '../../server/src/alerts.js';
import { KeyBudget } from '../../server/src/market/key-budget.js';
import { Market, REST_INTEREST_MS } from '../../server/src/market/market.js';
import { hashString, mulberry32 } from '../../server/src/market/prng.js';
import { RandomWalk } from '../../server/src/market/random-walk.js';
import { RegimeSeries } from '../../server/src/market/series.js';
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
      const source = randomWalks(seed)(BTC_1H, { price: 97_000, hourlyVolatility: 0.006 });
      const series = new RegimeSeries(BTC_1H, { source, stepMs: 1000, now: clock.now });
      const seen = new Set([series.backfill(300).at(-1)?.regime]);
      for (let i = 0; i < 200 && seen.size < 4; i++) seen.add(series.advance()?.regime);
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
    return { clock, series: new RegimeSeries(BTC_1H, { source, stepMs: 5000, now: clock.now }) };
  };

  it('backfills a full history, spaced by the demo clock and ending now', () => {
    const { clock, series: s } = series();
    const updates = s.backfill(300);
    expect(updates.length).toBeGreaterThan(250);
    expect(updates.every((u) => checkUpdate(u).ok)).toBe(true);
    expect(updates.at(-1)?.timestamp).toBe(clock.now());
    expect(
      updates.slice(1).every((u, i) => (u.timestamp as number) - (updates[i]?.timestamp as number) === 5000),
    ).toBe(true);
  });

  it('refuses a backfill too short to warm the indicators up', () => {
    expect(() => series().series.backfill(10)).toThrow(/does not warm up/);
  });

  it('advances one candle per step, with strictly increasing timestamps even within one millisecond', () => {
    const { clock, series: s } = series();
    s.backfill(300);
    clock.advance(5000);
    const first = s.advance();
    const second = s.advance(); // same clock reading
    expect(checkUpdate(first).ok).toBe(true);
    expect(first?.timestamp).toBe(clock.now());
    expect(second?.timestamp).toBe(clock.now() + 1);
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
  const anyKey = () => true;

  it('creates a key with its history, once', () => {
    const { market: m } = market();
    const created = m.create(BTC_1H, anyKey);
    expect(created.ok && created.backfill.length).toBeGreaterThan(250);
    expect(m.has(BTC_1H)).toBe(true);
    expect(m.create({ symbol: 'SOLUSDT', timeframe: '7m' }, anyKey).ok).toBe(true);
    expect(m.size).toBe(2);
  });

  it('knows only its symbols', () => {
    const { market: m } = market();
    expect(m.create({ symbol: 'DOGEUSDT', timeframe: '1h' }, anyKey)).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    expect(m.create({ symbol: 'toString', timeframe: '1h' }, anyKey)).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    expect(m.size).toBe(0);
  });

  it('when full, evicts the key wanted longest ago among those nobody watches, or refuses', () => {
    const { clock, market: m } = market({ maxKeys: 2 });
    const eth = { symbol: 'ETHUSDT', timeframe: '1h' };
    const sol = { symbol: 'SOLUSDT', timeframe: '4h' };
    m.create(BTC_1H, anyKey);
    clock.advance(10);
    m.create(eth, anyKey);
    clock.advance(10);
    m.touch(BTC_1H); // BTC wanted again: ETH is now the one wanted longest ago
    expect(m.create(sol, () => false)).toMatchObject({ ok: false, code: 'capacity' });
    expect(m.create(sol, (id) => id !== 'ETHUSDT|1h')).toMatchObject({ ok: true, evicted: BTC_1H });
    expect([m.has(BTC_1H), m.has(eth), m.has(sol)]).toEqual([false, true, true]);
    expect(m.create(BTC_1H, anyKey)).toMatchObject({ ok: true, evicted: eth });
  });

  it('ticks watched keys, keys asked for in the last minute, and pinned keys; no others', () => {
    const { clock, market: m } = market();
    const eth = { symbol: 'ETHUSDT', timeframe: '15m' };
    const sol = { symbol: 'SOLUSDT', timeframe: '4h' };
    m.create(BTC_1H, anyKey);
    m.create(eth, anyKey);
    m.create(sol, anyKey);
    const keys = (pinned: string[] = []) =>
      m
        .tick((key) => key === 'BTCUSDT|1h', new Set(pinned))
        .map((update) => `${update.symbol}|${update.timeframe}`);
    expect(keys()).toEqual(['BTCUSDT|1h', 'ETHUSDT|15m', 'SOLUSDT|4h']);
    clock.advance(REST_INTEREST_MS - 1);
    m.touch(eth);
    clock.advance(1);
    expect(keys()).toEqual(['BTCUSDT|1h', 'ETHUSDT|15m']);
    expect(keys(['SOLUSDT|4h'])).toEqual(['BTCUSDT|1h', 'ETHUSDT|15m', 'SOLUSDT|4h']);
  });
});

describe('KeyBudget', () => {
  it('gives a client so many keys in the minute from its first, then a new minute', () => {
    const clock = manualClock();
    const budget = new KeyBudget(3, clock.now);
    expect([1, 2, 3, 4].map(() => budget.take('a'))).toEqual([true, true, true, false]);
    expect(budget.take('b')).toBe(true);
    clock.advance(59_999);
    expect(budget.take('a')).toBe(false);
    clock.advance(1);
    expect([1, 2, 3, 4].map(() => budget.take('a'))).toEqual([true, true, true, false]);
  });
});
