/**
 * Check 4: the namespace connects. A refusal of any kind is followed the way the widget follows it:
 * to `/`, once, when the namespace was not set explicitly. The refusal is read from what the server
 * sent, which socket.io-client only passes on in part: a namespace that does not exist (Node's
 * `Invalid namespace`, python-socketio's plain string `Unable to connect`) is told from one that a
 * middleware or connect handler refuses (its own message), from an empty refusal, and from a
 * Socket.IO 2 server's answer.
 */
import type { Manager, Socket } from 'socket.io-client';
import { formatSocketError, INVALID_NAMESPACE, socketErrorInfo } from '../../feed/socket-errors.js';
import { bounded, formatMs, result, TimeoutError, type CheckResult } from '../check.js';
import type { DoctorOptions } from '../options.js';
import { connectSocket, type ConnectAnswer, type SocketPool } from '../socket-pool.js';
import { clipped, json, sample } from '../untrusted.js';
import { SOCKET_IO_2 } from './engine-handshake.js';

/** python-socketio's CONNECT_ERROR for a namespace it does not serve: a plain string, not an object. */
export const PYTHON_UNKNOWN_NAMESPACE = 'Unable to connect';

/** Why a namespace did not connect. */
type Refusal =
  /** The server has no such namespace, in its own words. */
  | { kind: 'missing'; words: string; server: 'Node socket.io' | 'python-socketio' }
  /** A middleware or connect handler said no: its message, and its `data` when it sent some. */
  | { kind: 'refused'; message: string; data?: unknown }
  /** A CONNECT_ERROR with no reason in it. */
  | { kind: 'empty' }
  /** A CONNECT answered in Socket.IO 2's format, without a session id. */
  | { kind: 'socket.io-2' }
  /** No answer, or the connection broke: not a refusal. */
  | { kind: 'no-answer'; text: string };

function refusalOf(answer: ConnectAnswer | undefined, error: unknown, timeoutMs: number): Refusal {
  if (error instanceof TimeoutError) {
    return { kind: 'no-answer', text: `no answer to CONNECT within ${formatMs(timeoutMs)}` };
  }
  if (answer?.kind === 'connect') return { kind: 'socket.io-2' };
  if (answer?.kind !== 'error') return { kind: 'no-answer', text: formatSocketError(socketErrorInfo(error)) };
  const { data } = answer;
  if (data === PYTHON_UNKNOWN_NAMESPACE) {
    return { kind: 'missing', words: PYTHON_UNKNOWN_NAMESPACE, server: 'python-socketio' };
  }
  if (typeof data === 'string') return data.trim() ? { kind: 'refused', message: data } : { kind: 'empty' };
  const { message, data: extra } = (typeof data === 'object' && data !== null ? data : {}) as {
    message?: unknown;
    data?: unknown;
  };
  if (message === INVALID_NAMESPACE)
    return { kind: 'missing', words: INVALID_NAMESPACE, server: 'Node socket.io' };
  if (typeof message !== 'string' || !message.trim()) return { kind: 'empty' };
  return { kind: 'refused', message, ...(extra !== undefined && { data: extra }) };
}

/** The refusal in words, for the evidence. */
function said(ns: string, refusal: Refusal): string {
  switch (refusal.kind) {
    case 'missing':
      return `${ns} does not exist on the server (${refusal.server}: "${refusal.words}")`;
    case 'refused': {
      const data = refusal.data !== undefined ? ` with data ${json(refusal.data, 80)}` : '';
      return `${ns} refused by the server's middleware or connect handler: "${clipped(refusal.message)}"${data}`;
    }
    case 'empty':
      return `${ns} refused without a reason (an empty CONNECT_ERROR)`;
    case 'socket.io-2':
      return `${ns} answered in Socket.IO 2's format (a CONNECT without a session id): ${SOCKET_IO_2}, which the widget cannot speak to`;
    case 'no-answer':
      return `${ns} did not connect: ${refusal.text}`;
  }
}

