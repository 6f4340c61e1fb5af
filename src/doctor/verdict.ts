/**
 * The summary: what the widget will do against this backend, as its own mode rules decide
 * (src/feed/mode.ts), and the exit code that says it.
 */
import type { CheckId, CheckResult } from './check.js';
import { DEFAULTS as WIDGET_DEFAULTS } from '../element/config.js';
import { formatMs } from './check.js';
import type { DoctorOptions } from './options.js';

/** The widget's mode once the outcome is known; `connecting` is never where it stays. */
export type VerdictMode = 'live' | 'polling' | 'offline';

/** 0: live. 1: degraded (polling, or live with something it needs failing). 2: unusable (offline). */
export type ExitCode = 0 | 1 | 2;

/**
 * @example { mode: 'polling', degraded: true, exitCode: 1, summary: 'polling: ...', failed: ['handshake', 'websocket'], warned: [] }
 */
export interface Verdict {
  mode: VerdictMode;
  /** Anything short of live with everything it needs working. */
  degraded: boolean;
  exitCode: ExitCode;
  /** What the widget will do, in one sentence. */
  summary: string;
  /** The checks that failed, in report order. */
  failed: CheckId[];
  /** The checks that warned, in report order. */
  warned: CheckId[];
}

/** The checks the socket needs to become live: the widget uses WebSocket only, so not the handshake. */
const SOCKET_NEEDS: readonly CheckId[] = ['ws-dns-tcp', 'websocket', 'namespace', 'subscribe'];
/** What a live widget still needs: REST for its first data and history, and valid updates. */
const LIVE_NEEDS: readonly CheckId[] = ['regime', 'api-dns-tcp', 'rest-regime', 'rest-history'];

/** `a`, `a and b`, `a, b and c`. */
function listed(ids: readonly string[]): string {
  return ids.length < 2 ? ids.join('') : `${ids.slice(0, -1).join(', ')} and ${ids.at(-1)}`;
}

export function verdictOf(checks: readonly CheckResult[], options: DoctorOptions): Verdict {
  const byId = new Map(checks.map((check) => [check.id, check]));
  const works = (id: CheckId) => ['pass', 'warn'].includes(byId.get(id)?.status ?? 'skip');
  const failed = checks.filter((c) => c.status === 'fail').map((c) => c.id);
  const warned = checks.filter((c) => c.status === 'warn').map((c) => c.id);
  const socketBreaks = SOCKET_NEEDS.find((id) => !works(id));
  const restWorks = works('api-dns-tcp') && works('rest-regime');
  const key = `${options.symbol} ${options.timeframe}`;

  if (!socketBreaks) {
    const missing = LIVE_NEEDS.filter((id) => !works(id));
    const namespace = byId.get('namespace')?.status === 'warn' ? '/ (after its fallback)' : options.namespace;
    if (missing.length === 0) {
      return {
        mode: 'live',
        degraded: false,
        exitCode: 0,
        summary: `live: the widget connects over WebSocket to ${namespace} and gets ${key} as it changes; REST gives its first data and history.`,
        failed,
        warned,
      };
    }
    const consequences = [
      missing.includes('regime') ? `it shows ● Live but no valid ${key} update arrives over the socket` : '',
      missing.some((id) => id !== 'regime')
        ? 'REST gives it no first data or history, and nothing to fall back to if the socket drops'
        : '',
    ].filter(Boolean);
    return {
      mode: 'live',
      degraded: true,
      exitCode: 1,
      summary: `live, degraded: the socket works, but ${listed(missing)} did not work, so ${consequences.join('; ')}.`,
      failed,
      warned,
    };
  }
  const socketWhy = `the socket fails at ${socketBreaks}`;
  if (restWorks) {
    return {
      mode: 'polling',
      degraded: true,
      exitCode: 1,
      summary: `polling: ${socketWhy}, so the widget shows ○ API and refreshes over REST every ${formatMs(WIDGET_DEFAULTS.pollInterval)} (its poll-interval).`,
      failed,
      warned,
    };
  }
  const restBreaks = works('api-dns-tcp') ? 'rest-regime' : 'api-dns-tcp';
  return {
    mode: 'offline',
    degraded: true,
    exitCode: 2,
    summary: `offline: ${socketWhy} and REST at ${restBreaks}, so the widget shows × and no data.`,
    failed,
    warned,
  };
}
