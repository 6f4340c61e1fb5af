/**
 * How many new keys one client may have the demo market create: so many per minute per client
 * address, the minute counted from the client's first new key, so that one page (or a foreign page's
 * `<img>` requests) cannot churn the market for everybody.
 */

/** New keys per client per minute. */
export const KEYS_PER_CLIENT_PER_MINUTE = 64;
const MINUTE_MS = 60_000;
/** Clients tracked before those whose minute is over are dropped. */
const MAX_TRACKED_CLIENTS = 10_000;

/**
 * @example const budget = new KeyBudget(); if (!budget.take(req.ip)) answer429();
 */
export class KeyBudget {
  #perMinute: number;
  #now: () => number;
  #spent = new Map<string, { count: number; since: number }>();

  constructor(perMinute = KEYS_PER_CLIENT_PER_MINUTE, now: () => number = Date.now) {
    this.#perMinute = perMinute;
    this.#now = now;
  }

  /** Takes one key from `client`'s budget; `false` when it is spent for this minute. */
  take(client: string): boolean {
    const now = this.#now();
    let spent = this.#spent.get(client);
    if (!spent || now - spent.since >= MINUTE_MS) {
      if (this.#spent.size >= MAX_TRACKED_CLIENTS) this.#dropPast(now);
      spent = { count: 0, since: now };
      this.#spent.set(client, spent);
    }
    if (spent.count >= this.#perMinute) return false;
    spent.count++;
    return true;
  }

  #dropPast(now: number): void {
    for (const [client, spent] of this.#spent) if (now - spent.since >= MINUTE_MS) this.#spent.delete(client);
  }
}
