/**
 * The served backend: REST under `/api`, ingest, and Socket.IO on one port, its state in a store:
 * in memory for one node, in Redis (with Socket.IO's Redis adapter) for any number of nodes. The demo
 * market, the fault switches and the demo page are parts it runs only when asked.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Socket as NetSocket } from 'node:net';
import { createAdapter } from '@socket.io/redis-adapter';
import cors from 'cors';
import express from 'express';
import { pino, type Logger } from 'pino';
import type { ServerOptions as SocketIoOptions } from 'socket.io';
import type { SubscriptionKey } from '../../src/contract/index.js';
import { burster, type Burst } from './burst.js';
import { DEV_ORIGINS, OriginAllowList, ownOrigins, urlHost } from './cors.js';
import { FaultState } from './fault-state.js';
import type { Faults } from './faults.js';
import { apiErrors, apiNotFound } from './http/errors.js';
import { faultRoutes } from './http/fault-routes.js';
import { ingestRoutes } from './http/ingest-routes.js';
import { regimeRoutes } from './http/regime-routes.js';
import { restFaults } from './http/rest-faults.js';
import { servePage, type PageOptions } from './http/static-files.js';
import { Hub } from './hub.js';
import { Ingest } from './ingest.js';
import { candleSources, DemoMarket, type DemoMarketOptions } from './market/demo-market.js';
import { closeClient, redisClient } from './redis/clients.js';
import { MemoryStore } from './store/memory.js';
import { RedisStore } from './store/redis.js';
import type { RegimeStore } from './store/store.js';

export interface BackendOptions {
  /** Port to listen on; 0 picks a free one. Default 4202. */
  port?: number;
  /** Address to listen on. Default 127.0.0.1. */
  host?: string;
  /** Browser origins allowed besides the server's own. Default: the local development origins. */
  corsOrigins?: string[];
  /** pino level: `info` by default, `silent` in tests. */
  logLevel?: string;
  /** The shared state and fan-out of several nodes. Without it: one node, state in memory. */
  redisUrl?: string;
  /** The bearer token of `POST /api/ingest`; without one, ingest answers 401. */
  ingestToken?: string;
  /** The demo market as a source (keys on demand, its own clock). */
  demoMarket?: DemoMarketOptions;
  /** The fault switches under `/api/_faults`. */
  faults?: boolean;
  /** The demo page at `/` and the built widget. */
  page?: PageOptions;
  /** The protocol on the root namespace `/` as well as `/signals`. */
  rootNamespace?: boolean;
}

/** The fault switches of a running server, the same state as `/api/_faults`. */
export interface FaultControl {
  get(): Faults;
  set(patch: Partial<Faults>): void;
  reset(): void;
}

/** The demo market of a running server. */
export interface MarketControl {
  /** Advances every wanted key one candle now and ingests them, as the demo clock does. */
  tick(): Promise<void>;
  /** Tests and the benchmark only: synthetic updates at a set rate, through ingest (see burst.ts). */
  burst: Burst;
}

/** A running node. */
export interface Backend {
  /** `http://host:port`, without a trailing slash. */
  url: string;
  port: number;
  store: RegimeStore;
  /** The ingest path in-process: what `POST /api/ingest` does after the token check. */
  ingest: Ingest;
  faults?: FaultControl;
  market?: MarketControl;
  /** Stops the clock, disconnects the sockets, closes the port and the store. */
  close(): Promise<void>;
}

export const DEFAULTS = { port: 4202, host: '127.0.0.1', tickMs: 5000, logLevel: 'info' } as const;

/** How long a node waits for Redis at start before it starts anyway, saying the store is down. */
const REDIS_START_WAIT_MS = 5000;

/** Under the broadcast fault these keys tick even with nobody asking, so there is always something to send. */
const BROADCAST_KEYS: readonly SubscriptionKey[] = [
  { symbol: 'BTCUSDT', timeframe: '1h' },
  { symbol: 'ETHUSDT', timeframe: '1h' },
];

/**
 * Starts a node and resolves once it listens.
 * @example const node = await startBackend({ port: 0, redisUrl: 'redis://127.0.0.1:6379', ingestToken });
 * await fetch(`${node.url}/api/ingest`, { method: 'POST', headers: { authorization: `Bearer ${ingestToken}` }, ... });
 * await node.close();
 */
