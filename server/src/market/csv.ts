/**
 * A strict reader of the replay format: a header `timestamp,open,high,low,close`, then one candle a
 * line, oldest first, read with csv-parse; anything unexpected is an error that names the line.
 */
import { parse } from 'csv-parse/sync';
import { timestampMs } from '../../../src/contract/index.js';
import type { Candle } from './candle.js';

const HEADER = ['timestamp', 'open', 'high', 'low', 'close'] as const;
/** A plain decimal number: no hex, no exponent surprises such as `Infinity`. */
const NUMBER = /^\d+(\.\d+)?$/;

/** Thrown for a file that does not fit the format; `line` is 1-based. */
export class CandleCsvError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'CandleCsvError';
  }
}

/**
 * Parses candles; `#` lines and blank lines are skipped, timestamps are epoch ms or ISO 8601.
 * @example parseCandlesCsv('timestamp,open,high,low,close\n1764331200000,97000,97400,96800,97250\n')
 */
export function parseCandlesCsv(text: string): Candle[] {
  let rows: { record: string[]; line: number }[];
  try {
    const parsed = parse(text, {
      comment: '#',
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    rows = parsed.map(({ record, info }) => ({ record, line: info.lines }));
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0;
    throw new CandleCsvError(line, (error as Error).message);
  }
  const [header, ...body] = rows;
  if (!header || header.record.join(',').toLowerCase() !== HEADER.join(',')) {
    throw new CandleCsvError(header?.line ?? 1, `the header must be ${HEADER.join(',')}`);
  }
  const candles: Candle[] = [];
  for (const { record, line } of body) candles.push(parseRow(record, line, candles.at(-1)));
  if (candles.length < 2) throw new CandleCsvError(rows.at(-1)?.line ?? 1, 'at least two candles are needed');
  return candles;
}

function parseRow(fields: string[], line: number, previous: Candle | undefined): Candle {
  if (fields.length !== HEADER.length) {
    throw new CandleCsvError(line, `expected ${HEADER.length} fields, found ${fields.length}`);
  }
  const [rawTime = '', ...rawPrices] = fields;
  const time = timestampMs(/^\d+$/.test(rawTime) ? Number(rawTime) : rawTime);
  if (time === undefined) throw new CandleCsvError(line, `${rawTime} is not epoch ms or ISO 8601`);
  if (previous && time <= previous.time) throw new CandleCsvError(line, 'timestamps must increase');
  const prices = rawPrices.map((raw, k) => {
    if (!NUMBER.test(raw) || Number(raw) <= 0) {
      throw new CandleCsvError(line, `${HEADER[k + 1]} ${raw} is not a positive number`);
    }
    return Number(raw);
  });
  const [open = 0, high = 0, low = 0, close = 0] = prices;
  if (high < Math.max(open, close, low) || low > Math.min(open, close)) {
    throw new CandleCsvError(line, 'high and low must contain open and close');
  }
  return { time, open, high, low, close };
}
