import { describe, expect, it } from 'vitest';
import {
  checkAlert,
  checkHistory,
  checkKey,
  checkPoint,
  checkUpdate,
  LIMITS,
  MAX_CLOCK_SKEW_MS,
  routeKey,
  timeframeMs,
  timestampMs,
} from '../../src/contract/validate.js';

const good = {
  symbol: 'BTCUSDT',
  timeframe: '1h',
  regime: 'trend_up',
  adx: 31.4,
  atrPct: 0.0156,
  timestamp: 1764331200000,
};
const point = { regime: 'range', adx: 12, atrPct: 0.004, timestamp: '2024-05-01T10:00:00Z' };
const alert = { symbol: 'BTCUSDT', timeframe: '1h', to: 'trend_up', timestamp: 1764331200000 };

/** Timestamps that are not epoch ms or ISO 8601. */
const BAD_TIMESTAMPS: [string, unknown][] = [
  ['a word', 'yesterday'],
  ['month 13, day 45', '2024-13-45'],
  ['month 0', '2024-00-10'],
  ['30 February', '2024-02-30'],
  ['31 April', '2024-04-31T10:00:00Z'],
  ['hour 25', '2024-01-01T25:00:00Z'],
  ['loose Date.parse format', '1 2 3'],
  ['US date', '05/01/2024'],
  ['RFC 2822', 'Wed, 01 May 2024 10:00:00 GMT'],
  ['empty string', ''],
  ['a very long string', `2024-05-01T10:00:00.000000000Z${' '.repeat(20)}`],
  ['negative epoch', -1],
  ['huge epoch', 1e300],
  ['beyond the Date range', 8.64e15 + 1],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['null', null],
  ['boolean', true],
  ['object', { ms: 1 }],
  ['array', [1764331200000]],
  ['missing', undefined],
];

describe('timestampMs', () => {
  it.each<[string, unknown, number]>([
    ['epoch ms', 1764331200000, 1764331200000],
    ['epoch 0', 0, 0],
    ['ISO with Z', '2024-05-01T10:00:00Z', Date.UTC(2024, 4, 1, 10)],
    ['ISO with ms', '2024-05-01T10:00:00.250Z', Date.UTC(2024, 4, 1, 10, 0, 0, 250)],
    ['ISO with offset', '2024-05-01T12:00:00+02:00', Date.UTC(2024, 4, 1, 10)],
    ['ISO date', '2024-05-01', Date.UTC(2024, 4, 1)],
    ['29 February of a leap year', '2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
  ])('reads %s', (_, value, ms) => {
    expect(timestampMs(value)).toBe(ms);
  });

  it.each(BAD_TIMESTAMPS)('rejects %s', (_, value) => {
    expect(timestampMs(value)).toBeUndefined();
  });
});

describe('checkKey', () => {
  it.each([
    { symbol: 'BTCUSDT', timeframe: '1h' },
    { symbol: 'BTC-USD', timeframe: '15m' },
    { symbol: 'ES:CME', timeframe: '1M' },
    { symbol: 'A', timeframe: '1w' },
    { symbol: 'X'.repeat(32), timeframe: '4h' },
  ])('accepts $symbol $timeframe', (key) => {
    expect(checkKey(key)).toEqual({ ok: true, value: key });
  });

  it('keeps only the key of a larger object', () => {
    expect(checkKey({ ...good })).toEqual({ ok: true, value: { symbol: 'BTCUSDT', timeframe: '1h' } });
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['an array', ['BTCUSDT', '1h']],
    ['a string', 'BTCUSDT|1h'],
    ['no symbol', { timeframe: '1h' }],
    ['no timeframe', { symbol: 'BTCUSDT' }],
    ['an empty symbol', { symbol: '', timeframe: '1h' }],
    ['a symbol of 33 characters', { symbol: 'X'.repeat(33), timeframe: '1h' }],
    ['a symbol with a space', { symbol: 'BTC USDT', timeframe: '1h' }],
    ['a symbol with markup', { symbol: '<b>BTC</b>', timeframe: '1h' }],
    ['a numeric symbol', { symbol: 42, timeframe: '1h' }],
    ['a timeframe without unit', { symbol: 'BTCUSDT', timeframe: '60' }],
    ['a timeframe of 0', { symbol: 'BTCUSDT', timeframe: '0m' }],
    ['an unknown unit', { symbol: 'BTCUSDT', timeframe: '1y' }],
    ['a numeric timeframe', { symbol: 'BTCUSDT', timeframe: 1 }],
  ])('rejects %s with a reason', (_, input) => {
    const checked = checkKey(input);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.reason).toMatch(/\w/);
  });
});

