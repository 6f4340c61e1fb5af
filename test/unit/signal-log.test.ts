import { describe, expect, it } from 'vitest';
import type { RegimeAlert, RegimePoint, RegimeUpdate } from '../../src/contract/types.js';
import { changesIn, SignalLog } from '../../src/feed/signal-log.js';

const BTC = { symbol: 'BTCUSDT', timeframe: '1h' };
const ETH = { symbol: 'ETHUSDT', timeframe: '4h' };
const HOUR = 3600e3;
const T0 = Date.UTC(2026, 0, 5, 10);

const point = (regime: string, hour: number, adx = 20 + hour): RegimePoint => ({
  regime,
  adx,
  atrPct: 0.01,
  timestamp: T0 + hour * HOUR,
});
const update = (key: typeof BTC, regime: string, hour: number, adx = 30): RegimeUpdate => ({
  ...key,
  regime,
  adx,
  atrPct: 0.01,
  timestamp: T0 + hour * HOUR,
});
const alert = (key: typeof BTC, from: string | undefined, to: string, hour: number): RegimeAlert => ({
  ...key,
  to,
  ...(from && { from }),
  timestamp: new Date(T0 + hour * HOUR).toISOString(),
});
const brief = (rows: readonly { symbol: string; from: string; to: string; timestamp: number }[]) =>
  rows.map((row) => `${row.symbol} ${row.from}>${row.to} @${(row.timestamp - T0) / HOUR}`);

describe('changesIn', () => {
  it('makes a change only where the label differs from the previous point', () => {
    const points = [point('range', 0), point('range', 1), point('trend_up', 2), point('trend_up', 3)];
    expect(changesIn(BTC, points)).toEqual([
      { ...BTC, from: 'range', to: 'trend_up', adx: 22, timestamp: T0 + 2 * HOUR, source: 'history' },
    ]);
  });

  it('makes nothing of equal labels, of one point, or of none', () => {
    expect(changesIn(BTC, [point('range', 0), point('range', 1), point('range', 2)])).toEqual([]);
    expect(changesIn(BTC, [point('volatile', 0)])).toEqual([]);
    expect(changesIn(BTC, [])).toEqual([]);
  });

  it('counts a change across a gap in time, at the later point', () => {
    const changes = changesIn(BTC, [point('range', 0), point('trend_down', 9)]);
    expect(brief(changes)).toEqual(['BTCUSDT range>trend_down @9']);
  });

  it('keeps unknown labels as they are', () => {
    const changes = changesIn(BTC, [point('range', 0), point('squeeze', 1), point('constructor', 2)]);
    expect(changes.map((change) => [change.from, change.to])).toEqual([
      ['range', 'squeeze'],
      ['squeeze', 'constructor'],
    ]);
  });
});

