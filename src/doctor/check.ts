/**
 * What one check of the doctor found, and the bounded wait every check is built on.
 */
import { timestampMs } from '../contract/validate.js';

/** `skip`: the check could not run because one before it failed (its evidence says which). */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

/** The checks, in the order they run and are printed. */
export const CHECK_IDS = [
  'ws-dns-tcp',
  'handshake',
  'websocket',
  'namespace',
  'subscribe',
  'regime',
  'other-keys',
  'api-dns-tcp',
  'rest-regime',
  'rest-history',
  'rest-health',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

/**
 * One line of the report.
 * @example { id: 'websocket', title: 'WebSocket transport', status: 'fail', evidence: 'websocket error (description: Unexpected server response: 400)', fix: '...', ms: 12 }
 */
export interface CheckResult {
  id: CheckId;
  title: string;
  status: CheckStatus;
  /** What was seen, in one line; for a skipped check, why it did not run. */
  evidence: string;
  /** For a failure (and some warnings): what to change, in one sentence. */
  fix?: string;
  /**
   * The lines of configuration that make the fix, when it is one, per server, e.g.
   * `{ nginx: 'proxy_set_header Upgrade $http_upgrade;' }`.
   */
  config?: Record<string, string>;
  /** What is wrong, named in a few words, when the check knows: `a Socket.IO 2 server`. */
  cause?: string;
  /** How long the check took. */
  ms: number;
  /** Measurements for machines: status codes, latencies, header values. */
  data?: Record<string, unknown>;
}

export const TITLES: Record<CheckId, string> = {
  'ws-dns-tcp': 'DNS and TCP (socket)',
  handshake: 'Engine.IO handshake (long-polling)',
  websocket: 'WebSocket transport',
  namespace: 'Namespace',
  subscribe: 'subscribe acknowledgement',
  regime: 'regime for the key',
  'other-keys': 'events for other keys',
  'api-dns-tcp': 'DNS and TCP (REST)',
  'rest-regime': 'GET /regime',
  'rest-history': 'GET /regime/history',
  'rest-health': 'GET /health',
};

type Outcome = Omit<CheckResult, 'id' | 'title' | 'ms'>;

/** A check's result with its title and duration filled in. */
export function result(id: CheckId, startedAt: number, outcome: Outcome): CheckResult {
  const { status, evidence, fix, config, cause, data } = outcome;
  return {
    id,
    title: TITLES[id],
    status,
    evidence,
    ...(fix !== undefined && { fix }),
    ...(config !== undefined && { config }),
    ...(cause !== undefined && { cause }),
    ms: Math.round(performance.now() - startedAt),
    ...(data !== undefined && { data }),
  };
}

/** A check that did not run because `reason`. */
export function skipped(id: CheckId, reason: string): CheckResult {
  return { id, title: TITLES[id], status: 'skip', evidence: reason, ms: 0 };
}

/** Thrown by `bounded` when the time is up. */
export class TimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${formatMs(ms)}`);
    this.name = 'TimeoutError';
  }
}

/**
 * Runs `work` for at most `ms`: past that it rejects with a TimeoutError and aborts `signal`, so
 * the work can release its sockets. The timer never outlives the call.
 * @example await bounded(2000, (signal) => fetch(url, { signal }));
 */
export async function bounded<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      controller.abort(new TimeoutError(ms));
      reject(new TimeoutError(ms));
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

/** The most of a body the doctor reads: far more than any answer of the contract needs. */
export const MAX_BODY_BYTES = 1_048_576;

/** Thrown when a body goes past `MAX_BODY_BYTES`: reading on would let a server fill the memory. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`body larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Reads a body as text, up to `limit` bytes (after decompression); past that, stops and throws. */
async function cappedText(response: Response, limit: number): Promise<string> {
  if (Number(response.headers.get('content-length')) > limit) {
    await response.body?.cancel();
    throw new BodyTooLargeError(limit);
  }
  const reader = response.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
    size += read.value.byteLength;
    if (size > limit) {
      await reader?.cancel();
      throw new BodyTooLargeError(limit);
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** What an HTTP GET answered, and how long it took (the body read included). */
export interface HttpAnswer {
  status: number;
  body: string;
  allowOrigin: string | null;
  contentType: string;
  ms: number;
}

/**
 * GETs `url` as the page would, with its Origin when there is one, for at most `timeoutMs`.
 * @throws TimeoutError past `timeoutMs`, or what fetch throws.
 */
export async function httpGet(
  url: string,
  page: { origin?: string; timeoutMs: number },
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  const started = performance.now();
  return bounded(page.timeoutMs, async (signal) => {
    const response = await fetch(url, {
      signal,
      headers: { ...headers, ...(page.origin && { origin: page.origin }) },
    });
    const body = await cappedText(response, MAX_BODY_BYTES);
    return {
      status: response.status,
      body,
      allowOrigin: response.headers.get('access-control-allow-origin'),
      contentType: response.headers.get('content-type') ?? '',
      ms: Math.round(performance.now() - started),
    };
  });
}

/** `850 ms`, `2 s`, `1.5 s`. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/** A contract timestamp as ISO 8601, the way a reader compares it with the clock. */
export function isoTime(timestamp: string | number): string {
  const ms = timestampMs(timestamp);
  return ms === undefined ? String(timestamp) : new Date(ms).toISOString();
}

/** The message of anything thrown, with a Node error's code and cause when they say more. */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { message?: unknown } | undefined;
  const code = errorCode(error);
  const detail = typeof cause?.message === 'string' && cause.message ? cause.message : undefined;
  // fetch says only "fetch failed"; the reason is in its cause.
  const message = error.message === 'fetch failed' && detail ? detail : error.message;
  return code !== undefined && !message.includes(code) ? `${message} (${code})` : message;
}

/** The Node error code of anything thrown, or of its cause. */
export function errorCode(error: unknown): string | undefined {
  const err = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = err?.code ?? err?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}
