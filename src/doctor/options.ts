/**
 * The doctor's settings, and the parsers that turn the command line into them. Every rule that the
 * widget applies to its attributes (namespace with a leading slash, no trailing slash on URLs) is
 * applied here the same way, so the doctor checks what the widget would use.
 */
import { checkKey } from '../contract/validate.js';
import { DEFAULTS as WIDGET_DEFAULTS, socketPath, withLeadingSlash } from '../feed/target.js';
import { formatMs } from './check.js';

export interface DoctorOptions {
  /** The widget's `ws-url`: the Socket.IO server, without a trailing slash. */
  ws: string;
  /** The widget's `api-url`: the REST base, without a trailing slash; none: a socket-only widget. */
  api?: string;
  /** The origin of the page that embeds the widget, sent as `Origin`; none: not sent. */
  origin?: string;
  symbol: string;
  timeframe: string;
  /** The widget's `ws-namespace`. */
  namespace: string;
  /** The namespace was given on the command line: like an explicit `ws-namespace`, no fallback to `/`. */
  namespaceExplicit: boolean;
  /** The widget's `ws-path`. */
  path: string;
  /** The longest any one check may take, in ms. */
  timeoutMs: number;
}

export const DEFAULTS = {
  symbol: 'BTCUSDT',
  timeframe: '1h',
  namespace: WIDGET_DEFAULTS.wsNamespace,
  path: WIDGET_DEFAULTS.wsPath,
  timeout: '10s',
} as const;

/** The bounds of `--timeout`. */
export const TIMEOUT_RANGE = { min: 100, max: 120_000 } as const;

/** Thrown for a value the command line must not take; the message says what is expected. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * `10s`, `1.5s`, `800ms`, or a bare number of milliseconds, from 100 ms to 120 s.
 * @example parseDuration('10s') // 10000
 */
export function parseDuration(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*$/.exec(value);
  if (!match) throw new UsageError(`"${value}" is not a duration such as 10s or 1500ms`);
  const ms = Math.round(Number(match[1]) * (match[2] === 's' ? 1000 : 1));
  if (ms < TIMEOUT_RANGE.min || ms > TIMEOUT_RANGE.max) {
    const hint = match[2] === undefined ? ` (a bare number is milliseconds: did you mean ${value}s?)` : '';
    const range = `${formatMs(TIMEOUT_RANGE.min)} to ${formatMs(TIMEOUT_RANGE.max)}`;
    throw new UsageError(`the timeout must be from ${range}, not ${value}${hint}`);
  }
  return ms;
}

/** An http(s) or ws(s) URL without its trailing slashes. */
export function parseUrl(value: string, schemes: readonly string[], what: string): string {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || !schemes.includes(url.protocol)) {
    const names = schemes.map((s) => `${s}//`);
    const list = `${names.slice(0, -1).join(', ')}${names.length > 1 ? ' or ' : ''}${names.at(-1)}`;
    throw new UsageError(`${what} must be an absolute ${list} URL, not "${value}"`);
  }
  return url.href.replace(/\/+$/, '');
}

/** A page's origin, as a browser sends it: scheme, host and port, nothing else. */
export function parseOrigin(value: string): string {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  const bare = url && url.pathname === '/' && !url.search && !url.hash && !url.username;
  if (!url || !bare || !['http:', 'https:'].includes(url.protocol)) {
    throw new UsageError(`--origin must be an origin such as https://shop.example, not "${value}"`);
  }
  return url.origin;
}

/** A namespace with its leading slash, as the widget reads `ws-namespace`. */
export function parseNamespace(value: string): string {
  const name = value.trim();
  if (!name) throw new UsageError('--namespace must not be empty');
  return withLeadingSlash(name);
}

/** A path with its leading slash and without a trailing one, as the widget reads `ws-path`. */
export function parsePath(value: string): string {
  const path = socketPath(value);
  if (!path) throw new UsageError('--path must not be empty');
  return path;
}

/** Checks the symbol and timeframe with the contract's own rules. */
export function parseKey(symbol: string, timeframe: string): { symbol: string; timeframe: string } {
  const key = checkKey({ symbol, timeframe });
  if (!key.ok) throw new UsageError(`--symbol ${symbol} --timeframe ${timeframe}: ${key.reason}`);
  return key.value;
}

/** The http(s) URL a ws(s) URL stands for: Socket.IO clients take either. */
export function httpUrl(url: string): URL {
  const parsed = new URL(url);
  if (parsed.protocol === 'ws:') parsed.protocol = 'http:';
  if (parsed.protocol === 'wss:') parsed.protocol = 'https:';
  return parsed;
}
