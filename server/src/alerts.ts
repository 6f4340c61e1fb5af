/**
 * The alert sent when a key's label changes.
 */
import type { AlertSeverity, RegimeAlert, SubscriptionKey, Timestamp } from '../../src/contract/index.js';

/** `trend_up` reads as "trend up". */
export function regimeWords(regime: string): string {
  return regime.replaceAll('_', ' ');
}

/** Turning volatile or reversing a trend outright deserves more attention than the rest. */
export function alertSeverity(from: string, to: string): AlertSeverity {
  const reversal = from.startsWith('trend_') && to.startsWith('trend_');
  return to === 'volatile' || reversal ? 'warning' : 'info';
}

/**
 * @example regimeAlert({ symbol: 'BTCUSDT', timeframe: '1h' }, 'range', 'trend_up', 1764331200000).message
 * // 'BTCUSDT 1h: range → trend up'
 */
export function regimeAlert(
  key: SubscriptionKey,
  from: string,
  to: string,
  timestamp: Timestamp,
): RegimeAlert {
  return {
    symbol: key.symbol,
    timeframe: key.timeframe,
    from,
    to,
    severity: alertSeverity(from, to),
    message: `${key.symbol} ${key.timeframe}: ${regimeWords(from)} → ${regimeWords(to)}`,
    timestamp,
  };
}
