/**
 * Check 2: an Engine.IO handshake over HTTP long-polling at the path, with the page's Origin: the
 * transport the widget falls back to when the WebSocket cannot pass, where a server says in words why
 * it refuses (allowRequest's message), where its CORS answer to the origin shows, and where a
 * Socket.IO 2 server shows its age (an Engine.IO 3 answer).
 */
import {
  bounded,
  errorText,
  formatMs,
  httpGet,
  result,
  TimeoutError,
  type CheckResult,
  type HttpAnswer,
} from '../check.js';
import { httpUrl, type DoctorOptions } from '../options.js';
import { clipped, json } from '../untrusted.js';

/** What the handshake learned, for the checks after it. */
export interface HandshakeFindings {
  /** Long-polling opened a session: the widget can fall back to it. */
  opened: boolean;
  /** The handshake's `Access-Control-Allow-Origin`: a browser uses long-polling only with the page's. */
  allowOrigin?: string | null;
  /** The refusal's message, when the server refused the handshake (Engine.IO code 4, Forbidden). */
  refusal?: string;
}

/** What the widget's client cannot speak to, named the same in every check that meets it. */
export const SOCKET_IO_2 = 'a Socket.IO 2 server (Engine.IO 3)';

/** Engine.IO's error codes, as its HTTP errors carry them. */
const ENGINE_ERRORS: Record<number, string> = {
  0: 'Transport unknown',
  1: 'Session ID unknown',
  2: 'Bad handshake method',
  3: 'Bad request',
  4: 'Forbidden',
  5: 'Unsupported protocol version',
};

/** The polling URL: `<ws-url><path>/?EIO=4&transport=polling`, as engine.io-client builds it. */
export function pollingUrl(options: Pick<DoctorOptions, 'ws' | 'path'>, sid?: string): string {
  const url = httpUrl(options.ws);
  url.pathname = `${options.path}/`;
  url.search = new URLSearchParams({ EIO: '4', transport: 'polling', ...(sid && { sid }) }).toString();
  return url.href;
}

/** `{ code, message }` of an Engine.IO error body, if it is one. */
function engineError(body: string): { code: number; message: string } | undefined {
  try {
    const parsed = JSON.parse(body) as { code?: unknown; message?: unknown };
    if (typeof parsed.code === 'number' && typeof parsed.message === 'string') {
      return { code: parsed.code, message: parsed.message };
    }
  } catch {
    // not JSON: not Engine.IO
  }
  return undefined;
}

interface Open {
  sid: string;
  pingInterval: number;
  pingTimeout: number;
  upgrades: string[];
}

/** The first packet of an Engine.IO 3 polling payload, framed as `<length>:<packet>` (`97:0{"sid":...}2:40`). */
function engine3Packet(body: string): string | undefined {
  const frame = /^(\d{1,7}):/.exec(body);
  return frame ? body.slice(frame[0].length, frame[0].length + Number(frame[1])) : undefined;
}

/** The OPEN packet of a handshake: `0{"sid":...}`. */
function openPacket(packet: string): Open | undefined {
  if (!packet.startsWith('0{')) return undefined;
  try {
    const open = JSON.parse(packet.slice(1)) as Partial<Open>;
    if (typeof open.sid !== 'string' || typeof open.pingInterval !== 'number') return undefined;
    return {
      sid: open.sid,
      pingInterval: open.pingInterval,
      pingTimeout: typeof open.pingTimeout === 'number' ? open.pingTimeout : 0,
      upgrades: Array.isArray(open.upgrades) ? open.upgrades.filter((u) => typeof u === 'string') : [],
    };
  } catch {
    return undefined;
  }
}

/** Ends the session the handshake opened (a CLOSE packet), so the server does not wait for it to time out. */
async function closeSession(options: DoctorOptions, sid: string): Promise<void> {
  try {
    await bounded(Math.min(options.timeoutMs, 1000), (signal) =>
      fetch(pollingUrl(options, sid), { method: 'POST', body: '1', signal }).then((r) => r.body?.cancel()),
    );
  } catch {
    // best effort: the server drops the session after its ping timeout anyway
  }
}

function corsText(origin: string | undefined, allowOrigin: string | null): string {
  if (!origin) return 'no --origin, so CORS was not asked';
  return `Access-Control-Allow-Origin for ${origin}: ${allowOrigin ?? 'none'}`;
}

/**
 * @example const { check, findings } = await checkHandshake(options);
 * // check.evidence: '200 in 6 ms: sid Xy3..., ping interval 25 s, upgrades websocket; Access-Control-Allow-Origin for http://localhost:5173: http://localhost:5173'
 */