describe('checkUpdate', () => {
  it.each<[string, Record<string, unknown>]>([
    ['epoch ms', good],
    ['an ISO timestamp', { ...good, timestamp: '2024-05-01T10:00:00.123Z' }],
    ['an unknown label', { ...good, regime: 'squeeze' }],
    ['a label of 32 characters', { ...good, regime: 'r'.repeat(32) }],
    ['adx 0', { ...good, adx: 0 }],
    ['adx 100', { ...good, adx: 100 }],
    ['atrPct 0', { ...good, atrPct: 0 }],
    ['a large atrPct', { ...good, atrPct: 3.5 }],
  ])('accepts %s', (_, input) => {
    expect(checkUpdate(input)).toEqual({ ok: true, value: input });
  });

  it('drops fields the contract does not have', () => {
    const checked = checkUpdate({ ...good, html: '<img onerror=alert(1)>' });
    expect(checked.ok && Object.keys(checked.value).sort()).toEqual(Object.keys(good).sort());
  });

  const without = (field: keyof typeof good) => {
    const copy: Record<string, unknown> = { ...good };
    delete copy[field];
    return copy;
  };

  it.each<[string, unknown, RegExp]>([
    ['null', null, /object/],
    ['an array', [good], /object/],
    ['a string', JSON.stringify(good), /object/],
    ['a number', 42, /object/],
    ['no symbol', without('symbol'), /symbol/],
    ['no timeframe', without('timeframe'), /timeframe/],
    ['no regime', without('regime'), /regime/],
    ['no adx', without('adx'), /adx/],
    ['no atrPct', without('atrPct'), /atrPct/],
    ['no timestamp', without('timestamp'), /timestamp/],
    ['regime empty', { ...good, regime: '' }, /regime/],
    ['regime of spaces alone', { ...good, regime: '   ' }, /regime/],
    ['regime of zero-width characters alone', { ...good, regime: '\u200b\u200d\u2060\ufeff' }, /regime/],
    ['regime of 33 characters', { ...good, regime: 'r'.repeat(LIMITS.regime + 1) }, /regime/],
    ['regime a number', { ...good, regime: 3 }, /regime/],
    ['regime null', { ...good, regime: null }, /regime/],
    ['adx a string', { ...good, adx: '31.4' }, /adx/],
    ['adx NaN', { ...good, adx: NaN }, /adx/],
    ['adx Infinity', { ...good, adx: Infinity }, /adx/],
    ['adx below 0', { ...good, adx: -0.1 }, /adx/],
    ['adx above 100', { ...good, adx: 100.01 }, /adx/],
    ['adx null', { ...good, adx: null }, /adx/],
    ['atrPct negative', { ...good, atrPct: -0.001 }, /atrPct/],
    ['atrPct NaN', { ...good, atrPct: NaN }, /atrPct/],
    ['atrPct Infinity', { ...good, atrPct: Infinity }, /atrPct/],
    ['atrPct a string', { ...good, atrPct: '1.56%' }, /atrPct/],
    ...BAD_TIMESTAMPS.filter(([name]) => name !== 'missing').map(
      ([name, timestamp]): [string, unknown, RegExp] => [
        `timestamp ${name}`,
        { ...good, timestamp },
        /timestamp/,
      ],
    ),
  ])('rejects %s, saying why', (_, input, reason) => {
    const checked = checkUpdate(input);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.reason).toMatch(reason);
  });
});

