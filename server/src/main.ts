/**
 * `npm start`: the reference server from the command line. Every option falls back to an environment
 * variable, then to its default; `--help` lists them.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULTS, startServer } from './app.js';
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

interface CliOptions {
  port: number;
  host: string;
  tickMs: number;
  candles?: string;
  seed?: number;
  corsOrigins?: string[];
  logLevel: string;
}

const options = new Command()
  .name('regime-widget-demo')
  .description('The reference server of <regime-widget>: demo page, REST API and Socket.IO on one port.')
  .addOption(
    new Option('--port <port>', 'port to listen on')
      .env('PORT')
      .argParser(wholeNumber(0))
      .default(DEFAULTS.port),
  )
  .addOption(new Option('--host <host>', 'address to listen on').env('HOST').default(DEFAULTS.host))
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
  .addOption(
    new Option('--cors-origins <list>', "comma-separated browser origins allowed besides the server's own")
      .env('CORS_ORIGINS')
      .argParser(origins),
  )
  .addOption(new Option('--log-level <level>', 'pino log level').env('LOG_LEVEL').default(DEFAULTS.logLevel))
  .parse()
  .opts<CliOptions>();

try {
  const server = await startServer({
    port: options.port,
    host: options.host,
    tickMs: options.tickMs,
    candlesFile: options.candles,
    seed: options.seed,
    corsOrigins: options.corsOrigins,
    logLevel: options.logLevel,
  });
  console.log(`regime-widget demo: ${server.url}/`);
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
    `regime-widget demo could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
