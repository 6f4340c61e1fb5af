/**
 * `regime-widget doctor`: the command line. Parses the options with the widget's own rules, runs
 * the checks, prints lines as they come (or one JSON document), and returns the exit code.
 * `bin/regime-widget.js` runs the build of this file.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { version } from '../../package.json';
import { errorText } from './check.js';
import { runDoctor } from './doctor.js';
import {
  DEFAULTS,
  parseDuration,
  parseKey,
  parseNamespace,
  parseOrigin,
  parsePath,
  parseUrl,
  UsageError,
  type DoctorOptions,
} from './options.js';
import { checkLines, headerLines, painter, toDocument, verdictLines } from './report.js';
import { printable, printableJson } from './untrusted.js';

/** The command line is wrong (BSD's EX_USAGE), so nothing was checked. */
export const EXIT_USAGE = 64;
/** The doctor itself broke (EX_SOFTWARE): a bug to report, not a verdict on the backend. */
export const EXIT_INTERNAL = 70;

interface Streams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

/** The command line as commander parses it: the options but for how the timeout and namespace come. */
type DoctorFlags = Omit<DoctorOptions, 'timeoutMs' | 'namespaceExplicit'> & {
  timeout: number;
  json?: boolean;
};

const EXIT_CODES_HELP = `
Exit codes:
  0   live: the widget will connect over WebSocket and everything it needs works
  1   degraded: the widget will poll REST (socket unusable), or is live over long-polling (the
      WebSocket cannot pass), or is live while something it needs fails
  2   unusable: neither the socket nor REST works; the widget will be offline
  ${EXIT_USAGE}  the command line is wrong
  ${EXIT_INTERNAL}  the doctor itself failed

Example:
  regime-widget doctor --ws https://example.com --api https://example.com/api --origin https://shop.example`;

/** A commander parser from one of ours: a UsageError becomes commander's own "invalid argument". */
function arg<T>(parse: (value: string) => T): (value: string) => T {
  return (value) => {
    try {
      return parse(value);
    } catch (error) {
      if (error instanceof UsageError) throw new InvalidArgumentError(error.message);
      throw error;
    }
  };
}

function toOptions(flags: DoctorFlags, command: Command): DoctorOptions {
  const key = parseKey(flags.symbol, flags.timeframe);
  return {
    ws: flags.ws,
    ...(flags.api !== undefined && { api: flags.api }),
    ...(flags.origin !== undefined && { origin: flags.origin }),
    ...key,
    namespace: flags.namespace,
    namespaceExplicit: command.getOptionValueSource('namespace') === 'cli',
    path: flags.path,
    timeoutMs: flags.timeout,
  };
}

async function doctor(options: DoctorOptions, json: boolean, streams: Streams): Promise<number> {
  const write = (lines: string[]) => streams.stdout.write(lines.map((line) => `${line}\n`).join(''));
  const paint = painter(streams.stdout);
  if (!json) write(headerLines(options, version));
  const report = await runDoctor(
    options,
    json ? {} : { onCheck: (check) => write(checkLines(check, paint)) },
  );
  if (json) write([printableJson(JSON.stringify(toDocument(report, options, version), null, 2))]);
  else write(verdictLines(report, paint));
  return report.verdict.exitCode;
}

function program(streams: Streams, run: (code: Promise<number>) => void): Command {
  const root = new Command('regime-widget')
    .description('Tools for the <regime-widget> custom element.')
    .version(version)
    .exitOverride()
    .showHelpAfterError('(add --help for the options)')
    .configureOutput({
      writeOut: (text) => streams.stdout.write(text),
      writeErr: (text) => streams.stderr.write(text),
    });
  root
    .command('doctor')
    .description(
      'Check a backend the way the widget uses it (TCP, Engine.IO handshake, WebSocket, namespace, ' +
        'subscribe and regime, REST and CORS) and say what the widget will do: live, polling or offline.',
    )
    .addOption(
      new Option('--ws <url>', "the widget's ws-url: the Socket.IO server (http, https, ws or wss)")
        .argParser(arg((v) => parseUrl(v, ['http:', 'https:', 'ws:', 'wss:'], '--ws')))
        .makeOptionMandatory(),
    )
    .addOption(
      new Option(
        '--api <url>',
        "the widget's api-url: the REST base that /regime is under; leave it out for a widget without one (socket only)",
      ).argParser(arg((v) => parseUrl(v, ['http:', 'https:'], '--api'))),
    )
    .addOption(
      new Option(
        '--origin <origin>',
        'the origin of the page that embeds the widget, sent as Origin: CORS and allowRequest are checked for it',
      ).argParser(arg(parseOrigin)),
    )
    .addOption(new Option('--symbol <symbol>', 'the symbol to check').default(DEFAULTS.symbol))
    .addOption(new Option('--timeframe <timeframe>', 'the timeframe to check').default(DEFAULTS.timeframe))
    .addOption(
      new Option(
        '--namespace <namespace>',
        "the widget's ws-namespace; when given, it counts as set explicitly: no fallback to / is assumed",
      )
        .argParser(arg(parseNamespace))
        .default(DEFAULTS.namespace),
    )
    .addOption(
      new Option('--path <path>', "the widget's ws-path").argParser(arg(parsePath)).default(DEFAULTS.path),
    )
    .addOption(
      new Option('--timeout <duration>', 'the longest any one check may take: 10s, 1.5s, 800ms')
        .argParser(arg(parseDuration))
        .default(parseDuration(DEFAULTS.timeout), DEFAULTS.timeout),
    )
    .option('--json', 'print one JSON document (for CI) instead of lines')
    .addHelpText('after', EXIT_CODES_HELP)
    .action((flags: DoctorFlags, command: Command) => {
      run(doctor(toOptions(flags, command), flags.json === true, streams));
    });
  return root;
}

/**
 * Runs the command line and resolves with the exit code; never calls process.exit, so every
 * socket and timer is released before the process ends by itself.
 * @example process.exitCode = await main(process.argv);
 */
export async function main(argv: readonly string[], streams: Streams = process): Promise<number> {
  let running: Promise<number> | undefined;
  // A pipe closed early (`| head`) ends the output, not the process with a stack trace.
  streams.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  try {
    await program(streams, (code) => (running = code)).parseAsync([...argv]);
    return (await running) ?? 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
    if (error instanceof UsageError) {
      streams.stderr.write(`error: ${error.message}\n`);
      return EXIT_USAGE;
    }
    streams.stderr.write(`regime-widget doctor failed: ${printable(errorText(error))}\n`);
    if (error instanceof Error && error.stack) {
      streams.stderr.write(`${error.stack.split('\n').map(printable).join('\n')}\n`);
    }
    return EXIT_INTERNAL;
  }
}
