/**
 * The doctor's two outputs: human lines (one per check, with its fix below a failure or warning,
 * then the verdict), or one JSON document for CI.
 */
import { styleText } from 'node:util';
import type { CheckResult, CheckStatus } from './check.js';
import { formatMs } from './check.js';
import type { DoctorReport } from './doctor.js';
import type { DoctorOptions } from './options.js';
import { printable } from './untrusted.js';

/** The JSON document `--json` prints. */
export interface DoctorDocument {
  tool: 'regime-widget doctor';
  version: string;
  options: Omit<DoctorOptions, 'origin' | 'api'> & { origin: string | null; api: string | null };
  checks: CheckResult[];
  verdict: DoctorReport['verdict'];
  durationMs: number;
}

export function toDocument(report: DoctorReport, options: DoctorOptions, version: string): DoctorDocument {
  return {
    tool: 'regime-widget doctor',
    version,
    options: { ...options, origin: options.origin ?? null, api: options.api ?? null },
    checks: report.checks,
    verdict: report.verdict,
    durationMs: report.durationMs,
  };
}

type Paint = (style: Parameters<typeof styleText>[0], text: string) => string;

const TAGS: Record<CheckStatus, { tag: string; style: Parameters<typeof styleText>[0] }> = {
  pass: { tag: 'PASS', style: 'green' },
  warn: { tag: 'WARN', style: 'yellow' },
  fail: { tag: 'FAIL', style: 'red' },
  skip: { tag: 'SKIP', style: 'gray' },
};

const ID_WIDTH = 12;
const INDENT = ' '.repeat(4 + 2 + ID_WIDTH + 2);

/** Colours for a terminal that wants them; plain text otherwise (pipes, files, NO_COLOR). */
export function painter(stream: { isTTY?: boolean }): Paint {
  const colour = Boolean(stream.isTTY) && !process.env.NO_COLOR;
  return colour ? (style, text) => styleText(style, text) : (_style, text) => text;
}

/** The lines before the checks: what is being checked. */
export function headerLines(options: DoctorOptions, version: string): string[] {
  const namespace = `${options.namespace}${options.namespaceExplicit ? '' : ' (default: / if refused)'}`;
  return [
    `regime-widget doctor ${version}`,
    `  ws      ${options.ws}  path ${options.path}  namespace ${namespace}`,
    `  api     ${options.api ?? 'none (no --api: a socket-only widget, without api-url)'}`,
    `  origin  ${options.origin ?? "none (pass --origin to check the page's origin)"}`,
    `  key     ${options.symbol} ${options.timeframe}  timeout ${formatMs(options.timeoutMs)} per check`,
    '',
  ].map(printable);
}

/**
 * One line per check, and its fix on the next line when it has one.
 * @example checkLines(check) // ['FAIL  websocket     websocket error (...)', '                    fix: ...']
 */
export function checkLines(check: CheckResult, paint: Paint = (_s, t) => t): string[] {
  const { tag, style } = TAGS[check.status];
  // Evidence and fixes quote what servers sent: printable before the colours go in.
  const lines = [`${paint(style, tag)}  ${check.id.padEnd(ID_WIDTH)}  ${printable(check.evidence)}`];
  if (check.fix && check.status !== 'pass') lines.push(`${INDENT}fix: ${printable(check.fix)}`);
  if (check.config && check.status !== 'pass') {
    const width = Math.max(...Object.keys(check.config).map((server) => server.length));
    for (const [server, line] of Object.entries(check.config)) {
      lines.push(`${INDENT}     ${server.padEnd(width)}  ${printable(line)}`);
    }
  }
  return lines;
}

export function verdictLines(report: DoctorReport, paint: Paint = (_s, t) => t): string[] {
  const { verdict } = report;
  const style = verdict.exitCode === 0 ? 'green' : verdict.exitCode === 1 ? 'yellow' : 'red';
  return ['', `${paint(style, 'verdict')}  ${printable(verdict.summary)} (exit ${verdict.exitCode})`];
}
