/**
 * The list of regime changes ("signals") across keys: changes derived from each key's history, and
 * live ones from alerts and from updates whose label changed. One change is one row however many
 * sources report it. Pure: it knows nothing of the DOM, the socket or REST.
 */
import { routeKey, timestampMs } from '../contract/validate.js';
import type { RegimeAlert, RegimePoint, RegimeUpdate, SubscriptionKey } from '../contract/types.js';

/**
 * One change of a key's regime label.
 * @example { symbol: 'BTCUSDT', timeframe: '1h', from: 'range', to: 'trend_up', adx: 25.3, timestamp: 1764331200000, source: 'alert' }
 */
export interface RegimeSignal {
  symbol: string;
  timeframe: string;
  from: string;
  to: string;
  /** ADX at the change; `null` when only an alert (which has none) reported it so far. */
  adx: number | null;
  /** When the change happened, epoch ms. */
  timestamp: number;
  /** What reported it first. */
  source: 'history' | 'update' | 'alert';
}

/** A key's last known label and its time. */
interface Known {
  label: string;
  at: number;
}

/**
 * The changes of history `points` (oldest first), oldest first: one wherever a label differs from
 * the previous point's, however far apart in time the two are.
 * @example changesIn({ symbol: 'BTCUSDT', timeframe: '1h' }, [{ regime: 'range', ... }, { regime: 'trend_up', adx: 25, ... }])
 * // [{ symbol: 'BTCUSDT', timeframe: '1h', from: 'range', to: 'trend_up', adx: 25, timestamp, source: 'history' }]
 */
export function changesIn(key: SubscriptionKey, points: readonly RegimePoint[]): RegimeSignal[] {
  const changes: RegimeSignal[] = [];
  for (let i = 1; i < points.length; i++) {
    const { regime: from } = points[i - 1] as RegimePoint;
    const { regime: to, adx, timestamp } = points[i] as RegimePoint;
    if (from !== to) changes.push(signal(key, from, to, adx, timestampMs(timestamp) ?? 0, 'history'));
  }
  return changes;
}

function signal(
  key: SubscriptionKey,
  from: string,
  to: string,
  adx: number | null,
  timestamp: number,
  source: RegimeSignal['source'],
): RegimeSignal {
  return { symbol: key.symbol, timeframe: key.timeframe, from, to, adx, timestamp, source };
}

/**
 * The newest `limit` signals, newest first.
 * @example
 * const log = new SignalLog(20);
 * log.history(key, points);         // rows from the history's label changes
 * log.update(update);               // a row when its label differs from the key's last one
 * log.alert(alert);                 // the same change again: no second row
 * log.signals;                      // newest first
 */
export class SignalLog {
  readonly #limit: number;
  #rows: RegimeSignal[] = [];
  readonly #known = new Map<string, Known>();

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** The rows, newest first; a new array after every change. */
  get signals(): readonly RegimeSignal[] {
    return this.#rows;
  }

  /**
   * A key's history: it is the truth for its span, so its changes replace the rows of that key in
   * the span (a live row timed by a later update, say) and fill what was missed. Returns nothing:
   * history rows are not live.
   */
  history(key: SubscriptionKey, points: readonly RegimePoint[]): void {
    const last = points.at(-1);
    if (!last) return;
    const first = timestampMs(points[0]?.timestamp) ?? 0;
    const end = timestampMs(last.timestamp) ?? 0;
    const id = routeKey(key);
    const outside = this.#rows.filter(
      (row) => routeKey(row) !== id || row.timestamp < first || row.timestamp > end,
    );
    this.#set([...outside, ...changesIn(key, points)]);
    const known = this.#known.get(id);
    if (!known || end >= known.at) this.#known.set(id, { label: last.regime, at: end });
  }

  /** An accepted update: the new row when its label differs from the key's last known one. */
  update(update: RegimeUpdate): RegimeSignal | undefined {
    return this.#report(update, update.regime, undefined, update.adx, 'update');
  }

  /** An alert: the new row, unless the change is known already (from an update, or an earlier alert). */
  alert(alert: RegimeAlert): RegimeSignal | undefined {
    return this.#report(alert, alert.to, alert.from, null, 'alert');
  }

  #report(
    key: SubscriptionKey & { timestamp: RegimeUpdate['timestamp'] },
    to: string,
    from: string | undefined,
    adx: number | null,
    source: RegimeSignal['source'],
  ): RegimeSignal | undefined {
    const id = routeKey(key);
    const at = timestampMs(key.timestamp) ?? 0;
    const known = this.#known.get(id);
    if (known && at < known.at) return undefined;
    if (known?.label === to) {
      // The change reported again (an alert and its update): it only completes the row.
      const row = this.#rows.find((candidate) => routeKey(candidate) === id);
      if (row?.to === to && row.adx === null && adx !== null) {
        this.#set(this.#rows.map((candidate) => (candidate === row ? { ...row, adx } : candidate)));
      }
      return undefined;
    }
    this.#known.set(id, { label: to, at });
    // The key's first reading says what it is, not that it changed.
    const previous = from ?? known?.label;
    if (previous === undefined) return undefined;
    const row = signal(key, previous, to, adx, at, source);
    this.#set([row, ...this.#rows]);
    return this.#rows.includes(row) ? row : undefined;
  }

  #set(rows: RegimeSignal[]): void {
    this.#rows = rows.sort((a, b) => b.timestamp - a.timestamp).slice(0, this.#limit);
  }
}
