/**
 * Check 6: the REST API the widget polls. Each endpoint answers 200 with a body that passes the
 * contract's own validation, for the asked key, with a CORS header that lets the page read it, and
 * in time. `/health` is not used by the widget, so its problems are warnings.
 */
import type { Checked } from '../../contract/validate.js';
import { checkHistory, checkUpdate, timestampMs } from '../../contract/validate.js';
import { DEFAULTS as WIDGET_DEFAULTS } from '../../feed/target.js';
import { historyUrl, regimeUrl, REST_TIMEOUT_MS } from '../../feed/rest-hub.js';
import {
  BodyTooLargeError,
  httpGet,
  errorText,
  MAX_BODY_BYTES,
  formatMs,
  isoTime,
  result,
  TimeoutError,
  type CheckId,
  type CheckResult,
  type CheckStatus,
  type HttpAnswer,
} from '../check.js';
import type { DoctorOptions } from '../options.js';

/** The options of a widget that has an api-url: the only one the REST checks run for. */
type RestOptions = DoctorOptions & { api: string };
import { clipped, json } from '../untrusted.js';

/** Slower than this, the widget's first data comes late (it promises it within 1 s). */
export const SLOW_MS = 1000;

/** Why a GET gave no answer to check: nothing in time, a body past the cap, or the network. */
type NoAnswer = 'timeout' | 'too-large' | 'network';

type Answer = ({ ok: true } & HttpAnswer) | { ok: false; ms: number; error: string; why: NoAnswer };

interface Endpoint {
  id: CheckId;
  path: string;
  /** The URL the widget requests (health: the path alone). */
  url: (options: RestOptions) => string;
  /** What a good body is, in words, for the fix. */
  what: string;
  check: (body: unknown, options: DoctorOptions) => Checked<string>;
  /** The widget needs it: its problems are failures, not warnings. */
  needed: boolean;
}

function sameKey(body: { symbol: string; timeframe: string }, options: DoctorOptions): string | undefined {
  if (body.symbol === options.symbol && body.timeframe === options.timeframe) return undefined;
  return `it is for ${body.symbol} ${body.timeframe}, not ${options.symbol} ${options.timeframe}`;
}

const ENDPOINTS: Endpoint[] = [
  {
    id: 'rest-regime',
    path: '/regime',
    url: (options) => regimeUrl(options.api, options),
    what: 'the RegimeUpdate of the key',
    needed: true,
    check: (body, options) => {
      const update = checkUpdate(body);
      if (!update.ok) return update;
      const other = sameKey(update.value, options);
      if (other) return { ok: false, reason: other };
      const u = update.value;
      return { ok: true, value: `${u.regime}, ADX ${u.adx.toFixed(1)}, at ${isoTime(u.timestamp)}` };
    },
  },
  {
    id: 'rest-history',
    path: '/regime/history',
    url: (options) => historyUrl(options.api, options, WIDGET_DEFAULTS.history),
    what: '{ symbol, timeframe, points } for the key',
    needed: true,
    check: (body, options) => {
      const history = checkHistory(body);
      if (!history.ok) return history;
      const other = sameKey(history.value, options);
      if (other) return { ok: false, reason: other };
      const times = history.value.points.map((p) => timestampMs(p.timestamp) as number);
      const ordered = times.every((t, i) => i === 0 || t >= (times[i - 1] as number));
      const count = history.value.points.length;
      const limit = WIDGET_DEFAULTS.history;
      if (count > limit)
        return { ok: false, reason: `${count} points for limit=${limit}: at most ${limit} expected` };
      return ordered
        ? { ok: true, value: `${count} points, oldest first` }
        : { ok: false, reason: `${count} points, not oldest first` };
    },
  },
  {
    id: 'rest-health',
    path: '/health',
    url: (options) => `${options.api}/health`,
    what: '{ status: "ok" }',
    needed: false,
    check: (body) => {
      const status = (body as { status?: unknown } | null)?.status;
      return status === 'ok'
        ? { ok: true, value: 'status ok' }
        : {
            ok: false,
            reason: `status is ${status === undefined ? 'missing' : json(status, 40)}, not "ok"`,
          };
    },
  },
];

async function get(url: string, options: DoctorOptions): Promise<Answer> {
  const started = performance.now();
  try {
    return { ok: true, ...(await httpGet(url, options, { accept: 'application/json' })) };
  } catch (error) {
    return {
      ok: false,
      ms: Math.round(performance.now() - started),
      why:
        error instanceof TimeoutError
          ? 'timeout'
          : error instanceof BodyTooLargeError
            ? 'too-large'
            : 'network',
      error: errorText(error),
    };
  }
}

/** `{ data: <the right thing> }`: the common mismatch of a backend that wraps its answers. */
function wrapper(body: unknown, endpoint: Endpoint, options: DoctorOptions): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  for (const [field, value] of Object.entries(body)) {
    if (endpoint.check(value, options).ok) return field;
  }
  return undefined;
}

interface Problem {
  status: Exclude<CheckStatus, 'pass' | 'skip'>;
  text: string;
  fix: string;
}

