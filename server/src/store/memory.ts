/**
 * The store of one node: everything in this process, gone when it stops. The default, as socket.io's
 * in-memory adapter is.
 */
import {
  routeKey,
  timestampMs,
  type RegimePoint,
  type RegimeUpdate,
  type SubscriptionKey,
} from '../../../src/contract/index.js';
import { HISTORY_CAP, pointOf, type Applied, type RegimeStore } from './store.js';

interface Entry {
  current: RegimeUpdate;
  /** `current.timestamp` in epoch ms. */
  ms: number;
  points: RegimePoint[];
}

/**
 * @example const store = new MemoryStore(); await store.apply(update); await store.current(update);
 */
export class MemoryStore implements RegimeStore {
  readonly kind = 'memory';
  readonly state = 'up';
  #entries = new Map<string, Entry>();

  async apply(update: RegimeUpdate): Promise<Applied> {
    const id = routeKey(update);
    const ms = timestampMs(update.timestamp) ?? Number.NaN;
    const entry = this.#entries.get(id);
    if (!entry) {
      this.#entries.set(id, { current: update, ms, points: [pointOf(update)] });
      return { outcome: 'current' };
    }
    if (!(ms > entry.ms)) return { outcome: 'stale' };
    const previous = entry.current.regime;
    entry.current = update;
    entry.ms = ms;
    entry.points.push(pointOf(update));
    if (entry.points.length > HISTORY_CAP) entry.points.shift();
    return previous === update.regime
      ? { outcome: 'current' }
      : { outcome: 'current', changedFrom: previous };
  }

  async current(key: SubscriptionKey): Promise<RegimeUpdate | undefined> {
    return this.#entries.get(routeKey(key))?.current;
  }

  async history(key: SubscriptionKey, limit: number): Promise<RegimePoint[]> {
    return this.#entries.get(routeKey(key))?.points.slice(-Math.min(limit, HISTORY_CAP)) ?? [];
  }

  async size(): Promise<number> {
    return this.#entries.size;
  }

  async forget(key: SubscriptionKey): Promise<void> {
    this.#entries.delete(routeKey(key));
  }

  /** Memory is always there: nothing to report. */
  onState(): () => void {
    return () => {};
  }

  async close(): Promise<void> {
    this.#entries.clear();
  }
}
