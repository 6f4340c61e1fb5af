/**
 * The summary: what the widget will do against this backend, as its own mode rules decide
 * (src/feed/mode.ts), and the exit code that says it.
 */
import type { CheckId, CheckResult } from './check.js';
import { DEFAULTS as WIDGET_DEFAULTS } from '../element/config.js';
import { deriveMode } from '../feed/mode.js';
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

/** What the widget does in each mode, and whether it works as it should. */
function judged(
  mode: VerdictMode,
  degraded: boolean,
  summary: string,
  checks: readonly CheckResult[],
): Verdict {
  return {
    mode,
    degraded,
    exitCode: mode === 'offline' ? 2 : degraded ? 1 : 0,
    summary,
    failed: checks.filter((c) => c.status === 'fail').map((c) => c.id),
    warned: checks.filter((c) => c.status === 'warn').map((c) => c.id),
  };
}

export function verdictOf(checks: readonly CheckResult[], options: DoctorOptions): Verdict {
  const byId = new Map(checks.map((check) => [check.id, check]));
  const works = (id: CheckId) => ['pass', 'warn'].includes(byId.get(id)?.status ?? 'skip');
  const socketBreaks = SOCKET_NEEDS.find((id) => !works(id));
  const restWorks = works('api-dns-tcp') && works('rest-regime');
  const key = `${options.symbol} ${options.timeframe}`;
  // The widget's own rule, once both have answered and the socket's grace period is over.
  const mode = deriveMode(socketBreaks ? 'down' : 'live', restWorks ? 'ok' : 'failing', true) as VerdictMode;

  if (mode === 'live') {
    const missing = LIVE_NEEDS.filter((id) => !works(id));
    const namespace = byId.get('namespace')?.status === 'warn' ? '/ (after its fallback)' : options.namespace;
    if (missing.length === 0) {
      return judged(
        mode,
        false,
        `live: the widget connects over WebSocket to ${namespace} and gets ${key} as it changes; REST gives its first data and history.`,
        checks,
      );
    }
    const consequences = [
      missing.includes('regime') ? `it shows ● Live but no valid ${key} update arrives over the socket` : '',
      missing.some((id) => id !== 'regime')
        ? 'REST gives it no first data or history, and nothing to fall back to if the socket drops'
        : '',
    ].filter(Boolean);
    return judged(
      mode,
      true,
      `live, degraded: the socket works, but ${listed(missing)} did not work, so ${consequences.join('; ')}.`,
      checks,
    );
  }
  const socketWhy = `the socket fails at ${socketBreaks}`;
  if (mode === 'polling') {
    return judged(
      mode,
      true,
      `polling: ${socketWhy}, so the widget shows ○ API and refreshes over REST every ${formatMs(WIDGET_DEFAULTS.pollInterval)} (its poll-interval).`,
      checks,
    );
  }
  const restBreaks = works('api-dns-tcp') ? 'rest-regime' : 'api-dns-tcp';
  return judged(
    mode,
    true,
    `offline: ${socketWhy} and REST at ${restBreaks}, so the widget shows × and no data.`,
    checks,
  );
}