describe('timestamps from the future', () => {
  const now = Date.UTC(2025, 5, 1, 12);
  const at = (timestamp: unknown) => ({ ...good, timestamp });

  it.each<[string, unknown]>([
    ['epoch ms at the end of the Date range', 8.64e15],
    ['epoch microseconds', now * 1000],
    ['an ISO date in year 9999', '9999-12-31T23:59:59Z'],
    ['just beyond the allowed skew', now + MAX_CLOCK_SKEW_MS + 1],
  ])('rejects %s in an update, a point, a history and an alert', (_, timestamp) => {
    for (const checked of [
      checkUpdate(at(timestamp), now),
      checkPoint(at(timestamp), now),
      checkHistory({ ...good, points: [at(timestamp)] }, Infinity, now),
      checkAlert({ ...alert, timestamp }, now),
    ]) {
      expect(checked.ok).toBe(false);
      if (!checked.ok) expect(checked.reason).toMatch(/timestamp is more than 5 minutes in the future/);
    }
  });

  it('accepts a clock up to MAX_CLOCK_SKEW_MS ahead, and reads the clock when not given one', () => {
    expect(checkUpdate(at(now + MAX_CLOCK_SKEW_MS), now).ok).toBe(true);
    expect(checkUpdate(at(Date.now() + MAX_CLOCK_SKEW_MS - 1000)).ok).toBe(true);
    expect(checkUpdate(at(Date.now() + MAX_CLOCK_SKEW_MS + 1000)).ok).toBe(false);
  });
});

describe('checkPoint', () => {
  it('accepts a point, with an ISO or epoch timestamp', () => {
    expect(checkPoint(point)).toEqual({ ok: true, value: point });
    expect(checkPoint({ ...point, timestamp: 0 })).toEqual({ ok: true, value: { ...point, timestamp: 0 } });
  });

  it('needs no key', () => {
    expect(checkPoint({ ...point, symbol: 42 }).ok).toBe(true);
  });

  it.each<[string, unknown, RegExp]>([
    ['null', null, /object/],
    ['an array', [point], /object/],
    ['regime 33 characters', { ...point, regime: 'x'.repeat(33) }, /regime/],
    ['adx 101', { ...point, adx: 101 }, /adx/],
    ['adx -1', { ...point, adx: -1 }, /adx/],
    ['atrPct -Infinity', { ...point, atrPct: -Infinity }, /atrPct/],
    ['timestamp yesterday', { ...point, timestamp: 'yesterday' }, /timestamp/],
    ['timestamp 1 2 3', { ...point, timestamp: '1 2 3' }, /timestamp/],
    ['timestamp -1', { ...point, timestamp: -1 }, /timestamp/],
  ])('rejects %s', (_, input, reason) => {
    const checked = checkPoint(input);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.reason).toMatch(reason);
  });
});

describe('checkHistory', () => {
  const historyOf = (points: unknown) => ({ symbol: 'BTCUSDT', timeframe: '1h', points });

  it('accepts points, empty or not, in order', () => {
    expect(checkHistory(historyOf([]))).toEqual({ ok: true, value: historyOf([]) });
    const points = [point, { ...point, timestamp: '2024-05-01T11:00:00Z', adx: 13 }];
    expect(checkHistory(historyOf(points))).toEqual({ ok: true, value: historyOf(points) });
  });

  it('cuts a history longer than the limit asked for to its newest points before checking them', () => {
    const old = Array.from({ length: 1000 }, () => ({ ...point, adx: NaN }));
    const newest = [point, { ...point, adx: 13 }];
    expect(checkHistory(historyOf([...old, ...newest]), 2)).toEqual({ ok: true, value: historyOf(newest) });
    expect(checkHistory(historyOf([...old, ...newest]), 3)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/points\[999\].*adx/),
    });
  });

  it.each<[string, unknown, RegExp]>([
    ['null', null, /object/],
    ['an array of points', [point], /object/],
    ['no key', { points: [point] }, /symbol/],
    ['a bad timeframe', { symbol: 'BTCUSDT', timeframe: 'hourly', points: [] }, /timeframe/],
    ['no points', { symbol: 'BTCUSDT', timeframe: '1h' }, /points/],
    ['points an object', historyOf({ 0: point }), /points/],
    ['points null', historyOf(null), /points/],
    ['one point null', historyOf([point, null]), /points\[1\].*object/],
    ['one point with adx NaN', historyOf([point, point, { ...point, adx: NaN }]), /points\[2\].*adx/],
    [
      'one point with a bad date',
      historyOf([{ ...point, timestamp: '2024-13-45' }]),
      /points\[0\].*timestamp/,
    ],
  ])('rejects %s', (_, input, reason) => {
    const checked = checkHistory(input);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.reason).toMatch(reason);
  });
});

