/**
 * Check 4: the namespace connects. A refused namespace (`Invalid namespace`) is followed the way the
 * widget follows it: to `/` when the namespace was not set explicitly. A middleware's refusal is
 * shown with its own message.
 */
import type { Manager, Socket } from 'socket.io-client';
import {
  formatSocketError,
  INVALID_NAMESPACE,
  socketErrorInfo,
  type SocketErrorInfo,
} from '../../feed/socket-errors.js';
import { bounded, formatMs, result, TimeoutError, type CheckResult } from '../check.js';
import type { DoctorOptions } from '../options.js';
import { connectSocket, type SocketPool } from '../socket-pool.js';

type Connection = { ok: true; socket: Socket; ms: number } | { ok: false; error: SocketErrorInfo };

async function join(
  pool: SocketPool,
  manager: Manager,
  namespace: string,
  timeoutMs: number,
): Promise<Connection> {
  const started = performance.now();
  const socket = pool.socket(manager, namespace);
  try {
    await bounded(timeoutMs, () => connectSocket(socket));
    return { ok: true, socket, ms: Math.round(performance.now() - started) };
  } catch (error) {
    socket.disconnect();
    if (error instanceof TimeoutError) {
      return {
        ok: false,
        error: { message: `no answer to CONNECT within ${formatMs(timeoutMs)}`, kind: 'timeout' },
      };
    }
    return { ok: false, error: socketErrorInfo(error) };
  }
}

/** What the protocol checks run on: the socket, and the namespace it is connected to. */
export interface NamespaceOutcome {
  check: CheckResult;
  socket?: Socket;
  namespace?: string;
}

/**
 * @example const { check, socket } = await checkNamespace(options, pool, manager);
 * // check.evidence: '/signals connected in 2 ms'
 */
export async function checkNamespace(
  options: DoctorOptions,
  pool: SocketPool,
  manager: Manager,
): Promise<NamespaceOutcome> {
  const started = performance.now();
  const ns = options.namespace;
  const first = await join(pool, manager, ns, options.timeoutMs);
  if (first.ok) {
    return {
      socket: first.socket,
      namespace: ns,
      check: result('namespace', started, {
        status: 'pass',
        evidence: `${ns} connected in ${first.ms} ms`,
        data: { namespace: ns, ms: first.ms },
      }),
    };
  }
  const error = first.error;
  if (error.message !== INVALID_NAMESPACE) {
    const middleware = error.kind === 'refused';
    return {
      check: result('namespace', started, {
        status: 'fail',
        evidence: middleware
          ? `${ns} refused by the server's middleware: "${formatSocketError(error)}"`
          : `${ns} did not connect: ${formatSocketError(error)}`,
        fix: middleware
          ? `A middleware on ${ns} (io.of('${ns}').use) refuses the widget with "${error.message}": the widget sends no auth payload or token, so let such clients read public signals.`
          : `Make the server answer the CONNECT of ${ns}: ${formatSocketError(error)}.`,
        data: { namespace: ns, error },
      }),
    };
  }
  if (ns === '/') {
    return {
      check: result('namespace', started, {
        status: 'fail',
        evidence: `/ refused: ${INVALID_NAMESPACE}`,
        fix: 'Serve the namespace the widget asks for (io.of(name)), and set ws-namespace to it.',
        data: { namespace: ns, error },
      }),
    };
  }
  const root = await join(pool, manager, '/', options.timeoutMs);
  const rootText = root.ok
    ? `/ connects (${root.ms} ms)`
    : `/ does not either (${formatSocketError(root.error)})`;
  const data = { namespace: ns, error, root: root.ok ? 'connected' : root.error };
  if (!root.ok) {
    return {
      check: result('namespace', started, {
        status: 'fail',
        evidence: `${ns} refused: ${INVALID_NAMESPACE}; ${rootText}`,
        fix: `Serve the ${ns} namespace on the server (io.of('${ns}')), or set ws-namespace to the one it serves.`,
        data,
      }),
    };
  }
  if (options.namespaceExplicit) {
    return {
      socket: root.socket,
      namespace: '/',
      check: result('namespace', started, {
        status: 'fail',
        evidence: `${ns} refused: ${INVALID_NAMESPACE}; ${rootText}, but a widget given ws-namespace="${ns}" does not fall back to it`,
        fix: `Set ws-namespace="/" on the widget, or serve ${ns} on the server (io.of('${ns}')).`,
        data,
      }),
    };
  }
  return {
    socket: root.socket,
    namespace: '/',
    check: result('namespace', started, {
      status: 'warn',
      evidence: `${ns} refused: ${INVALID_NAMESPACE}; ${rootText}, and the widget (no ws-namespace set) falls back to it`,
      fix: `Set ws-namespace="/" on the widget to spare it a refused ${ns} at every connection, or serve ${ns} on the server.`,
      data,
    }),
  };
}
