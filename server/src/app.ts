/**
 * The reference server: the demo page, the REST API under `/api` and Socket.IO on one port, fed by the
 * synthetic market (or a replayed file) on the demo clock.
 */
import { randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { Socket as NetSocket } from 'node:net';
import { fileURLToPath } from 'node:url';
import cors from 'cors';
import express from 'express';
import { pino, type Logger } from 'pino';
import { burster, type Burst } from './burst.js';
import { DEV_ORIGINS, OriginAllowList, ownOrigins, urlHost } from './cors.js';
import { FaultState } from './fault-state.js';
import type { Faults } from './faults.js';
import { apiErrors, apiNotFound } from './http/errors.js';
import { faultRoutes } from './http/fault-routes.js';
import { regimeRoutes } from './http/regime-routes.js';
import { restFaults } from './http/rest-faults.js';
import { parseCandlesCsv } from './market/csv.js';
import { Market } from './market/market.js';
import { randomWalks, replays, type SourceFactory } from './market/sources.js';
import { Signals } from './signals.js';

export interface ServerOptions {
  /** Port to listen on; 0 picks a free one. Default 4202. */
  port?: number;
  /** Address to listen on. Default 127.0.0.1. */
  host?: string;
  /** Browser origins allowed besides the server's own. Default: the local development origins. */
  corsOrigins?: string[];
  /** The demo clock: ms between two candles of every watched key. Default 5000. */
  tickMs?: number;
  /** A CSV of candles to replay instead of the random walk. */
  candlesFile?: string;
  /** Seed of the random walk. Default: a random one, logged so that a run can be repeated. */
  seed?: number;
  /** pino level: `info` by default, `silent` in tests. */
  logLevel?: string;
  /** Where the demo page is. Default `demo/`. */
  staticDir?: string;
  /** Where the built widget is. Default `dist/`. */
  distDir?: string;
}

/** A running server. */
export interface ReferenceServer {
  /** `http://host:port`, without a trailing slash. */
  url: string;
  port: number;
  /** The faults the server shows; the same state as `/api/_faults`. */
  faults: { get(): Faults; set(patch: Partial<Faults>): void; reset(): void };
  /** Advances every active key one candle now and emits, as the demo clock does. */
  tick(): void;
  /** Tests and the benchmark only: synthetic updates at a set rate (see burst.ts). */
  burst: Burst;
  /** Stops the clock, disconnects the sockets and closes the port. */
  close(): Promise<void>;
}

export const DEFAULTS = { port: 4202, host: '127.0.0.1', tickMs: 5000, logLevel: 'info' } as const;

/** Under the broadcast fault these keys tick even with nobody asking, so there is always something to send. */
const BROADCAST_KEYS = [
  { symbol: 'BTCUSDT', timeframe: '1h' },
  { symbol: 'ETHUSDT', timeframe: '1h' },
];

const DEMO_DIR = fileURLToPath(new URL('../../demo', import.meta.url));
const DIST_DIR = fileURLToPath(new URL('../../dist', import.meta.url));

/**
 * Starts the reference server and resolves once it listens.
 * @example const server = await startServer({ port: 0, logLevel: 'silent' });
 * await fetch(`${server.url}/api/regime?symbol=BTCUSDT&timeframe=1h`);
 * await server.close();
 */
export async function startServer(options: ServerOptions = {}): Promise<ReferenceServer> {
  const host = options.host ?? DEFAULTS.host;
  const tickMs = options.tickMs ?? DEFAULTS.tickMs;
  if (!Number.isInteger(tickMs) || tickMs < 1) {
    throw new Error(`tickMs must be a whole number >= 1, not ${tickMs}`);
  }
  const log = pino({ name: 'regime-widget-demo', level: options.logLevel ?? DEFAULTS.logLevel });
  const startedAt = Date.now();

  const market = new Market({ sourceFor: candleSources(options, log), stepMs: tickMs });
  const faults = new FaultState();
  faults.onChange((now) => log.info({ faults: now }, 'faults changed'));
  const allowList = new OriginAllowList(options.corsOrigins ?? DEV_ORIGINS);
  const closing = new AbortController();

  const app = express();
  const httpServer = createServer(app);
  const signals = new Signals({ httpServer, allowList, faults, market, log });
  app.disable('x-powered-by');
  app.use(requestLog(log));
  app.use(cors({ origin: (origin, callback) => callback(null, allowList.allows(origin)) }));
  app.use(
    '/api',
    faultRoutes(faults),
    restFaults(faults, closing.signal),
    regimeRoutes({
      market,
      faults,
      startedAt,
      clients: () => signals.clients,
      subscriptions: () => signals.subscriptions,
    }),
    apiNotFound,
    apiErrors(log),
  );
  serveFiles(app, options, log);

  const tick = (): void => {
    const pinned = faults.get().broadcast ? BROADCAST_KEYS : [];
    signals.publish(market.tick((key) => signals.isWatched(key), pinned));
  };
  const connections = trackConnections(httpServer);
  let port: number;
  try {
    port = await listen(httpServer, options.port ?? DEFAULTS.port, host);
  } catch (error) {
    await signals.close();
    throw error;
  }
  const clock = setInterval(tick, tickMs);
  allowList.add(ownOrigins(host, port));
  const url = `http://${urlHost(host === '0.0.0.0' || host === '::' ? 'localhost' : host)}:${port}`;
  log.info({ url, tickMs, origins: allowList.list() }, 'listening');

  return {
    url,
    port,
    faults: { get: () => faults.get(), set: (patch) => faults.set(patch), reset: () => faults.reset() },
    tick,
    burst: burster((update) => signals.publish([{ update }]), closing.signal),
    close: once(async () => {
      clearInterval(clock);
      closing.abort();
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      const signalsClosed = signals.close();
      // Keep-alive, long-polling and upgraded connections would hold the port open; cut, they make
      // clients see a transport close and retry, as after any server restart.
      for (const connection of connections) connection.destroy();
      await Promise.all([signalsClosed, closed]);
      log.info('closed');
    }),
  };
}

/** The random walk, or the replay of `candlesFile` (read and checked now, so a bad file fails the start). */
function candleSources(options: ServerOptions, log: Logger): SourceFactory {
  if (options.candlesFile) {
    const candles = parseCandlesCsv(readFileSync(options.candlesFile, 'utf8'));
    log.info({ file: options.candlesFile, candles: candles.length }, 'replaying candles');
    return replays(candles);
  }
  const seed = options.seed ?? randomInt(2 ** 31);
  log.info({ seed }, 'random-walk market');
  return randomWalks(seed);
}

/** `/` and the page's files from staticDir (its top level only: the server's source lives below it), then dist. */
function serveFiles(app: express.Express, options: ServerOptions, log: Logger): void {
  const distDir = options.distDir ?? DIST_DIR;
  if (!existsSync(`${distDir}/regime-widget.js`)) {
    log.warn(
      { distDir },
      'dist/regime-widget.js is missing: run `npm run build` for the demo page to show widgets',
    );
  }
  const page = express.static(options.staticDir ?? DEMO_DIR);
  app.use((req, res, next) => (/^\/[^/]*$/.test(req.path) ? page(req, res, next) : next()));
  app.use(express.static(distDir, { index: false }));
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