export async function checkHandshake(
  options: DoctorOptions,
): Promise<{ check: CheckResult; findings: HandshakeFindings }> {
  const started = performance.now();
  const url = pollingUrl(options);
  let answer: HttpAnswer;
  try {
    answer = await httpGet(url, options);
  } catch (error) {
    const timedOut = error instanceof TimeoutError;
    return {
      findings: { opened: false },
      check: result('handshake', started, {
        status: 'fail',
        evidence: `GET ${url}: ${errorText(error)}`,
        fix: timedOut
          ? 'The port accepts connections but no HTTP answer comes back: make sure the Socket.IO server itself listens there (not a stalled proxy or another protocol).'
          : 'Make the Socket.IO server answer HTTP at this URL (check http versus https and the certificate).',
        data: { url, code: timedOut ? 'TIMEOUT' : undefined },
      }),
    };
  }
  const cors = corsText(options.origin, answer.allowOrigin);
  const data = { url, status: answer.status, allowOrigin: answer.allowOrigin, ms: answer.ms };
  const engine3 = answer.status === 200 ? engine3Packet(answer.body) : undefined;
  const open = answer.status === 200 ? openPacket(engine3 ?? answer.body) : undefined;
  if (open && engine3 !== undefined) {
    return {
      findings: { opened: false },
      check: result('handshake', started, {
        status: 'fail',
        evidence: `${answer.status} in ${answer.ms} ms: an Engine.IO 3 answer ("${answer.body.slice(0, answer.body.indexOf(':') + 3)}...", its length-prefixed framing): ${SOCKET_IO_2}, which the widget (a Socket.IO 4 client) cannot speak to`,
        fix: 'Upgrade the server to Socket.IO 4 (its allowEIO3 option keeps Socket.IO 2 clients working meanwhile); until then the widget shows ○ API and polls REST.',
        cause: SOCKET_IO_2,
        data: { ...data, engineIO: 3 },
      }),
    };
  }
  if (open) {
    await closeSession(options, open.sid);
    const noUpgrade = !open.upgrades.includes('websocket');
    const upgrades = open.upgrades.slice(0, 5).map((name) => clipped(name, 20));
    return {
      findings: { opened: true, allowOrigin: answer.allowOrigin },
      check: result('handshake', started, {
        status: noUpgrade ? 'warn' : 'pass',
        evidence:
          `${answer.status} in ${answer.ms} ms: sid ${clipped(open.sid, 40)}, ping interval ${formatMs(open.pingInterval)}, ` +
          `upgrades ${upgrades.join(', ') || 'none'}; ${cors}`,
        ...(noUpgrade && {
          fix: "Enable the websocket transport on the server (transports: ['polling', 'websocket']): the widget falls back to long-polling, but every update then costs an HTTP request.",
        }),
        data: { ...data, ...open, sid: clipped(open.sid, 40), upgrades },
      }),
    };
  }
  const error = engineError(answer.body);
  if (error?.code === 4) {
    // A refusal: ask once more without an Origin, to tell "this origin" from "everybody".
    let acceptedWithoutOrigin: boolean | undefined;
    if (options.origin) {
      try {
        const bare = await httpGet(url, { timeoutMs: options.timeoutMs });
        const bareOpen = bare.status === 200 ? openPacket(bare.body) : undefined;
        acceptedWithoutOrigin = bareOpen !== undefined;
        if (bareOpen) await closeSession(options, bareOpen.sid);
      } catch {
        acceptedWithoutOrigin = undefined;
      }
    }
    const originRefused = acceptedWithoutOrigin === true;
    return {
      findings: { opened: false, refusal: error.message },
      check: result('handshake', started, {
        status: 'fail',
        evidence:
          `${answer.status} in ${answer.ms} ms, refused: "${clipped(error.message)}"` +
          (originRefused
            ? `; accepted without an Origin header, so the origin ${options.origin} is what is refused`
            : '') +
          `; ${cors}`,
        fix: originRefused
          ? `The server's allowRequest refuses the page's origin ${options.origin}: add it to the server's allowed origins (CORS_ORIGINS on the reference server).`
          : `The server's allowRequest refuses every handshake ("${clipped(error.message)}"): make it accept the widget's connections.`,
        data: { ...data, engineError: error, acceptedWithoutOrigin },
      }),
    };
  }
  if (error?.code === 0) {
    return {
      findings: { opened: false },
      check: result('handshake', started, {
        status: 'warn',
        evidence: `${answer.status}: "${clipped(error.message)}": long-polling is off on the server, so its ping interval and CORS answer could not be read`,
        fix: "Nothing to change while the WebSocket passes; with polling in the server's transports, the widget could still go live where a proxy drops the WebSocket upgrade.",
        data: { ...data, engineError: error },
      }),
    };
  }
  if (error?.code === 5) {
    return {
      findings: { opened: false },
      check: result('handshake', started, {
        status: 'fail',
        evidence: `${answer.status}: "${clipped(error.message)}": the server does not speak Engine.IO 4`,
        fix: 'Upgrade the server to Socket.IO 4 (Engine.IO 4): the widget is a Socket.IO 4 client.',
        data: { ...data, engineError: error },
      }),
    };
  }
  const what = error
    ? `Engine.IO error ${error.code} (${ENGINE_ERRORS[error.code] ?? 'unknown'}): "${clipped(error.message)}"`
    : `not an Engine.IO answer (${clipped(answer.contentType, 60) || 'no content type'}: ${json(answer.body.replace(/\s+/g, ' '), 60)})`;
  return {
    findings: { opened: false },
    check: result('handshake', started, {
      status: 'fail',
      evidence: `GET ${url}: ${answer.status} in ${answer.ms} ms, ${what}`,
      fix: error
        ? `Make the server accept the handshake at ${options.path}: it answered ${ENGINE_ERRORS[error.code] ?? 'an error'}.`
        : `No Socket.IO server answers at the path ${options.path}: set ws-path (--path) to the server's \`path\` option, or route that path to it in the proxy.`,
      data: { ...data, ...(error && { engineError: error }) },
    }),
  };
}
