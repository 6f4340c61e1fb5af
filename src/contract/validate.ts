/**
 * Runtime checks of every payload that crosses the network, in one place. Each check returns the
 * payload as a typed value, or a reason that says what did not fit; it never throws.
 */
import type {
  AlertSeverity,
  RegimeAlert,
  RegimeHistory,
  RegimePoint,
  RegimeUpdate,
  SubscriptionKey,
} from './types.js';

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Longest strings accepted; symbols and timeframes are bounded by their patterns below. */
export const LIMITS = {
  regime: 32,
  message: 500,
  /** ISO strings longer than this are not timestamps. */
  timestamp: 40,
} as const;

/**
 * How far ahead of the reader's clock a timestamp may be (clock skew). Beyond it a reading is a clock
 * error or epoch micro- or nanoseconds, and accepting it would make every later real reading "not newer".
 */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** Symbols are letters, digits and `._-:/` (BTCUSDT, BTC-USD, ES:CME). */
export const SYMBOL_PATTERN = /^[A-Za-z0-9._:/-]{1,32}$/;
/** Timeframes are a count and a unit: 1m, 15m, 1h, 4h, 1d, 1w, 1M. */
export const TIMEFRAME_PATTERN = /^[1-9][0-9]{0,3}[smhdwM]$/;

const SEVERITIES: readonly AlertSeverity[] = ['info', 'warning', 'critical'];

type Rec = Record<string, unknown>;

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const fail = <T>(reason: string): Checked<T> => ({ ok: false, reason });

function isRecord(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(obj: Rec, field: string, max: number): string | undefined {
  const value = obj[field];
  // A label of spaces or zero-width (format) characters alone would show as nothing.
  if (typeof value !== 'string' || /^[\s\p{Cf}]*$/u.test(value) || value.length > max) return undefined;
  return value;
}

/** Epoch ms of a contract timestamp, or `undefined` when it is not one. */
export function timestampMs(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0 && value <= 8.64e15 ? value : undefined;
  }
  if (typeof value !== 'string' || value.length < 10 || value.length > LIMITS.timestamp) return undefined;
  // ISO 8601 only: Date.parse also takes loose formats such as "1 2 3".
  const iso = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
    value,
  );
  if (!iso) return undefined;
  // Date.parse rolls a day the month does not have over (2024-02-30 is 1 March): not a timestamp.
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(Number(iso[1]), Number(iso[2]), 0);
  if (Number(iso[3]) > lastDay.getUTCDate()) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Why a timestamp is not one the widget may accept at `now`, or undefined when it is. */
function timestampFault(value: unknown, now: number): string | undefined {
  const ms = timestampMs(value);
  if (ms === undefined) return 'timestamp must be epoch ms or ISO 8601';
  if (ms > now + MAX_CLOCK_SKEW_MS) return 'timestamp is more than 5 minutes in the future';
  return undefined;
}

function finiteIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
}

/** Checks the `{ symbol, timeframe }` of a subscription or a REST query. */
export function checkKey(input: unknown): Checked<SubscriptionKey> {
  if (!isRecord(input)) return fail('not an object');
  const { symbol, timeframe } = input;
  if (typeof symbol !== 'string' || !SYMBOL_PATTERN.test(symbol)) return fail('symbol is not a symbol');
  if (typeof timeframe !== 'string' || !TIMEFRAME_PATTERN.test(timeframe)) {
    return fail('timeframe is not a timeframe');
  }
  return ok({ symbol, timeframe });
}

/**
 * Checks a history point: regime, adx, atrPct, timestamp (not beyond `now` + MAX_CLOCK_SKEW_MS).
 * @example checkPoint({ regime: 'range', adx: 18, atrPct: 0.01, timestamp: Date.now() }).ok // true
 */
