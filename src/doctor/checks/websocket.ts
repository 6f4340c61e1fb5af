/**
 * Check 3: a WebSocket connection at the path with the page's Origin, as the widget opens it. Its
 * refusals say little (an HTTP status), so a refusal is retried once without an Origin to tell a
 * refused origin from a refused client, and is read together with the handshake's words.
 */
import type { Manager } from 'socket.io-client';
import { CONNECT_TIMEOUT_MS } from '../../feed/socket-hub.js';
import { formatSocketError, socketErrorInfo, type SocketErrorInfo } from '../../feed/socket-errors.js';
import { bounded, formatMs, result, TimeoutError, type CheckResult } from '../check.js';
import type { DoctorOptions } from '../options.js';
import { openManager, type SocketPool } from '../socket-pool.js';
import type { HandshakeFindings } from './engine-handshake.js';

/** A connection attempt: the open manager, or what went wrong. */
type Attempt = { ok: true; manager: Manager; ms: number } | { ok: false; error: SocketErrorInfo };

/** Opens a connection, bounded a little past the manager's own timeout so that one speaks first. */
export async function attempt(pool: SocketPool, options: DoctorOptions, origin?: string): Promise<Attempt> {
  const started = performance.now();
  const manager = pool.manager(options, origin);
  try {
    await bounded(options.timeoutMs + 500, () => openManager(manager));
    return { ok: true, manager, ms: Math.round(performance.now() - started) };
  } catch (error) {
    if (error instanceof TimeoutError) return { ok: false, error: { message: 'timeout', kind: 'timeout' } };
    return { ok: false, error: socketErrorInfo(error) };
  }
}

/** The HTTP status a refused upgrade got, from ws's "Unexpected server response: 400". */
function upgradeStatus(info: SocketErrorInfo): number | undefined {
  const match = /Unexpected server response: (\d{3})/.exec(info.description ?? '');
  return match ? Number(match[1]) : undefined;
}

function fixFor(
  options: DoctorOptions,
  info: SocketErrorInfo,
  originRefused: boolean,
  handshake: HandshakeFindings,
): string {
  const status = upgradeStatus(info);
  if (originRefused) {
    return `The server's allowRequest refuses the WebSocket from the page's origin ${options.origin}: add it to the allowed origins (CORS_ORIGINS on the reference server, allowRequest or cors.origin on yours).`;
  }
  if (handshake.refusal !== undefined && status !== undefined) {
    return `The server's allowRequest refuses the WebSocket as it refused the handshake ("${handshake.refusal}"): make it accept the widget's connections.`;
  }
  if (info.kind === 'timeout') {
    return 'The WebSocket upgrade gets no answer: the server is stalled, or a proxy in front does not forward WebSocket upgrades (it must pass the Upgrade and Connection headers).';
  }
  if (/socket hang up|ECONNRESET/.test(`${info.description ?? ''} ${info.message}`)) {
    return `Nothing at ${options.path} takes the WebSocket upgrade: set ws-path (--path) to the server's path, and make any proxy forward upgrades (Upgrade and Connection headers).`;
  }
  if (status !== undefined) {
    return `The server answers the WebSocket upgrade with ${status}: its transports option must include 'websocket' and its allowRequest must accept the widget.`;
  }
  return `Make the WebSocket at ${options.ws}${options.path} connect: ${formatSocketError(info)}.`;
}

/**
 * @example const { check, manager } = await checkWebSocket(options, pool, handshake);
 * // check.evidence: 'connected in 5 ms with Origin http://localhost:5173'
 */
export async function checkWebSocket(
  options: DoctorOptions,
  pool: SocketPool,
  handshake: HandshakeFindings,
): Promise<{ check: CheckResult; manager?: Manager }> {
  const started = performance.now();
  const sent = options.origin ? `with Origin ${options.origin}` : 'without an Origin (no --origin given)';
  const first = await attempt(pool, options, options.origin);
  if (first.ok) {
    // Slower than the widget waits: it would time out on every attempt, though the doctor got in.
    const slow = first.ms > CONNECT_TIMEOUT_MS;
    return {
      manager: first.manager,
      check: result('websocket', started, {
        status: slow ? 'fail' : 'pass',
        evidence: `connected in ${first.ms} ms ${sent}${slow ? `, past the widget's ${formatMs(CONNECT_TIMEOUT_MS)} connect timeout` : ''}`,
        ...(slow && {
          fix: `The widget gives up on a connection after ${formatMs(CONNECT_TIMEOUT_MS)}: make the upgrade faster (proxy, TLS, server load).`,
        }),
        data: { ms: first.ms, origin: options.origin },
      }),
    };
  }
  const info = first.error;
  let originRefused = false;
  if (options.origin && upgradeStatus(info) !== undefined) {
    const bare = await attempt(pool, options);
    originRefused = bare.ok;
  }
  const failure =
    info.kind === 'timeout'
      ? `no connection within ${formatMs(options.timeoutMs)} (${formatSocketError(info)})`
      : formatSocketError(info);
  const notes = [
    originRefused ? `without an Origin it connects, so the origin ${options.origin} is what is refused` : '',
    handshake.refusal !== undefined ? `the handshake was refused with "${handshake.refusal}"` : '',
  ].filter(Boolean);
  return {
    check: result('websocket', started, {
      status: 'fail',
      evidence: `${failure} ${sent}${notes.length ? `; ${notes.join('; ')}` : ''}`,
      fix: fixFor(options, info, originRefused, handshake),
      data: { error: info, origin: options.origin, originRefused },
    }),
  };
}
