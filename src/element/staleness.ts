/**
 * When the shown data is old enough to say so. Live data is stale after two of its timeframes
 * without news (a market that stopped), polled data after three poll intervals without a good
 * answer, offline data always.
 */
import type { Mode } from '../contract/types.js';
import { timeframeMs } from '../contract/validate.js';

export const MIN_LIVE_STALE_MS = 60_000;

export function staleAfterMs(mode: Mode, timeframe: string, pollInterval: number): number {
  if (mode === 'offline') return 0;
  if (mode === 'live') return Math.max(MIN_LIVE_STALE_MS, 2 * (timeframeMs(timeframe) ?? 0));
  return 3 * pollInterval;
}

/** The age of the shown data when it is stale, else `null`. */
export function staleAge(
  mode: Mode,
  lastConfirmedAt: number | null,
  now: number,
  timeframe: string,
  pollInterval: number,
): number | null {
  if (lastConfirmedAt === null) return null;
  const age = Math.max(0, now - lastConfirmedAt);
  return mode === 'offline' || age > staleAfterMs(mode, timeframe, pollInterval) ? age : null;
}
