/**
 * Where the served backend keeps what it knows, behind one interface (socket.io's adapters are the
 * model): per key, the current update and a bounded history, and what a new update decides. The
 * memory store serves one node; the Redis store lets any number of nodes share one state.
 */
import type { RegimePoint, RegimeUpdate, SubscriptionKey } from '../../../src/contract/index.js';

/** Points kept per key: the most `GET /regime/history` answers. */
export const HISTORY_CAP = 1000;

/**
 * What applying an update decided, once for every node:
 * - `current`: it was newer than the key's current one and took its place (and joined the history);
 *   `changedFrom` is the previous label when the label changed, which is when an alert goes out.
 * - `stale`: it was not newer; nothing changed.
 */
export type Applied = { outcome: 'current'; changedFrom?: string } | { outcome: 'stale' };

/** Whether the store answers now. */
export type StoreState = 'up' | 'down';

/** Thrown by a store that cannot be reached; the routes answer 503. */
export class StoreUnavailableError extends Error {
  constructor(reason: string) {
    super(`the store is unreachable: ${reason}`);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * @example const applied = await store.apply(update);
 * if (applied.outcome === 'current' && applied.changedFrom) sendAlert(applied.changedFrom, update.regime);
 */
export interface RegimeStore {
  readonly kind: 'memory' | 'redis';
  readonly state: StoreState;
  /**
   * Makes a valid update the key's current one if it is newer (by `timestamp`), atomically: two nodes
   * applying updates of one key at once get one `current` each at most per timestamp, and one
   * `changedFrom` per change of label.
   */
  apply(update: RegimeUpdate): Promise<Applied>;
  /** The key's current update, or `undefined` when nothing was ever applied to it. */
  current(key: SubscriptionKey): Promise<RegimeUpdate | undefined>;
  /** The key's last `limit` points (at most HISTORY_CAP), oldest first. */
  history(key: SubscriptionKey, limit: number): Promise<RegimePoint[]>;
  /** How many keys hold an update. */
  size(): Promise<number>;
  /** Drops a key and its history (the demo market evicts keys nobody watches). */
  forget(key: SubscriptionKey): Promise<void>;
  /** Calls `listener` on every change of `state`, with the reason of a loss; returns the unsubscribe. */
  onState(listener: (state: StoreState, reason?: string) => void): () => void;
  close(): Promise<void>;
}

/** A history point: the update without its key. */
export function pointOf(update: RegimeUpdate): RegimePoint {
  return { regime: update.regime, adx: update.adx, atrPct: update.atrPct, timestamp: update.timestamp };
}
