/**
 * Check 3: a WebSocket connection at the path with the page's Origin, as the widget opens it first.
 * Its refusals say little (an HTTP status), so a refusal is retried once without an Origin to tell a
 * refused origin from a refused client, sent once more as a bare upgrade request to see who answered
 * (a proxy that drops the `Upgrade` header), and read together with the handshake's words. When the
 * WebSocket cannot pass, the widget goes on over long-polling: so does this check, and says so.
 */
import type { Manager } from 'socket.io-client';
import { CONNECT_TIMEOUT_MS } from '../../feed/socket-io.js';
import { formatSocketError, socketErrorInfo, type SocketErrorInfo } from '../../feed/socket-errors.js';
import { bounded, formatMs, result, TimeoutError, type CheckResult } from '../check.js';
import type { DoctorOptions } from '../options.js';
import { openManager, type SocketPool, type Transport } from '../socket-pool.js';
import { clipped } from '../untrusted.js';
import type { HandshakeFindings } from './engine-handshake.js';
import { probeUpgrade, type UpgradeAnswer } from './upgrade.js';

/** A connection attempt: the open manager, or what went wrong. */
type Attempt = { ok: true; manager: Manager; ms: number } | { ok: false; error: SocketErrorInfo };

/** Opens a connection, bounded a little past the manager's own timeout so that one speaks first. */
export async function attempt(
  pool: SocketPool,
  options: DoctorOptions,
  origin: string | undefined,
  transport: Transport = 'websocket',
): Promise<Attempt> {
  const started = performance.now();
  const manager = pool.manager(options, origin, transport);
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

/** The lines that make each common proxy pass the WebSocket upgrade at `path`. */
export function upgradeConfig(path: string): Record<string, string> {
  const at = `${path}/`;
  return {
    nginx: `location ${at} { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection "upgrade"; proxy_set_header Host $host; }`,
    Apache: `ProxyPass "${at}" "http://backend${at}" upgrade=websocket   (2.4.47 and later, with mod_proxy_wstunnel)`,
    Caddy: `reverse_proxy ${at}* backend:port   (it passes the upgrade itself: remove any header_up that drops Connection or Upgrade)`,
    HAProxy: `timeout tunnel 1h   (in the backend section: HAProxy passes the upgrade itself in mode http, and needs this to keep the WebSocket open)`,
  };
}

/** Why the WebSocket failed, as far as its answers tell: the cause, the fix, and the config lines. */
interface Diagnosis {
  cause?: string;
  fix: string;
  config?: Record<string, string>;
}

function diagnose(
  options: DoctorOptions,
  info: SocketErrorInfo,
  originRefused: boolean,
  handshake: HandshakeFindings,
  upgrade: UpgradeAnswer | undefined,
): Diagnosis {
  const status = upgradeStatus(info);
  if (originRefused) {
    return {
      cause: `the origin ${options.origin} is refused`,
      fix: `The server's allowRequest refuses the WebSocket from the page's origin ${options.origin}: add it to the allowed origins (CORS_ORIGINS on the reference server, allowRequest or cors.origin on yours).`,
    };
  }
  if (handshake.refusal !== undefined && status !== undefined) {
    return {
      cause: 'the server refuses every connection',
      fix: `The server's allowRequest refuses the WebSocket as it refused the handshake ("${clipped(handshake.refusal)}"): make it accept the widget's connections.`,
    };
  }
  if (upgrade?.upgradeDropped || (upgrade?.proxy && status !== undefined && !upgrade.transportOff)) {
    const proxy = upgrade.proxy ?? 'a proxy in front of the server';
    const what = upgrade.upgradeDropped
      ? 'drops the WebSocket upgrade'
      : `answers the WebSocket upgrade with ${status}`;
    const config = upgradeConfig(options.path);
    // The proxy that answered first, when it said which.
    const named = Object.keys(config).find((server) => proxy.toLowerCase().includes(server.toLowerCase()));
    return {
      cause: `${proxy} ${what}`,
      fix: `${proxy} ${what}: make it pass the Upgrade and Connection headers on ${options.path}/, as one of these lines does. Nothing in the Socket.IO server needs changing.`,
      config: named ? { [named]: config[named] as string, ...config } : config,
    };
  }
  if (upgrade?.transportOff) {
    return {
      cause: 'the server does not offer WebSocket',
      fix: "Add 'websocket' to the server's transports option (transports: ['polling', 'websocket']).",
    };
  }
  if (info.kind === 'timeout') {
    return {
      fix: 'The WebSocket upgrade gets no answer: the server is stalled, or a proxy in front does not forward WebSocket upgrades (it must pass the Upgrade and Connection headers).',
      config: upgradeConfig(options.path),
    };
  }
  if (/socket hang up|ECONNRESET/.test(`${info.description ?? ''} ${info.message}`)) {
    return {
      fix: `Nothing at ${options.path} takes the WebSocket upgrade: set ws-path (--path) to the server's path, and make any proxy forward upgrades (Upgrade and Connection headers).`,
    };
  }
  if (status !== undefined) {
    return {
      fix: `The server answers the WebSocket upgrade with ${status}: its allowRequest (or whatever answers at ${options.path}) must accept the widget.`,
    };
  }
  return { fix: `Make the WebSocket at ${options.ws}${options.path} connect: ${formatSocketError(info)}.` };
}

/** What the protocol checks run on: the connection, and which transport carries it. */
export interface WebSocketOutcome {
  check: CheckResult;
  manager?: Manager;
  transport?: Transport;
}

/** Long-polling in its place, as the widget falls back to it, when the browser would allow it. */
async function longPolling(
  pool: SocketPool,
  options: DoctorOptions,
  handshake: HandshakeFindings,
): Promise<{ manager?: Manager; text: string }> {
  if (!handshake.opened) return { text: 'long-polling does not work either (see handshake)' };
  const { origin } = options;
  if (origin && handshake.allowOrigin !== origin && handshake.allowOrigin !== '*') {
    return {
      text: `long-polling answers, but without Access-Control-Allow-Origin for ${origin}, so a browser on that page cannot use it either`,
    };
  }
  const polling = await attempt(pool, options, origin, 'polling');
  if (!polling.ok)
    return { text: `long-polling does not connect either (${formatSocketError(polling.error)})` };
  return {
    manager: polling.manager,
    text: `long-polling connects (${polling.ms} ms), so the widget will be live over long-polling`,
  };
}

/**
 * @example const { check, manager, transport } = await checkWebSocket(options, pool, handshake);
 * // check.evidence: 'connected in 5 ms with Origin http://localhost:5173'
 */
export async function checkWebSocket(
  options: DoctorOptions,
  pool: SocketPool,
  handshake: HandshakeFindings,
): Promise<WebSocketOutcome> {
  const started = performance.now();
  const sent = options.origin ? `with Origin ${options.origin}` : 'without an Origin (no --origin given)';
  const first = await attempt(pool, options, options.origin);
  if (first.ok) {
    // Slower than the widget waits: it would time out on every attempt, though the doctor got in.
    const slow = first.ms > CONNECT_TIMEOUT_MS;
    return {
      manager: first.manager,
      transport: 'websocket',
      check: result('websocket', started, {
        status: slow ? 'fail' : 'pass',
        evidence: `connected in ${first.ms} ms ${sent}${slow ? `, past the widget's ${formatMs(CONNECT_TIMEOUT_MS)} connect timeout` : ''}`,
        ...(slow && {
          fix: `The widget gives up on a connection after ${formatMs(CONNECT_TIMEOUT_MS)}: make the upgrade faster (proxy, TLS, server load).`,
        }),
        data: { ms: first.ms, origin: options.origin, transport: 'websocket' },
      }),
    };
  }
  const info = first.error;
  const status = upgradeStatus(info);
  let originRefused = false;
  if (options.origin && status !== undefined) {
    const bare = await attempt(pool, options, undefined);
    originRefused = bare.ok;
  }
  const upgrade =
    status !== undefined && !originRefused && handshake.opened
      ? await probeUpgrade(options, options.origin).catch(() => undefined)
      : undefined;
  const fallback = originRefused ? undefined : await longPolling(pool, options, handshake);
  const failure =
    info.kind === 'timeout'
      ? `no connection within ${formatMs(options.timeoutMs)} (${formatSocketError(info)})`
      : formatSocketError(info);
  const notes = [
    originRefused ? `without an Origin it connects, so the origin ${options.origin} is what is refused` : '',
    handshake.refusal !== undefined ? `the handshake was refused with "${clipped(handshake.refusal)}"` : '',
    upgrade?.upgradeDropped ? 'the server got the upgrade request without its Upgrade header' : '',
    upgrade?.proxy ? `answered through ${upgrade.proxy}` : '',
    fallback?.text ?? '',
  ].filter(Boolean);
  const { cause, fix, config } = diagnose(options, info, originRefused, handshake, upgrade);
  const transport = fallback?.manager ? 'polling' : undefined;
  return {
    ...(fallback?.manager && { manager: fallback.manager, transport }),
    check: result('websocket', started, {
      status: 'fail',
      evidence: `${failure} ${sent}${notes.length ? `; ${notes.join('; ')}` : ''}`,
      fix: transport
        ? `${fix} Until then the widget is live over long-polling: more requests, later updates.`
        : fix,
      ...(config && { config }),
      ...(cause && { cause }),
      data: {
        error: info,
        origin: options.origin,
        originRefused,
        ...(upgrade && { upgrade }),
        transport: transport ?? null,
      },
    }),
  };
}