function problemsOf(
  endpoint: Endpoint,
  options: DoctorOptions,
  answer: Extract<Answer, { ok: true }>,
): { problems: Problem[]; found?: string } {
  const fail = endpoint.needed ? 'fail' : 'warn';
  const problems: Problem[] = [];
  let found: string | undefined;
  let body: unknown;
  let notJson: string | undefined;
  try {
    body = JSON.parse(answer.body);
  } catch (error) {
    notJson = errorText(error);
  }
  if (answer.status < 200 || answer.status > 299) {
    const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    // The contract's error body: the API itself answered, so a 404 is about the key, not the URL.
    const apiSaid = typeof error?.message === 'string' ? `"${clipped(error.message)}"` : undefined;
    const code = typeof error?.code === 'string' ? ` (${clipped(error.code, 40)})` : '';
    const fix =
      answer.status === 404 && apiSaid
        ? `The API does not serve ${options.symbol} ${options.timeframe} (${apiSaid}): check --symbol and --timeframe against what it serves.`
        : answer.status === 404
          ? `GET ${endpoint.path} is not found: api-url (--api) must be the base that ${endpoint.path} is under, such as https://example.com/api.`
          : `Make GET ${endpoint.path} answer 200 with ${endpoint.what}; it answers ${answer.status}${apiSaid ? ` ${apiSaid}` : ''}.`;
    problems.push({
      status: fail,
      text: apiSaid
        ? `${apiSaid}${code}`
        : `a ${clipped(answer.contentType, 60) || 'bodiless'} answer, not the contract's { error: { code, message } }`,
      fix,
    });
  } else if (notJson !== undefined) {
    problems.push({
      status: fail,
      text: `the body is not JSON (${clipped(answer.contentType, 60) || 'no content type'}, ${answer.body.length} bytes: ${clipped(notJson)})`,
      fix: `Answer GET ${endpoint.path} with JSON: ${endpoint.what}.`,
    });
  } else {
    const checked = endpoint.check(body, options);
    if (checked.ok) {
      found = checked.value;
    } else {
      const field = wrapper(body, endpoint, options);
      problems.push({
        status: fail,
        text: `the body does not fit: ${checked.reason}${field ? ` (what fits is inside "${field}")` : ''}`,
        fix: field
          ? `Answer GET ${endpoint.path} with ${endpoint.what} itself, not wrapped in { ${field}: ... }.`
          : `Make GET ${endpoint.path} answer ${endpoint.what} as the README's "The backend it needs" section says: ${checked.reason}.`,
      });
    }
  }
  if (options.origin && answer.allowOrigin !== options.origin && answer.allowOrigin !== '*') {
    problems.push({
      status: fail,
      text: `no Access-Control-Allow-Origin for ${options.origin} (got ${answer.allowOrigin ?? 'none'}): a browser on that page cannot read it`,
      fix: `Allow the page's origin ${options.origin} in the API's CORS configuration (CORS_ORIGINS on the reference server).`,
    });
  }
  if (endpoint.needed && answer.ms > REST_TIMEOUT_MS) {
    problems.push({
      status: 'fail',
      text: `${answer.ms} ms is past the widget's ${formatMs(REST_TIMEOUT_MS)} limit`,
      fix: `Make GET ${endpoint.path} answer within ${formatMs(REST_TIMEOUT_MS)}, or the widget gives up on it.`,
    });
  } else if (answer.ms > SLOW_MS) {
    problems.push({
      status: 'warn',
      text: `slow: ${answer.ms} ms`,
      fix: `Make GET ${endpoint.path} answer within ${formatMs(SLOW_MS)}, so the widget's first data shows in time.`,
    });
  }
  return { problems, ...(found !== undefined && { found }) };
}

async function checkEndpoint(endpoint: Endpoint, options: RestOptions): Promise<CheckResult> {
  const started = performance.now();
  const url = endpoint.url(options);
  const answer = await get(url, options);
  if (!answer.ok) {
    return result(endpoint.id, started, {
      status: endpoint.needed ? 'fail' : 'warn',
      evidence: `GET ${url}: ${answer.error}`,
      fix: {
        timeout: `Make GET ${endpoint.path} answer: nothing came back within the timeout.`,
        'too-large': `Make GET ${endpoint.path} answer ${endpoint.what}: no answer of the contract comes near ${MAX_BODY_BYTES} bytes (a history of 1000 points is about 100 KB).`,
        network: `Make ${options.api} reachable over HTTP: ${answer.error}.`,
      }[answer.why],
      data: { url, ms: answer.ms, error: answer.error },
    });
  }
  const { problems, found } = problemsOf(endpoint, options, answer);
  const cors = options.origin ? `; Access-Control-Allow-Origin: ${answer.allowOrigin ?? 'none'}` : '';
  const worst = problems.find((p) => p.status === 'fail') ?? problems[0];
  const findings = [found, ...problems.map((p) => p.text)].filter(Boolean).join('; ');
  return result(endpoint.id, started, {
    status: worst?.status ?? 'pass',
    evidence: `${answer.status} in ${answer.ms} ms: ${findings}${cors}`,
    ...(worst && { fix: worst.fix }),
    data: { url, status: answer.status, ms: answer.ms, allowOrigin: answer.allowOrigin },
  });
}

/**
 * The three REST checks, run together, in the order they are reported.
 * @example const [regime, history, health] = await checkRest(options);
 */
export function checkRest(options: RestOptions): Promise<CheckResult[]> {
  return Promise.all(ENDPOINTS.map((endpoint) => checkEndpoint(endpoint, options)));
}

/** The ids of the REST checks, for skipping them together. */
export const REST_CHECK_IDS = ENDPOINTS.map((endpoint) => endpoint.id);