export async function startBackend(options: BackendOptions = {}): Promise<Backend> {
  const host = options.host ?? DEFAULTS.host;
  const tickMs = options.demoMarket?.tickMs ?? DEFAULTS.tickMs;
  if (!Number.isInteger(tickMs) || tickMs < 1) {
    throw new Error(`tickMs must be a whole number >= 1, not ${tickMs}`);
  }
  const log = pino({ name: 'regime-widget-server', level: options.logLevel ?? DEFAULTS.logLevel });
  const startedAt = Date.now();
  const allowList = new OriginAllowList(options.corsOrigins ?? DEV_ORIGINS);
  const faults = options.faults ? new FaultState() : undefined;
  faults?.onChange((now) => log.info({ faults: now }, 'faults changed'));
  const closing = new AbortController();
  // First, so that a bad candles file fails the start before anything is opened.
  const sourceFor = options.demoMarket && candleSources(options.demoMarket, log);

  const shared = options.redisUrl ? connectRedis(options.redisUrl, log) : undefined;
  const store = shared?.store ?? new MemoryStore();
  if (!options.ingestToken) log.warn('no INGEST_TOKEN: POST /api/ingest answers 401');

  const app = express();
  const httpServer = createServer(app);
  // The hub and the market need each other (publish, watched keys); the hub learns the opener late.
  let market: DemoMarket | undefined;
  const hub = new Hub({
    httpServer,
    allowList,
    store,
    log,
    adapter: shared?.adapter,
    faults,
    rootNamespace: options.rootNamespace,
    opener: { open: (key, client) => market?.open(key, client) ?? Promise.resolve({ ok: true }) },
  });
  // After the hub: its namespaces' adapters subscribe as they are made.
  await shared?.ready();
  const ingest = new Ingest(store, hub, log);
  if (options.demoMarket && sourceFor) {
    market = new DemoMarket(options.demoMarket, {
      sourceFor,
      ingest,
      store,
      watchedKeys: () => hub.watchedKeys(),
      log,
    });
  }

  app.disable('x-powered-by');
  app.use(requestLog(log));
  app.use(cors({ origin: (origin, callback) => callback(null, allowList.allows(origin)) }));
  app.use(
    '/api',
    ...(faults ? [faultRoutes(faults, allowList), restFaults(faults, closing.signal)] : []),
    ingestRoutes(ingest, options.ingestToken),
    regimeRoutes({
      store,
      opener: market,
      faults,
      startedAt,
      clients: () => hub.clients,
      subscriptions: () => hub.subscriptions(),
    }),
    apiNotFound,
    apiErrors(log),
  );
  if (options.page) app.use(servePage(options.page, log));

  const tick = async (): Promise<void> => {
    await market?.tick(faults?.get().broadcast ? BROADCAST_KEYS : []);
  };
  const connections = trackConnections(httpServer);
  let port: number;
  try {
    port = await listen(httpServer, options.port ?? DEFAULTS.port, host);
  } catch (error) {
    await hub.close();
    await shared?.close();
    throw error;
  }
  const clock = market ? clockOf(tick, tickMs, log) : undefined;
  allowList.add(ownOrigins(host, port));
  const url = `http://${urlHost(host === '0.0.0.0' || host === '::' ? 'localhost' : host)}:${port}`;
  log.info(
    {
      url,
      store: store.kind,
      demoMarket: Boolean(market),
      faults: Boolean(faults),
      origins: allowList.list(),
    },
    'listening',
  );

  return {
    url,
    port,
    store,
    ingest,
    faults: faults && {
      get: () => faults.get(),
      set: (patch) => faults.set(patch),
      reset: () => faults.reset(),
    },
    market: market && {
      tick,
      burst: burster((update) => void ingest.accept(update), closing.signal),
    },
    close: once(async () => {
      clock?.stop();
      closing.abort();
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      const hubClosed = hub.close();
      // Keep-alive, long-polling and upgraded connections would hold the port open; cut, they make
      // clients see a transport close and retry, as after any server restart.
      for (const connection of connections) connection.destroy();
      await Promise.all([hubClosed, closed]);
      await (shared?.close() ?? store.close());
      log.info('closed');
    }),
  };
}

/** The store and the adapter of a node on Redis; the log says when Redis is lost and when it is back. */
function connectRedis(url: string, log: Logger) {
  const store = new RedisStore(redisClient(url, 'store', log));
  const pub = redisClient(url, 'publish', log);
  const sub = redisClient(url, 'subscribe', log);
  let lost = false;
  store.onState((state, reason) => {
    if (state === 'down')
      log.warn({ reason }, 'redis lost: REST, ingest and subscribe answer 503 until it is back');
    else log.info(lost ? 'redis is back' : 'connected to redis');
    lost ||= state === 'down';
  });
  const adapter: SocketIoOptions['adapter'] = createAdapter(pub, sub, { requestsTimeout: 2000 });
  return {
    store,
    adapter,
    /**
     * Resolves once the store answers and the adapter's subscriptions are made (a PING answered after
     * them), or after REDIS_START_WAIT_MS: the node then starts with the store down.
     */
    ready: async (): Promise<void> => {
      const subscribed = Promise.race([sub.ping(), sleep(REDIS_START_WAIT_MS)]);
      const [state] = await Promise.all([store.connected(REDIS_START_WAIT_MS), subscribed]);
      if (state === 'down') {
        log.warn({ url: redactedUrl(url) }, 'redis does not answer yet: starting with the store down');
      }
    },
    close: async () => {
      await Promise.all([store.close(), closeClient(pub), closeClient(sub)]);
    },
  };
}

/** A Redis URL without its password, for the log. */
function redactedUrl(url: string): string {
  if (!URL.canParse(url)) return '(unparsable)';
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** Runs `tick` every `ms`; a tick still running when the next is due makes it skip. */
function clockOf(tick: () => Promise<void>, ms: number, log: Logger): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    tick()
      .catch((error: unknown) => log.warn({ err: error }, 'demo market tick failed'))
      .finally(() => (running = false));
  }, ms);
  return { stop: () => clearInterval(timer) };
}

function requestLog(log: Logger): express.RequestHandler {
  return (req, res, next) => {
    const start = performance.now();
    res.on('finish', () => {
      const ms = Math.round(performance.now() - start);
      log.debug({ method: req.method, url: req.originalUrl, status: res.statusCode, ms }, 'request');
    });
    next();
  };
}

/** Every open TCP connection, so close() can end them. */
function trackConnections(server: HttpServer): Set<NetSocket> {
  const connections = new Set<NetSocket>();
  server.on('connection', (connection) => {
    connections.add(connection);
    connection.on('close', () => connections.delete(connection));
  });
  return connections;
}

/** `fn` runs on the first call; later calls get the same promise. */
function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}

function listen(server: HttpServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
