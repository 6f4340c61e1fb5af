/**
 * The payloads of the widget's contract (the README's "Data it accepts"): what REST answers, what the socket
 * emits, and what the element's events carry. The reference server, the doctor command, the widget
 * and the tests all import these from here.
 */

/** The four labels the widget knows by colour; any other label of 1 to 32 characters is shown as text. */
export type KnownRegime = 'trend_up' | 'trend_down' | 'range' | 'volatile';

/** Epoch milliseconds or an ISO 8601 string. */
export type Timestamp = string | number;

/**
 * One regime reading for a symbol and timeframe.
 * @example { symbol: 'BTCUSDT', timeframe: '1h', regime: 'trend_up', adx: 31.4, atrPct: 0.0156, timestamp: 1764331200000 }
 */
export interface RegimeUpdate {
  symbol: string;
  timeframe: string;
  /** `trend_up`, `trend_down`, `range`, `volatile`, or another label of 1 to 32 characters. */
  regime: string;
  /** Average Directional Index, 0 to 100. */
  adx: number;
  /** ATR divided by the close, as a fraction: 0.0156 is 1.56 %. */
  atrPct: number;
  timestamp: Timestamp;
}

/** One point of history: a `RegimeUpdate` without its key. */
export type RegimePoint = Omit<RegimeUpdate, 'symbol' | 'timeframe'>;

/** The answer of `GET /regime/history`: points oldest first. */
export interface RegimeHistory {
  symbol: string;
  timeframe: string;
  points: RegimePoint[];
}

export type AlertSeverity = 'info' | 'warning' | 'critical';

/**
 * A change of regime worth telling the reader about.
 * @example { symbol: 'BTCUSDT', timeframe: '1h', from: 'range', to: 'trend_up', severity: 'info', timestamp: 1764331200000 }
 */
export interface RegimeAlert {
  symbol: string;
  timeframe: string;
  to: string;
  from?: string;
  message?: string;
  severity?: AlertSeverity;
  timestamp: Timestamp;
}

/** The body of every non-2xx REST answer. */
export interface ApiError {
  error: { code: string; message: string };
}

/** What the client sends with `subscribe` and `unsubscribe`. */
export interface SubscriptionKey {
  symbol: string;
  timeframe: string;
}

/** The acknowledgement of `subscribe`. */
export type SubscribeAck = { ok: true } | { ok: false; error: { code: string; message: string } };

/**
 * Which source the widget is using (the README's "Modes").
 * - `connecting`: before the first data and the socket's first outcome
 * - `live`: the socket is connected and subscribed
 * - `polling`: no socket, REST answers
 * - `offline`: neither answers; the last data stays, marked stale
 */
export type Mode = 'connecting' | 'live' | 'polling' | 'offline';

/** `detail` of the `regime-connection` event. */
export interface ConnectionChange {
  mode: Mode;
  previous: Mode;
  reason?: string;
}
