/**
 * The replay mode: the strict CSV reader, the forwards-and-backwards replay, and the sample file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkUpdate } from '../../src/contract/index.js';
import { startServer } from '../../server/src/app.js';
import { CandleCsvError, parseCandlesCsv } from '../../server/src/market/csv.js';
import { Replay } from '../../server/src/market/replay.js';
import { RegimeSeries } from '../../server/src/market/series.js';
import { replays } from '../../server/src/market/sources.js';
import { SYMBOLS, type SymbolProfile } from '../../server/src/market/symbols.js';
import { getJson, serve } from './helpers.js';

const SAMPLE = new URL('../../demo/data/sample-candles.csv', import.meta.url);
const HEADER = 'timestamp,open,high,low,close';

describe('parseCandlesCsv', () => {
  it('reads epoch ms and ISO 8601 rows, skipping comments and blank lines', () => {
    const candles = parseCandlesCsv(
      `# a comment\n${HEADER}\r\n1764331200000,100,110,95,105\n\n2025-11-28T13:00:00Z, 105, 106, 101, 102\n`,
    );
    expect(candles).toEqual([
      { time: 1764331200000, open: 100, high: 110, low: 95, close: 105 },
      { time: Date.parse('2025-11-28T13:00:00Z'), open: 105, high: 106, low: 101, close: 102 },
    ]);
  });

  it.each`
    text                                                | line | reason
    ${'time,open,high,low,close\n1,1,1,1,1\n2,1,1,1,1'} | ${1} | ${'the header must be'}
    ${`${HEADER}\n1,1,1,1\n2,1,1,1,1`}                  | ${2} | ${'expected 5 fields, found 4'}
    ${`${HEADER}\n1,1,1,1,1,9\n2,1,1,1,1`}              | ${2} | ${'expected 5 fields, found 6'}
    ${`${HEADER}\nyesterday,1,1,1,1\n2,1,1,1,1`}        | ${2} | ${'is not epoch ms or ISO 8601'}
    ${`${HEADER}\n2,1,1,1,1\n1,1,1,1,1`}                | ${3} | ${'timestamps must increase'}
    ${`${HEADER}\n1,1,1,1,1\n2,1,1e3,1,1`}              | ${3} | ${'high 1e3 is not a positive number'}
    ${`${HEADER}\n1,1,1,1,1\n2,0,1,1,1`}                | ${3} | ${'open 0 is not a positive number'}
    ${`${HEADER}\n1,1,1,1,1\n2,"1,1,1,1`}               | ${3} | ${'Quote Not Closed'}
    ${`${HEADER}\n1,10,11,9,10\n2,10,9.5,9,10`}         | ${3} | ${'high and low must contain open and close'}
    ${`${HEADER}\n1,10,11,9,10`}                        | ${2} | ${'at least two candles'}
  `('rejects line $line: $reason', ({ text, line, reason }) => {
    const attempt = () => parseCandlesCsv(text);
    expect(attempt).toThrow(CandleCsvError);
    expect(attempt).toThrow(`line ${line}: `);
    expect(attempt).toThrow(reason);
  });
});

describe('Replay', () => {
  const rows = [
    { open: 10, high: 12, low: 9, close: 11 },
    { open: 11, high: 13, low: 10, close: 12 },
    { open: 12, high: 12.5, low: 10, close: 10.5 },
  ];

  it("scales to the symbol's price and plays forwards, then backwards with open and close swapped", () => {
    const replay = new Replay(rows, { price: 1000, start: 0 });
    const played = Array.from({ length: 8 }, () => replay.next());
    expect(played.map((c) => [c.open, c.close])).toEqual([
      [1000, 1100],
      [1100, 1200],
      [1200, 1050], // forwards
      [1050, 1200],
      [1200, 1100],
      [1100, 1000], // backwards
      [1000, 1100],
      [1100, 1200], // forwards again
    ]);
    expect(played[3]).toMatchObject({ high: 1250, low: 1000 });
  });

  it('starts at any row and never jumps at the seams', () => {
    const replay = new Replay(rows, { price: 50, start: 7 }); // row 1
    let previous = replay.next();
    expect(previous.open).toBeCloseTo(50, 9);
    for (let i = 0; i < 20; i++) {
      const candle = replay.next();
      expect(candle.open).toBeCloseTo(previous.close, 9);
      previous = candle;
    }
  });
});

describe('the sample file', () => {
  const candles = parseCandlesCsv(readFileSync(SAMPLE, 'utf8'));

  it('has about 400 hourly candles, marked as generated', () => {
    expect(candles.length).toBeGreaterThanOrEqual(350);
    expect(candles.length).toBeLessThanOrEqual(450);
    expect(readFileSync(SAMPLE, 'utf8')).toMatch(/^# .*\n# NOT real market data/);
  });

  it('feeds the same regime math for every symbol, each at its own price level', () => {
    const labels = new Set<string>();
    for (const symbol of ['BTCUSDT', 'ETHUSDT', 'SOLUSDT']) {
      const key = { symbol, timeframe: '1h' };
      const series = new RegimeSeries(key, {
        source: replays(candles)(key, SYMBOLS[symbol] as SymbolProfile),
        stepMs: 1000,
        now: Date.now,
      });
      series.backfill(300);
      for (let i = 0; i < 500; i++) labels.add(series.advance()?.regime ?? '');
    }
    expect([...labels].sort()).toEqual(['range', 'trend_down', 'trend_up', 'volatile']);
  });
});

describe('startServer({ candlesFile })', () => {
  it('serves regimes from the replayed file', async () => {
    const server = await serve({ candlesFile: fileURLToPath(SAMPLE) });
    const { status, body } = await getJson(server, '/api/regime?symbol=ETHUSDT&timeframe=15m');
    expect(status).toBe(200);
    expect(checkUpdate(body).ok).toBe(true);
  });

  it('refuses to start on a bad file, naming the line', async () => {
    const file = join(tmpdir(), `bad-candles-${process.pid}.csv`);
    writeFileSync(file, `${HEADER}\n1,10,11,9,10\n2,10,11,9\n`);
    await expect(startServer({ port: 0, logLevel: 'silent', candlesFile: file })).rejects.toThrow(
      'line 3: expected 5 fields, found 4',
    );
  });
});
