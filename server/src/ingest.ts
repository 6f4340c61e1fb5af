/**
 * The one way regimes come in: `POST /api/ingest`, the demo market and the benchmark's bursts all call
 * `Ingest#accept`. A body is checked in full by the contract module before anything of it is stored;
 * then the store applies each update and decides, once for every node, whether it is newer and whether
 * its label changed, and what it decided goes out to the key's subscribers on every node.
 */
import type { Logger } from 'pino';
import { checkUpdate, type Checked, type RegimeAlert, type RegimeUpdate } from '../../src/contract/index.js';
import { regimeAlert } from './alerts.js';
import { StoreUnavailableError, type RegimeStore } from './store/store.js';

/** The most an ingest request body may weigh (`413` above it). */
export const INGEST_LIMIT_BYTES = 1024 * 1024;

/**
 * - `ok`: `accepted` updates became their key's current one; `stale` were not newer and changed nothing.
 * - `invalid`: the body does not fit the contract; nothing of it was stored.
 * - `unavailable`: the store cannot be reached; updates before the failure may be stored, and sending
 *   the body again is safe (what is already stored is not newer, so changes nothing).
 */
export type IngestOutcome =
  | { status: 'ok'; accepted: number; stale: number }
  | { status: 'invalid'; message: string }
  | { status: 'unavailable'; message: string };

/** Where accepted updates and alerts go: the Socket.IO side, to the key's room on every node. */
export interface Publisher {
  publish(update: RegimeUpdate, alert?: RegimeAlert): void;
}

/** Checks an ingest body: one `RegimeUpdate`, or an array of them; every one must fit. */
export function checkIngestBody(body: unknown): Checked<RegimeUpdate[]> {
  const list = Array.isArray(body) ? body : [body];
  const updates: RegimeUpdate[] = [];
  for (const [i, item] of list.entries()) {
    const checked = checkUpdate(item);
    if (!checked.ok) {
      return { ok: false, reason: Array.isArray(body) ? `[${i}]: ${checked.reason}` : checked.reason };
    }
    updates.push(checked.value);
  }
  return { ok: true, value: updates };
}

/**
 * @example const ingest = new Ingest(store, hub, log);
 * await ingest.accept({ symbol: 'BTCUSDT', timeframe: '1h', regime: 'range', adx: 18, atrPct: 0.01, timestamp: Date.now() });
 */
export class Ingest {
  #store: RegimeStore;
  #publisher: Publisher;
  #log: Logger;

  constructor(store: RegimeStore, publisher: Publisher, log: Logger) {
    this.#store = store;
    this.#publisher = publisher;
    this.#log = log;
  }

  /**
   * Checks a body and applies it. With `live: false` the updates are stored but not sent: a source's
   * backfill of history, which no subscriber should receive as news.
   */
  async accept(body: unknown, { live = true }: { live?: boolean } = {}): Promise<IngestOutcome> {
    const checked = checkIngestBody(body);
    if (!checked.ok) return { status: 'invalid', message: checked.reason };
    let accepted = 0;
    try {
      // Started in order, so the store applies a key's updates in the order of the body.
      await Promise.all(
        checked.value.map(async (update) => {
          const applied = await this.#store.apply(update);
          if (applied.outcome === 'stale') return;
          accepted++;
          if (!live) return;
          const { changedFrom } = applied;
          const alert =
            changedFrom === undefined
              ? undefined
              : regimeAlert(update, changedFrom, update.regime, update.timestamp);
          this.#publisher.publish(update, alert);
        }),
      );
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      this.#log.warn({ accepted, of: checked.value.length, err: error.message }, 'ingest cut short');
      return { status: 'unavailable', message: error.message };
    }
    return { status: 'ok', accepted, stale: checked.value.length - accepted };
  }
}
