/**
 * The element's attributes, read into one checked configuration: defaults applied, numbers
 * bounded, URLs resolved against the page. Pure, so the rules are tested without a DOM.
 */
import { checkKey } from '../contract/validate.js';
import {
  DEFAULTS,
  socketPath,
  withLeadingSlash,
  withoutTrailingSlashes,
  type FeedTarget,
} from '../feed/target.js';

/** The attributes as Svelte hands them over: strings, numbers, booleans or nothing. */
export interface WidgetAttributes {
  symbol?: string | null;
  timeframe?: string | null;
  apiUrl?: string | null;
  wsUrl?: string | null;
  wsNamespace?: string | null;
  wsPath?: string | null;
  pollInterval?: number | null;
  history?: number | null;
  theme?: string | null;
}

export const MIN_POLL_INTERVAL = 1000;
export const MAX_HISTORY = 1000;

export type WidgetConfig =
  { ok: true; target: FeedTarget; pollInterval: number; history: number } | { ok: false; problem: string };

function absolute(url: string | null | undefined, base: string): string | undefined {
  const trimmed = url?.trim();
  if (!trimmed) return undefined;
  try {
    return withoutTrailingSlashes(new URL(trimmed, base).href);
  } catch {
    return undefined;
  }
}

function bounded(value: number | null | undefined, fallback: number, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.round(value)));
}

/** The poll interval in effect for `poll-interval`: the default when unset, else bounded. */
export const pollIntervalOf = (value: number | null | undefined): number =>
  bounded(value, DEFAULTS.pollInterval, MIN_POLL_INTERVAL, 24 * 3600e3);

/** The history length in effect for `history`: the default when unset, else bounded. */
export const historyOf = (value: number | null | undefined): number =>
  bounded(value, DEFAULTS.history, 2, MAX_HISTORY);

/**
 * @example readConfig({ symbol: 'BTCUSDT', timeframe: '1h', apiUrl: '/api' }, 'https://example.com/page')
 * // { ok: true, target: { symbol: 'BTCUSDT', timeframe: '1h', apiUrl: 'https://example.com/api' }, pollInterval: 15000, history: 120 }
 */
export function readConfig(attrs: WidgetAttributes, baseUrl: string): WidgetConfig {
  const key = checkKey({ symbol: attrs.symbol?.trim(), timeframe: attrs.timeframe?.trim() });
  if (!key.ok) {
    return { ok: false, problem: `symbol and timeframe are required (${key.reason})` };
  }
  const apiUrl = absolute(attrs.apiUrl, baseUrl);
  const wsUrl = absolute(attrs.wsUrl, baseUrl);
  if (!apiUrl && !wsUrl) return { ok: false, problem: 'set api-url, ws-url or both' };
  const namespace = attrs.wsNamespace?.trim();
  const path = socketPath(attrs.wsPath ?? '');
  const target: FeedTarget = {
    ...key.value,
    ...(apiUrl && { apiUrl }),
    ...(wsUrl && {
      socket: {
        url: wsUrl,
        path: path ?? DEFAULTS.wsPath,
        namespace: namespace ? withLeadingSlash(namespace) : DEFAULTS.wsNamespace,
        namespaceExplicit: Boolean(namespace),
      },
    }),
  };
  return {
    ok: true,
    target,
    pollInterval: pollIntervalOf(attrs.pollInterval),
    history: historyOf(attrs.history),
  };
}