export function checkPoint(input: unknown, now = Date.now()): Checked<RegimePoint> {
  if (!isRecord(input)) return fail('not an object');
  const regime = text(input, 'regime', LIMITS.regime);
  if (regime === undefined) return fail(`regime must be a string of 1 to ${LIMITS.regime} characters`);
  if (!finiteIn(input.adx, 0, 100)) return fail('adx must be a number from 0 to 100');
  if (!finiteIn(input.atrPct, 0, Number.MAX_VALUE)) return fail('atrPct must be a finite number >= 0');
  const timeFault = timestampFault(input.timestamp, now);
  if (timeFault) return fail(timeFault);
  return ok({
    regime,
    adx: input.adx,
    atrPct: input.atrPct,
    timestamp: input.timestamp as RegimePoint['timestamp'],
  });
}

/** Checks a `RegimeUpdate` from REST or the socket, at the reader's clock `now`. */
export function checkUpdate(input: unknown, now = Date.now()): Checked<RegimeUpdate> {
  const key = checkKey(input);
  if (!key.ok) return key;
  const point = checkPoint(input, now);
  if (!point.ok) return point;
  return ok({ ...key.value, ...point.value });
}

/**
 * Checks the answer of `GET /regime/history`; a single bad point rejects the whole answer. Points
 * beyond the newest `limit` (the number asked for) are cut before they are checked.
 */
export function checkHistory(input: unknown, limit = Infinity, now = Date.now()): Checked<RegimeHistory> {
  const key = checkKey(input);
  if (!key.ok) return key;
  const points = (input as Rec).points;
  if (!Array.isArray(points)) return fail('points must be an array');
  const checked: RegimePoint[] = [];
  for (let i = Math.max(0, points.length - limit); i < points.length; i++) {
    const point = checkPoint(points[i], now);
    if (!point.ok) return fail(`points[${i}]: ${point.reason}`);
    checked.push(point.value);
  }
  return ok({ ...key.value, points: checked });
}

/** Checks a `RegimeAlert` from the socket, at the reader's clock `now`. */
export function checkAlert(input: unknown, now = Date.now()): Checked<RegimeAlert> {
  const key = checkKey(input);
  if (!key.ok) return key;
  const obj = input as Rec;
  const to = text(obj, 'to', LIMITS.regime);
  if (to === undefined) return fail(`to must be a string of 1 to ${LIMITS.regime} characters`);
  const alert: RegimeAlert = { ...key.value, to, timestamp: obj.timestamp as RegimeAlert['timestamp'] };
  const timeFault = timestampFault(obj.timestamp, now);
  if (timeFault) return fail(timeFault);
  if (obj.from !== undefined) {
    const from = text(obj, 'from', LIMITS.regime);
    if (from === undefined) return fail(`from must be a string of 1 to ${LIMITS.regime} characters`);
    alert.from = from;
  }
  if (obj.message !== undefined) {
    if (typeof obj.message !== 'string' || obj.message.length > LIMITS.message) {
      return fail(`message must be a string of at most ${LIMITS.message} characters`);
    }
    alert.message = obj.message;
  }
  if (obj.severity !== undefined) {
    if (!SEVERITIES.includes(obj.severity as AlertSeverity)) {
      return fail('severity must be info, warning or critical');
    }
    alert.severity = obj.severity as AlertSeverity;
  }
  return ok(alert);
}

/** The key under which updates for a symbol and timeframe are routed: `BTCUSDT|1h`. */
export function routeKey(key: SubscriptionKey): string {
  return `${key.symbol}|${key.timeframe}`;
}

/** Milliseconds in a timeframe such as `15m` or `4h`; `undefined` for a unit it does not know. */
export function timeframeMs(timeframe: string): number | undefined {
  const match = /^(\d+)([smhdwM])$/.exec(timeframe);
  if (!match) return undefined;
  const unit = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3, M: 30 * 86400e3 }[
    match[2] as 's' | 'm' | 'h' | 'd' | 'w' | 'M'
  ];
  return Number(match[1]) * unit;
}