/** The refusal named in a few words, for the verdict. */
function causeOf(ns: string, refusal: Refusal): string | undefined {
  switch (refusal.kind) {
    case 'missing':
      return `no namespace ${ns} on the server`;
    case 'refused':
      return `${ns} refused by the server ("${clipped(refusal.message, 60)}")`;
    case 'empty':
      return `${ns} refused without a reason`;
    case 'socket.io-2':
      return SOCKET_IO_2;
    case 'no-answer':
      return undefined;
  }
}

/** What to change so that the widget gets in on `ns` itself. */
function fixFor(ns: string, refusal: Refusal): string {
  switch (refusal.kind) {
    case 'missing':
      return `Serve the ${ns} namespace on the server (io.of('${ns}') in Node, handlers with namespace='${ns}' in python-socketio), or set ws-namespace to the one it serves.`;
    case 'refused':
    case 'empty':
      return `The server refuses the widget on ${ns} (a middleware, io.of('${ns}').use, or a connect handler that returns False or raises): the widget sends no auth payload or token, so let such clients read public signals.`;
    case 'socket.io-2':
      return 'Upgrade the server to Socket.IO 4 (its allowEIO3 option keeps Socket.IO 2 clients working meanwhile); until then the widget shows ○ API and polls REST.';
    case 'no-answer':
      return `Make the server answer the CONNECT of ${ns}: ${refusal.text}.`;
  }
}

type Connection =
  | { ok: true; socket: Socket; ms: number }
  | { ok: false; refusal: Refusal; error: ReturnType<typeof socketErrorInfo> };

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
    return {
      ok: false,
      refusal: refusalOf(pool.connectAnswer(manager, namespace), error, timeoutMs),
      error: error instanceof TimeoutError ? { message: 'timeout', kind: 'timeout' } : socketErrorInfo(error),
    };
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
  const { refusal } = first;
  const cause = causeOf(ns, refusal);
  const data = { namespace: ns, error: first.error, refusal: sample(refusal) };
  const refused = refusal.kind === 'missing' || refusal.kind === 'refused' || refusal.kind === 'empty';
  if (!refused || ns === '/') {
    return {
      check: result('namespace', started, {
        status: 'fail',
        evidence: said(ns, refusal),
        fix: fixFor(ns, refusal),
        ...(cause && { cause }),
        data,
      }),
    };
  }
  // The widget's own rule: any refusal of the namespace it was not told to use sends it to / once.
  const root = await join(pool, manager, '/', options.timeoutMs);
  const rootText = root.ok ? `/ connects (${root.ms} ms)` : `/ does not either (${said('/', root.refusal)})`;
  const withRoot = { ...data, root: root.ok ? 'connected' : sample(root.refusal) };
  if (!root.ok) {
    return {
      check: result('namespace', started, {
        status: 'fail',
        evidence: `${said(ns, refusal)}; ${rootText}`,
        fix: fixFor(ns, refusal),
        ...(cause && { cause }),
        data: withRoot,
      }),
    };
  }
  const connected = { socket: root.socket, namespace: '/' };
  if (options.namespaceExplicit) {
    return {
      ...connected,
      check: result('namespace', started, {
        status: 'fail',
        evidence: `${said(ns, refusal)}; ${rootText}, but a widget given ws-namespace="${ns}" does not fall back to it`,
        fix: `Set ws-namespace="/" on the widget, or: ${fixFor(ns, refusal)}`,
        ...(cause && { cause }),
        data: withRoot,
      }),
    };
  }
  return {
    ...connected,
    check: result('namespace', started, {
      status: 'warn',
      evidence: `${said(ns, refusal)}; ${rootText}, and the widget (no ws-namespace set) falls back to it`,
      fix:
        refusal.kind === 'missing'
          ? `Set ws-namespace="/" on the widget to spare it a refused ${ns} at every connection, or serve ${ns} on the server.`
          : `The widget goes live on / instead. If ${ns} is where the signals are: ${fixFor(ns, refusal)}`,
      ...(cause && { cause }),
      data: withRoot,
    }),
  };
}
