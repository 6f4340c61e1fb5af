/**
 * Asked before a key is served to a client, REST or socket. The served backend serves what was
 * ingested and needs none; the demo market creates keys on demand through it.
 */
import type { SubscriptionKey } from '../../src/contract/index.js';

/** Why a key is not served: unknown to the source, no room for another key, or this client made too many. */
export type KeyRefusal = { code: 'not_found' | 'capacity' | 'too_many_keys'; message: string };

export type KeyOpened = { ok: true } | ({ ok: false } & KeyRefusal);

/**
 * @example const opened = await opener.open({ symbol: 'BTCUSDT', timeframe: '1h' }, req.ip);
 */
export interface KeyOpener {
  /** `client` names who asks (an address), for the bound on what one client may create. */
  open(key: SubscriptionKey, client: string): Promise<KeyOpened>;
}

/** The HTTP status of a refusal. */
export const REFUSAL_STATUS: Record<KeyRefusal['code'], number> = {
  not_found: 404,
  capacity: 503,
  too_many_keys: 429,
};
