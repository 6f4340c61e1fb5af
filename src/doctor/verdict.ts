/**
 * The summary: what the widget will do against this backend, as its own mode rules decide, and
 * the exit code that says it.
 */
import { CHECK_IDS, type CheckId, type CheckResult } from './check.js';
import { DEFAULTS as WIDGET_DEFAULTS } from '../feed/target.js';
import { deriveMode } from '../feed/mode.js';
import { formatMs } from './check.js';
import type { DoctorOptions } from './options.js';
import type { Transport } from './socket-pool.js';

/** The widget's mode once the outcome is known; `connecting` is never where it stays. */
export type VerdictMode = 'live' | 'polling' | 'offline';

/** 0: live. 1: degraded (polling, or live with something it needs failing). 2: unusable (offline). */
export type ExitCode = 0 | 1 | 2;

/**
 * @example { mode: 'polling', degraded: true, exitCode: 1, summary: 'polling: ...', failed: ['handshake', 'websocket'], warned: [] }
 */
export interface Verdict {
  mode: VerdictMode;
  /** Anything short of live over WebSocket with everything it needs working. */
  degraded: boolean;
  exitCode: ExitCode;
  /** What the widget will do, in one sentence. */
  summary: string;
  /** Which transport carries a live widget: WebSocket, or long-polling when the WebSocket cannot pass. */
  transport?: Transport;
  /** What is wrong, named in a few words, when a check named it: `a Socket.IO 2 server (Engine.IO 3)`. */
  cause?: string;
  /** The checks that failed, in report order. */
  failed: CheckId[];
  /** The checks that warned, in report order. */
  warned: CheckId[];
}

/** The checks the socket needs to become live, over whichever transport. */
const SOCKET_NEEDS: readonly CheckId[] = ['ws-dns-tcp', 'websocket', 'namespace', 'subscribe'];
/** What a live widget still needs: valid updates, and REST for its first data and history when it has an api-url. */
const LIVE_NEEDS: readonly CheckId[] = ['regime', 'api-dns-tcp', 'rest-regime', 'rest-history'];
const REST_NEEDS: readonly CheckId[] = ['api-dns-tcp', 'rest-regime', 'rest-history'];

/** `a`, `a and b`, `a, b and c`. */
function listed(ids: readonly string[]): string {
  return ids.length < 2 ? ids.join('') : `${ids.slice(0, -1).join(', ')} and ${ids.at(-1)}`;
}

/** What the widget does in each mode, and whether it works as it should. */
function judged(
  verdict: Pick<Verdict, 'mode' | 'degraded' | 'summary' | 'transport' | 'cause'>,
  checks: readonly CheckResult[],
): Verdict {
  const { mode, degraded, transport, cause } = verdict;
  return {
    mode,
    degraded,
    exitCode: mode === 'offline' ? 2 : degraded ? 1 : 0,
    summary: verdict.summary,
    ...(transport && { transport }),
    ...(cause && { cause }),
    failed: checks.filter((c) => c.status === 'fail').map((c) => c.id),
    warned: checks.filter((c) => c.status === 'warn').map((c) => c.id),
  };
}

export function verdictOf(checks: readonly CheckResult[], options: DoctorOptions): Verdict {
  const byId = new Map(checks.map((check) => [check.id, check]));
  const works = (id: CheckId) => ['pass', 'warn'].includes(byId.get(id)?.status ?? 'skip');
  const transport = byId.get('websocket')?.data?.transport as Transport | null | undefined;
  // A WebSocket that cannot pass still carries the widget when long-polling does.
  const carries = (id: CheckId) => works(id) || (id === 'websocket' && transport === 'polling');
  const socketBreaks = SOCKET_NEEDS.find((id) => !carries(id));
  const rest =
    options.api === undefined ? 'none' : works('api-dns-tcp') && works('rest-regime') ? 'ok' : 'failing';
  const key = `${options.symbol} ${options.timeframe}`;
  // The widget's own rule, once both have answered and the socket's grace period is over.
  const mode = deriveMode(socketBreaks ? 'down' : 'live', rest, true) as VerdictMode;
  const named = (ids: readonly CheckId[]) => ids.map((id) => byId.get(id)?.cause).find(Boolean);

  if (mode === 'live') {
    const needs =
      options.api === undefined ? LIVE_NEEDS.filter((id) => !REST_NEEDS.includes(id)) : LIVE_NEEDS;
    const missing = needs.filter((id) => !works(id));
    const overPolling = transport === 'polling';
    const cause =
      named(overPolling ? ['websocket'] : missing) ??
      named(CHECK_IDS.filter((id) => byId.get(id)?.status === 'warn'));
    const namespace = byId.get('namespace')?.status === 'warn' ? '/ (after its fallback)' : options.namespace;
    const how = overPolling
      ? `the WebSocket cannot pass (${byId.get('websocket')?.cause ?? 'see websocket'}), so the widget connects over long-polling to ${namespace} and shows ● Live; every update costs an HTTP request and comes later, and several backend nodes need sticky sessions`
      : `the widget connects over WebSocket to ${namespace} and gets ${key} as it changes`;
    const noRest =
      options.api === undefined
        ? 'no --api (no api-url): no first data from REST, no history, and nothing to fall back to if the socket drops'
        : undefined;
    const consequences = [
      missing.includes('regime') ? `it shows ● Live but no valid ${key} update arrives over the socket` : '',
      missing.some((id) => id !== 'regime')
        ? 'REST gives it no first data or history, and nothing to fall back to if the socket drops'
        : '',
    ].filter(Boolean);
    // A cause the transport's sentence does not already give: a warning's, or what the failure came from.
    const causeText =
      cause && !overPolling ? ` ${missing.length === 0 ? 'Warning' : 'Cause'}: ${cause}.` : '';
    const summary =
      missing.length === 0
        ? `${overPolling ? 'live over long-polling, degraded' : 'live'}: ${how}; ${noRest ?? 'REST gives its first data and history'}.${causeText}`
        : `live${overPolling ? ' over long-polling' : ''}, degraded: ${how}; but ${listed(missing)} did not work, so ${consequences.join('; ')}.${causeText}`;
    return judged(
      {
        mode,
        degraded: overPolling || missing.length > 0,
        summary,
        transport: transport ?? 'websocket',
        ...(cause && { cause }),
      },
      checks,
    );
  }
  const cause =
    named([socketBreaks as CheckId]) ?? named(CHECK_IDS.filter((id) => byId.get(id)?.status === 'fail'));
  const socketWhy = cause ?? `the socket fails at ${socketBreaks}`;
  if (mode === 'polling') {
    return judged(
      {
        mode,
        degraded: true,
        summary: `polling: ${socketWhy}, so the widget shows ○ API and refreshes over REST every ${formatMs(WIDGET_DEFAULTS.pollInterval)} (its poll-interval).`,
        ...(cause && { cause }),
      },
      checks,
    );
  }
  const restWhy =
    options.api === undefined
      ? 'there is no api-url (no --api) to fall back to'
      : `REST fails at ${works('api-dns-tcp') ? 'rest-regime' : 'api-dns-tcp'}`;
  return judged(
    {
      mode,
      degraded: true,
      summary: `offline: ${socketWhy} and ${restWhy}, so the widget shows × and no data.`,
      ...(cause && { cause }),
    },
    checks,
  );
}