describe('checkAlert', () => {
  it.each<[string, Record<string, unknown>]>([
    ['the required fields', alert],
    ['every field', { ...alert, from: 'range', message: 'ADX crossed 25', severity: 'warning' }],
    ['an ISO timestamp', { ...alert, timestamp: '2024-05-01T10:00:00+03:00' }],
    ['severity info', { ...alert, severity: 'info' }],
    ['severity critical', { ...alert, severity: 'critical' }],
    ['a message of 500 characters', { ...alert, message: 'm'.repeat(LIMITS.message) }],
    ['an empty message', { ...alert, message: '' }],
  ])('accepts %s', (_, input) => {
    expect(checkAlert(input)).toEqual({ ok: true, value: input });
  });

  it.each<[string, unknown, RegExp]>([
    ['null', null, /object/],
    ['an array', [alert], /object/],
    ['no symbol', { ...alert, symbol: undefined }, /symbol/],
    ['no to', { ...alert, to: undefined }, /to/],
    ['to empty', { ...alert, to: '' }, /to/],
    ['to of 33 characters', { ...alert, to: 't'.repeat(33) }, /to/],
    ['to a number', { ...alert, to: 1 }, /to/],
    ['from of 33 characters', { ...alert, from: 'f'.repeat(33) }, /from/],
    ['from a number', { ...alert, from: 7 }, /from/],
    ['a message too long', { ...alert, message: 'm'.repeat(LIMITS.message + 1) }, /message/],
    ['a message not a string', { ...alert, message: { text: 'hi' } }, /message/],
    ['severity unknown', { ...alert, severity: 'error' }, /severity/],
    ['severity in capitals', { ...alert, severity: 'INFO' }, /severity/],
    ['severity a number', { ...alert, severity: 2 }, /severity/],
    ['no timestamp', { ...alert, timestamp: undefined }, /timestamp/],
    ['timestamp yesterday', { ...alert, timestamp: 'yesterday' }, /timestamp/],
    ['timestamp 2024-13-45', { ...alert, timestamp: '2024-13-45' }, /timestamp/],
    ['timestamp huge', { ...alert, timestamp: Number.MAX_VALUE }, /timestamp/],
  ])('rejects %s', (_, input, reason) => {
    const checked = checkAlert(input);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.reason).toMatch(reason);
  });
});

describe('timeframeMs', () => {
  it.each<[string, number | undefined]>([
    ['30s', 30e3],
    ['1m', 60e3],
    ['15m', 15 * 60e3],
    ['1h', 3600e3],
    ['4h', 4 * 3600e3],
    ['1d', 86400e3],
    ['1w', 7 * 86400e3],
    ['1M', 30 * 86400e3],
    ['1y', undefined],
    ['h', undefined],
    ['1.5h', undefined],
    ['', undefined],
  ])('%s is %s ms', (timeframe, ms) => {
    expect(timeframeMs(timeframe)).toBe(ms);
  });
});

describe('routeKey', () => {
  it('joins symbol and timeframe', () => {
    expect(routeKey({ symbol: 'BTCUSDT', timeframe: '1h' })).toBe('BTCUSDT|1h');
  });

  it('tells keys apart that a plain concatenation would mix up', () => {
    expect(routeKey({ symbol: 'BTC1', timeframe: '5m' })).not.toBe(
      routeKey({ symbol: 'BTC', timeframe: '15m' }),
    );
  });
});
