/**
 * `<regime-signals>`'s attributes, read into one checked configuration: every symbol with every
 * timeframe is a key, each read by the card's own rules (config.ts). Pure.
 */
import type { FeedTarget } from '../feed/target.js';
import { readConfig, type WidgetAttributes } from './config.js';

export interface SignalsAttributes extends Omit<WidgetAttributes, 'symbol' | 'timeframe' | 'history'> {
  symbols?: string | null;
  timeframes?: string | null;
  limit?: number | null;
}

export type SignalsConfig =
  { ok: true; targets: FeedTarget[]; pollInterval: number; limit: number } | { ok: false; problem: string };

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 500;

/** The rows shown for `limit`: the default when unset, else 1 to MAX_LIMIT. */
export const limitOf = (value: unknown): number =>
  typeof value === 'number' && Number.isFinite(value)
    ? Math.min(MAX_LIMIT, Math.max(1, Math.round(value)))
    : DEFAULT_LIMIT;

/** A list attribute: space or comma separated, each item once. */
const list = (value: string | null | undefined) => [...new Set(value?.split(/[\s,]+/).filter(Boolean))];

/**
 * @example readSignalsConfig({ symbols: 'BTCUSDT ETHUSDT', timeframes: '1h,4h', apiUrl: '/api' }, 'https://example.com/')
 * // { ok: true, targets: [BTCUSDT 1h, BTCUSDT 4h, ETHUSDT 1h, ETHUSDT 4h], pollInterval: 15000, limit: 20 }
 */
export function readSignalsConfig(attrs: SignalsAttributes, baseUrl: string): SignalsConfig {
  const symbols = list(attrs.symbols);
  const timeframes = list(attrs.timeframes);
  if (!symbols.length || !timeframes.length)
    return { ok: false, problem: 'symbols and timeframes are required' };
  const targets: FeedTarget[] = [];
  let pollInterval = 0;
  for (const symbol of symbols) {
    for (const timeframe of timeframes) {
      const config = readConfig({ ...attrs, symbol, timeframe }, baseUrl);
      if (!config.ok) return config;
      targets.push(config.target);
      pollInterval = config.pollInterval;
    }
  }
  return { ok: true, targets, pollInterval, limit: limitOf(attrs.limit) };
}
