/**
 * The reference server (`npm start`, the tests, the benchmark): the served backend with the demo
 * market as its source, the fault switches on, and the demo page at `/`.
 */
import { fileURLToPath } from 'node:url';
import { startBackend, type Backend, type FaultControl, type MarketControl } from './backend.js';
import type { PageOptions } from './http/static-files.js';

export { DEFAULTS } from './backend.js';

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
  /** Keys the demo market holds at most (default 256). */
  maxKeys?: number;
  /** pino level: `info` by default, `silent` in tests. */
  logLevel?: string;
  /** Where the demo page is. Default `demo/`. */
  staticDir?: string;
  /** Where the built widget is. Default `dist/`. */
  distDir?: string;
  /** Shares state and fan-out with other nodes on this Redis. Default: in memory. */
  redisUrl?: string;
  /** The bearer token of `POST /api/ingest`. Default: none (ingest answers 401). */
  ingestToken?: string;
}

/** A running reference server. */
export interface ReferenceServer extends Omit<Backend, 'faults' | 'market'> {
  /** The faults the server shows; the same state as `/api/_faults`. */
  faults: FaultControl;
  /** Advances every wanted key one candle now and ingests them, as the demo clock does. */
  tick: MarketControl['tick'];
  /** Tests and the benchmark only: synthetic updates at a set rate, through ingest (see burst.ts). */
  burst: MarketControl['burst'];
}

/** The demo page in `demo/` and the widget built into `dist/`. */
export const DEMO_PAGE: PageOptions = {
  staticDir: fileURLToPath(new URL('../../demo', import.meta.url)),
  distDir: fileURLToPath(new URL('../../dist', import.meta.url)),
};

/**
 * Starts the reference server and resolves once it listens.
 * @example const server = await startServer({ port: 0, logLevel: 'silent' });
 * await fetch(`${server.url}/api/regime?symbol=BTCUSDT&timeframe=1h`);
 * await server.close();
 */
export async function startServer(options: ServerOptions = {}): Promise<ReferenceServer> {
  const { tickMs, candlesFile, seed, maxKeys, staticDir, distDir, ...node } = options;
  const backend = await startBackend({
    ...node,
    demoMarket: { tickMs, candlesFile, seed, maxKeys },
    faults: true,
    rootNamespace: true,
    page: { staticDir: staticDir ?? DEMO_PAGE.staticDir, distDir: distDir ?? DEMO_PAGE.distDir },
  });
  const { faults, market } = backend;
  if (!faults || !market) throw new Error('unreachable: the reference server runs the market and the faults');
  return { ...backend, faults, tick: market.tick, burst: market.burst };
}