describe('SignalLog', () => {
  it('lists the changes of several histories newest first, at most limit', () => {
    const log = new SignalLog(3);
    log.history(BTC, [point('range', 0), point('trend_up', 1), point('range', 4), point('volatile', 6)]);
    log.history(ETH, [point('range', 0), point('trend_down', 2), point('trend_down', 5)]);
    expect(brief(log.signals)).toEqual([
      'BTCUSDT range>volatile @6',
      'BTCUSDT trend_up>range @4',
      'ETHUSDT range>trend_down @2',
    ]);
  });

  it('makes no row of a key’s first reading, and one of an update whose label changed', () => {
    const log = new SignalLog(20);
    expect(log.update(update(BTC, 'range', 1))).toBeUndefined();
    expect(log.update(update(BTC, 'range', 2))).toBeUndefined();
    const row = log.update(update(BTC, 'trend_up', 3, 27.5));
    expect(row).toMatchObject({ from: 'range', to: 'trend_up', adx: 27.5, source: 'update' });
    expect(log.signals).toEqual([row]);
  });

  it('takes the label a one-point history ends with as the key’s last one', () => {
    const log = new SignalLog(20);
    log.history(BTC, [point('range', 0)]);
    expect(log.signals).toEqual([]);
    expect(log.update(update(BTC, 'trend_up', 1))).toMatchObject({ from: 'range', to: 'trend_up' });
  });

  it('makes one row of a change an update and an alert both report, in either order', () => {
    const updateFirst = new SignalLog(20);
    updateFirst.history(BTC, [point('range', 0)]);
    expect(updateFirst.update(update(BTC, 'trend_up', 1, 26))).toBeDefined();
    expect(updateFirst.alert(alert(BTC, 'range', 'trend_up', 1))).toBeUndefined();
    expect(updateFirst.signals).toHaveLength(1);

    const alertFirst = new SignalLog(20);
    alertFirst.history(BTC, [point('range', 0)]);
    expect(alertFirst.alert(alert(BTC, 'range', 'trend_up', 1))).toMatchObject({
      adx: null,
      source: 'alert',
    });
    expect(alertFirst.update(update(BTC, 'trend_up', 1, 26))).toBeUndefined();
    // The update completes the alert's row with its ADX.
    expect(alertFirst.signals).toEqual([
      { ...BTC, from: 'range', to: 'trend_up', adx: 26, timestamp: T0 + HOUR, source: 'alert' },
    ]);
  });

  it('makes a row of an alert for a change no update reported, and ignores a late one', () => {
    const log = new SignalLog(20);
    log.update(update(BTC, 'range', 5));
    expect(log.alert(alert(BTC, 'volatile', 'trend_down', 6))).toMatchObject({ from: 'volatile' });
    expect(log.alert(alert(BTC, 'range', 'trend_up', 4))).toBeUndefined();
    expect(brief(log.signals)).toEqual(['BTCUSDT volatile>trend_down @6']);
  });

  it('keeps keys apart', () => {
    const log = new SignalLog(20);
    log.update(update(BTC, 'range', 1));
    expect(log.update(update(ETH, 'trend_up', 2))).toBeUndefined();
    expect(log.alert(alert(ETH, undefined, 'trend_up', 2))).toBeUndefined();
    expect(log.update(update(BTC, 'trend_up', 3))).toBeDefined();
    expect(brief(log.signals)).toEqual(['BTCUSDT range>trend_up @3']);
  });

  it('takes a history refetched after a gap as the truth for its span: no row twice, the missed ones filled', () => {
    const log = new SignalLog(20);
    log.history(BTC, [point('range', 0), point('trend_up', 1)]);
    // Polling saw the change only at hour 4, after it happened at hour 3; hour 2's went unseen.
    log.update(update(BTC, 'volatile', 4));
    log.history(BTC, [
      point('range', 0),
      point('trend_up', 1),
      point('range', 2),
      point('volatile', 3),
      point('volatile', 4),
    ]);
    expect(brief(log.signals)).toEqual([
      'BTCUSDT range>volatile @3',
      'BTCUSDT trend_up>range @2',
      'BTCUSDT range>trend_up @1',
    ]);
    // And the key's label is the history's last: the same label again is no change.
    expect(log.update(update(BTC, 'volatile', 5))).toBeUndefined();
  });

  it('takes a history’s last label as the key’s only when it is newer than the one known', () => {
    const log = new SignalLog(20);
    log.update(update(BTC, 'range', 1));
    log.history(BTC, [point('range', 0), point('trend_up', 3)]);
    expect(log.update(update(BTC, 'trend_up', 4))).toBeUndefined();
    // A late history, older than the last update, says nothing of the key's label now.
    log.update(update(BTC, 'volatile', 6));
    log.history(BTC, [point('range', 0), point('trend_up', 3), point('range', 5)]);
    expect(log.update(update(BTC, 'volatile', 7))).toBeUndefined();
    expect(log.update(update(BTC, 'range', 8))).toMatchObject({ from: 'volatile', to: 'range' });
  });

  it('answers no row for a live change older than every row when the list is full', () => {
    const log = new SignalLog(1);
    log.history(BTC, [point('range', 0), point('trend_up', 5)]);
    log.update(update(ETH, 'range', 1));
    expect(log.update(update(ETH, 'volatile', 2))).toBeUndefined();
    expect(brief(log.signals)).toEqual(['BTCUSDT range>trend_up @5']);
  });
});
