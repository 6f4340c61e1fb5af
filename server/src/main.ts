/**
 * `npm run serve` (the served backend) and `npm start` (the demo: `--demo-market --faults`) from the
 * command line. Every option falls back to an environment variable, then to its default; `--help`
 * lists them. The ingest token comes from `INGEST_TOKEN` only, so it never shows in a process list.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEMO_PAGE } from './app.js';
import { DEFAULTS, startBackend } from './backend.js';
import { parseOrigins } from './cors.js';

/** An argument parser for whole numbers from `min` up. */
function wholeNumber(min: number): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value) || Number(value) < min) {
      throw new InvalidArgumentError(`must be a whole number >= ${min}`);
    }
    return Number(value);
  };
}

function origins(value: string): string[] {
  try {
    return parseOrigins(value);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

function redisUrl(value: string): string {
  if (!URL.canParse(value) || !['redis:', 'rediss:'].includes(new URL(value).protocol)) {
    throw new InvalidArgumentError('must be a redis:// or rediss:// URL');
  }
  return value;
}

interface CliOptions {
  port: number;
  host: string;
  redis?: string;
  corsOrigins?: string[];
  logLevel: string;
  demoMarket?: boolean;
  tickMs: number;
  candles?: string;
  seed?: number;
  faults?: boolean;
}

const program = new Command()
  .name('regime-widget-server')
  .description(
    'The served backend of <regime-widget>: POST /api/ingest, REST and Socket.IO on one port; ' +
      'one node in memory, or any number of nodes on one Redis.',
  )
  .addOption(
    new Option('--port <port>', 'port to listen on')
      .env('PORT')
      .argParser(wholeNumber(0))
      .default(DEFAULTS.port),
  )
  .addOption(new Option('--host <host>', 'address to listen on').env('HOST').default(DEFAULTS.host))
  .addOption(
    new Option('--redis <url>', 'share state and fan-out with the other nodes on this Redis')
      .env('REDIS_URL')
      .argParser(redisUrl),
  )
  .addOption(
    new Option('--cors-origins <list>', "comma-separated browser origins allowed besides the server's own")
      .env('CORS_ORIGINS')
      .argParser(origins),
  )
  .addOption(new Option('--log-level <level>', 'pino log level').env('LOG_LEVEL').default(DEFAULTS.logLevel))
  .addOption(
    new Option('--demo-market', 'run the synthetic market as a source, and serve the demo page at /'),
  )
  .addOption(
    new Option('--tick-ms <ms>', 'the demo clock: ms per candle of every watched key')
      .env('TICK_MS')
      .argParser(wholeNumber(1))
      .default(DEFAULTS.tickMs),
  )
  .addOption(
    new Option('--candles <file>', 'replay a CSV (timestamp,open,high,low,close) instead of the random walk'),
  )
  .addOption(
    new Option('--seed <seed>', 'seed of the random walk, to repeat a run').argParser(wholeNumber(0)),
  )
  .addOption(new Option('--faults', 'the fault switches under /api/_faults (demo and tests only)'))
  .parse();
const options = program.opts<CliOptions>();
if (!options.demoMarket && (options.candles !== undefined || options.seed !== undefined)) {
  program.error('--candles and --seed are options of --demo-market');
}

try {
  const server = await startBackend({
    port: options.port,
    host: options.host,
    redisUrl: options.redis,
    corsOrigins: options.corsOrigins,
    logLevel: options.logLevel,
    ingestToken: process.env.INGEST_TOKEN || undefined,
    demoMarket: options.demoMarket
      ? { tickMs: options.tickMs, candlesFile: options.candles, seed: options.seed }
      : undefined,
    page: options.demoMarket ? DEMO_PAGE : undefined,
    faults: options.faults,
    rootNamespace: options.demoMarket || options.faults,
  });
  console.log(`regime-widget ${options.demoMarket ? 'demo' : 'server'}: ${server.url}/`);
  const stop = (signal: NodeJS.Signals) => {
    console.log(`${signal}: shutting down`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(
    `regime-widget server could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
