/**
 * The store shared by every node: a hash per key for the current update, a capped list for its
 * history, a set of the keys. An update is applied by one Lua script, so the comparison with the
 * current one and the alert decision happen inside Redis, once, whichever node asks.
 */
import type { Redis, Result } from 'ioredis';
import { closeClient } from '../redis/clients.js';
import {
  routeKey,
  timestampMs,
  type RegimePoint,
  type RegimeUpdate,
  type SubscriptionKey,
} from '../../../src/contract/index.js';
import {
  HISTORY_CAP,
  pointOf,
  StoreUnavailableError,
  type Applied,
  type RegimeStore,
  type StoreState,
} from './store.js';

/**
 * KEYS: current hash, history list, key set. ARGV: epoch ms, label, update JSON, point JSON, history
 * cap, route key. Answers `{0}` (stale), `{1}` (current) or `{1, previous label}` (current, changed).
 */
const APPLY_LUA = `
local ms = tonumber(ARGV[1])
local last = redis.call('HGET', KEYS[1], 'ms')
if last and tonumber(last) >= ms then return {0} end
local previous = redis.call('HGET', KEYS[1], 'regime')
redis.call('HSET', KEYS[1], 'ms', ARGV[1], 'regime', ARGV[2], 'update', ARGV[3])
redis.call('RPUSH', KEYS[2], ARGV[4])
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[5]), -1)
redis.call('SADD', KEYS[3], ARGV[6])
if previous and previous ~= ARGV[2] then return {1, previous} end
return {1}
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    regimeApply(
      current: string,
      history: string,
      keys: string,
      ms: string,
      regime: string,
      update: string,
      point: string,
      cap: number,
      id: string,
    ): Result<[0] | [1] | [1, string], Context>;
  }
}

export interface RedisStoreOptions {
  /** Prefix of every key, so that several deployments can share one Redis. Default `regime:`. */
  prefix?: string;
}

/**
 * @example const store = new RedisStore(redisClient(url, 'store', log)); await store.connected(5000);
 */
export class RedisStore implements RegimeStore {
  readonly kind = 'redis';
  #client: Redis;
  #prefix: string;
  #state: StoreState;
  #lastError = 'connection closed';
  #listeners = new Set<(state: StoreState, reason?: string) => void>();

  constructor(client: Redis, options: RedisStoreOptions = {}) {
    this.#client = client;
    this.#prefix = options.prefix ?? 'regime:';
    this.#state = client.status === 'ready' ? 'up' : 'down';
    client.defineCommand('regimeApply', { numberOfKeys: 3, lua: APPLY_LUA });
    client.on('ready', () => this.#set('up'));
    client.on('error', (error: Error) => (this.#lastError = error.message || String(error)));
    client.on('close', () => this.#set('down', this.#lastError));
  }

  get state(): StoreState {
    return this.#state;
  }

  /** Resolves once Redis answers, or after `ms` (the node then starts with the store down). */
  connected(ms: number): Promise<StoreState> {
    if (this.#state === 'up') return Promise.resolve('up');
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        stop();
        resolve(this.#state);
      }, ms);
      const stop = this.onState((state) => {
        if (state !== 'up') return;
        clearTimeout(timer);
        stop();
        resolve('up');
      });
    });
  }

  async apply(update: RegimeUpdate): Promise<Applied> {
    const id = routeKey(update);
    const ms = timestampMs(update.timestamp) ?? Number.NaN;
    const answer = await this.#run(() =>
      this.#client.regimeApply(
        this.#key(id, 'current'),
        this.#key(id, 'history'),
        `${this.#prefix}keys`,
        String(ms),
        update.regime,
        JSON.stringify(update),
        JSON.stringify(pointOf(update)),
        HISTORY_CAP,
        id,
      ),
    );
    if (answer[0] === 0) return { outcome: 'stale' };
    return answer.length === 2 ? { outcome: 'current', changedFrom: answer[1] } : { outcome: 'current' };
  }

  async current(key: SubscriptionKey): Promise<RegimeUpdate | undefined> {
    const json = await this.#run(() => this.#client.hget(this.#key(routeKey(key), 'current'), 'update'));
    return json === null ? undefined : (JSON.parse(json) as RegimeUpdate);
  }

  async history(key: SubscriptionKey, limit: number): Promise<RegimePoint[]> {
    const count = Math.min(limit, HISTORY_CAP);
    const list = await this.#run(() => this.#client.lrange(this.#key(routeKey(key), 'history'), -count, -1));
    return list.map((json) => JSON.parse(json) as RegimePoint);
  }

  size(): Promise<number> {
    return this.#run(() => this.#client.scard(`${this.#prefix}keys`));
  }

  async forget(key: SubscriptionKey): Promise<void> {
    const id = routeKey(key);
    await this.#run(() =>
      this.#client
        .multi()
        .del(this.#key(id, 'current'), this.#key(id, 'history'))
        .srem(`${this.#prefix}keys`, id)
        .exec(),
    );
  }

  onState(listener: (state: StoreState, reason?: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    await closeClient(this.#client);
  }

  /** `regime:BTCUSDT|1h:current`. */
  #key(id: string, part: 'current' | 'history'): string {
    return `${this.#prefix}${id}:${part}`;
  }

  /** Runs a command; a refusal for want of a connection becomes StoreUnavailableError. */
  async #run<T>(command: () => Promise<T>): Promise<T> {
    if (this.#state === 'down') throw new StoreUnavailableError(this.#lastError);
    try {
      return await command();
    } catch (error) {
      if (this.#client.status !== 'ready') throw new StoreUnavailableError(this.#lastError);
      throw error;
    }
  }

  #set(state: StoreState, reason?: string): void {
    if (state === this.#state) return;
    this.#state = state;
    for (const listener of this.#listeners) listener(state, reason);
  }
}
