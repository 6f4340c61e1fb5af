/**
 * The demo market as a source like any other: it creates keys when clients ask for them (bounded per
 * client, evicting keys nobody watches when full) and, on its clock, feeds the watched keys' new
 * candles through ingest, the path an integrator's own source takes. A new key's backfilled history
 * is ingested without being sent live.
 */
import { readFileSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import type { Logger } from 'pino';
import { routeKey, type SubscriptionKey } from '../../../src/contract/index.js';
import type { Ingest } from '../ingest.js';
import type { KeyOpened, KeyOpener } from '../key-opener.js';
import type { RegimeStore } from '../store/store.js';
import { parseCandlesCsv } from './csv.js';
import { KeyBudget } from './key-budget.js';
import { Market, type MarketOptions } from './market.js';
import { randomWalks, replays, type SourceFactory } from './sources.js';
import { symbolProfile } from './symbols.js';

export interface DemoMarketOptions {
  /** The demo clock: ms between two candles of every watched key. Default 5000. */
  tickMs?: number;
  /** A CSV of candles to replay instead of the random walk. */
  candlesFile?: string;
  /** Seed of the random walk. Default: a random one, logged so that a run can be repeated. */
  seed?: number;
  /** Keys held at most (default 256). */
  maxKeys?: number;
  /** New keys one client address may create per minute (default 64). */
  keysPerClient?: number;
}

export interface DemoMarketParts {
  /** Where a new key's candles come from: `candleSources(options, log)`. */
  sourceFor: SourceFactory;
  ingest: Ingest;
  store: RegimeStore;
  /** The keys somebody subscribes to, on any node. */
  watchedKeys: () => Promise<Set<string>>;
  log: Logger;
  now?: () => number;
}

const OPENED: KeyOpened = { ok: true };

/**
 * @example const market = new DemoMarket({ tickMs: 5000 }, { ingest, store, watchedKeys, log });
 * await market.open({ symbol: 'BTCUSDT', timeframe: '1h' }, '127.0.0.1'); await market.tick();
 */
export class DemoMarket implements KeyOpener {
  #market: Market;
  #budget: KeyBudget;
  #parts: DemoMarketParts;
  /** Keys being created: their backfill is on its way to the store. */
  #creating = new Map<string, Promise<KeyOpened>>();

  constructor(options: DemoMarketOptions, parts: DemoMarketParts) {
    this.#parts = parts;
    const marketOptions: MarketOptions = {
      sourceFor: parts.sourceFor,
      stepMs: options.tickMs ?? 5000,
    };
    if (parts.now) marketOptions.now = parts.now;
    if (options.maxKeys !== undefined) marketOptions.maxKeys = options.maxKeys;
    this.#market = new Market(marketOptions);
    this.#budget = new KeyBudget(options.keysPerClient, parts.now);
  }

  async open(key: SubscriptionKey, client: string): Promise<KeyOpened> {
    const creating = this.#creating.get(routeKey(key));
    if (creating) return creating;
    if (this.#market.has(key)) {
      this.#market.touch(key);
      return OPENED;
    }
    if (!symbolProfile(key.symbol))
      return { ok: false, code: 'not_found', message: `unknown symbol ${key.symbol}` };
    if (!this.#budget.take(client)) {
      return {
        ok: false,
        code: 'too_many_keys',
        message: 'too many new keys from this client; try again in a minute',
      };
    }
    return this.#create(key);
  }

  /**
   * One tick of the demo clock: the watched keys, those asked for in the last minute, and `pinned`
   * (created if need be) take a candle each, ingested as one batch.
   */
  async tick(pinned: readonly SubscriptionKey[] = []): Promise<void> {
    for (const key of pinned)
      if (!this.#market.has(key)) await (this.#creating.get(routeKey(key)) ?? this.#create(key));
    const isWatched = await this.#isWatched();
    const updates = this.#market.tick(isWatched, new Set(pinned.map(routeKey)));
    if (updates.length > 0) await this.#parts.ingest.accept(updates);
  }

  #create(key: SubscriptionKey): Promise<KeyOpened> {
    const id = routeKey(key);
    const creating = (async (): Promise<KeyOpened> => {
      const isWatched = await this.#isWatched();
      const created = this.#market.create(key, (candidate) => !isWatched(candidate));
      if (!created.ok) return created;
      if (created.evicted) {
        this.#parts.log.debug({ evicted: routeKey(created.evicted), for: id }, 'demo market evicted a key');
        await this.#parts.store.forget(created.evicted).catch(() => undefined);
      }
      await this.#parts.ingest.accept(created.backfill, { live: false });
      return OPENED;
    })().finally(() => this.#creating.delete(id));
    this.#creating.set(id, creating);
    return creating;
  }

  /** Whether a key is watched; when the other nodes cannot be asked, every key is (none is evicted). */
  async #isWatched(): Promise<(routeKey: string) => boolean> {
    try {
      const watched = await this.#parts.watchedKeys();
      return (id) => watched.has(id);
    } catch (error) {
      this.#parts.log.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'watched keys unknown',
      );
      return () => true;
    }
  }
}

/** The random walk, or the replay of `candlesFile` (read and checked now, so a bad file fails the start). */
export function candleSources(options: DemoMarketOptions, log: Logger): SourceFactory {
  if (options.candlesFile) {
    const candles = parseCandlesCsv(readFileSync(options.candlesFile, 'utf8'));
    log.info({ file: options.candlesFile, candles: candles.length }, 'replaying candles');
    return replays(candles);
  }
  const seed = options.seed ?? randomInt(2 ** 31);
  log.info({ seed }, 'random-walk market');
  return randomWalks(seed);
}
