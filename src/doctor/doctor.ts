/**
 * One doctor run: the checks in order, each skipped with its reason when one it depends on failed.
 * The socket checks run one after another (each needs the last); the REST checks run beside them.
 */
import { CHECK_IDS, skipped, type CheckId, type CheckResult } from './check.js';
import { checkDnsTcp } from './checks/dns-tcp.js';
import { checkHandshake } from './checks/engine-handshake.js';
import { checkNamespace } from './checks/namespace.js';
import { checkProtocol } from './checks/protocol.js';
import { checkRest, REST_CHECK_IDS } from './checks/rest.js';
import { checkWebSocket } from './checks/websocket.js';
import type { DoctorOptions } from './options.js';
import { SocketPool } from './socket-pool.js';
import { verdictOf, type Verdict } from './verdict.js';

export interface DoctorReport {
  checks: CheckResult[];
  verdict: Verdict;
  durationMs: number;
}

export interface RunHooks {
  /** Called with each result as soon as it and every check before it are known, in report order. */
  onCheck?(check: CheckResult): void;
}

/** Skips the socket checks after `failed`, each with the reason. */
const skipSocketAfter = (failed: CheckId, reason: string): CheckResult[] =>
  CHECK_IDS.slice(CHECK_IDS.indexOf(failed) + 1, CHECK_IDS.indexOf('other-keys') + 1).map((id) =>
    skipped(id, reason),
  );

async function socketChecks(options: DoctorOptions, emit: (check: CheckResult) => void): Promise<void> {
  const tcp = await checkDnsTcp('ws-dns-tcp', options.ws, options.timeoutMs);
  emit(tcp);
  if (tcp.status === 'fail') {
    skipSocketAfter('ws-dns-tcp', 'ws-dns-tcp failed: no TCP connection').forEach(emit);
    return;
  }
  const pool = new SocketPool();
  try {
    const handshake = await checkHandshake(options);
    emit(handshake.check);
    const websocket = await checkWebSocket(options, pool, handshake.findings);
    emit(websocket.check);
    if (!websocket.manager) {
      skipSocketAfter('websocket', 'websocket failed: no connection, over WebSocket or long-polling').forEach(
        emit,
      );
      return;
    }
    const namespace = await checkNamespace(options, pool, websocket.manager);
    emit(namespace.check);
    if (!namespace.socket || !namespace.namespace) {
      skipSocketAfter('namespace', `namespace failed: ${options.namespace} did not connect`).forEach(emit);
      return;
    }
    // What came before now is handed over as the protocol check starts listening: nothing falls between.
    const early = pool.earlyEvents(namespace.socket);
    (await checkProtocol(options, namespace.socket, namespace.namespace, early)).forEach(emit);
  } finally {
    pool.close();
  }
}

async function restChecks(options: DoctorOptions): Promise<CheckResult[]> {
  const { api } = options;
  if (api === undefined) {
    const reason = 'no --api: a widget without api-url makes no REST requests';
    return [skipped('api-dns-tcp', reason), ...REST_CHECK_IDS.map((id) => skipped(id, reason))];
  }
  const tcp = await checkDnsTcp('api-dns-tcp', api, options.timeoutMs);
  if (tcp.status === 'fail')
    return [tcp, ...REST_CHECK_IDS.map((id) => skipped(id, 'api-dns-tcp failed: no TCP connection'))];
  return [tcp, ...(await checkRest({ ...options, api }))];
}

/**
 * Runs every check against the backend and says what the widget will do.
 * @example const report = await runDoctor(options, { onCheck: (check) => console.log(check.id, check.status) });
 * process.exitCode = report.verdict.exitCode;
 */
export async function runDoctor(options: DoctorOptions, hooks: RunHooks = {}): Promise<DoctorReport> {
  const started = performance.now();
  const checks: CheckResult[] = [];
  const emit = (check: CheckResult) => {
    checks.push(check);
    hooks.onCheck?.(check);
  };
  const rest = restChecks(options);
  await socketChecks(options, emit);
  (await rest).forEach(emit);
  return { checks, verdict: verdictOf(checks, options), durationMs: Math.round(performance.now() - started) };
}
