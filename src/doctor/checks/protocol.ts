/**
 * Check 5: the widget's protocol on the connected namespace. `subscribe` is acknowledged, a valid
 * `regime` for the key arrives, and events for keys nobody asked for are counted (a broadcasting
 * server works, but sends every client everything). Events the server sent on connection, before
 * `subscribe`, count too: the widget listens from the start.
 */
import type { Socket } from 'socket.io-client';
import type { SubscribeAck, SubscriptionKey } from '../../contract/types.js';
import { checkUpdate } from '../../contract/validate.js';
import { ACK_TIMEOUT_MS } from '../../feed/key-subscription.js';
import { formatMs, isoTime, result, skipped, type CheckResult } from '../check.js';
import type { DoctorOptions } from '../options.js';
import type { ServerEvent } from '../socket-pool.js';
import { json, sample, shown } from '../untrusted.js';

/** The shortest time events for other keys are watched for, so a broadcaster has a chance to show. */
export const MIN_WATCH_MS = 1000;
/** Keys not subscribed that are told apart; events for any more are counted together. */
export const MAX_OTHER_KEYS = 100;
/** Keys not subscribed that the evidence names. */
const NAMED_OTHER_KEYS = 5;

type AckOutcome =
  { kind: 'ack'; ack: unknown; ms: number } | { kind: 'none' } | { kind: 'error'; message: string };

type RegimeOutcome =
  | {
      kind: 'valid' | 'invalid';
      payload: unknown;
      reason?: string;
      ms: number;
      /** It came without `symbol` and `timeframe`: the widget takes it for its only key. */
      keyless: boolean;
      /** It came on connection, before `subscribe`. */
      early: boolean;
    }
  | { kind: 'none' };

/** Events for keys not subscribed: per key up to `MAX_OTHER_KEYS` keys, then counted together. */
class OtherKeys {
  readonly counts = new Map<string, number>();
  /** Events for keys past the first `MAX_OTHER_KEYS`. */
  beyond = 0;

  add(id: string): void {
    const count = this.counts.get(id);
    if (count !== undefined) this.counts.set(id, count + 1);
    else if (this.counts.size < MAX_OTHER_KEYS) this.counts.set(id, 1);
    else this.beyond += 1;
  }

  get events(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, this.beyond);
  }
}

/** Whose an event is: the key's, nobody's in particular (no symbol, no timeframe), or another key's. */
type Route = { kind: 'own' | 'keyless' } | { kind: 'other'; id: string };

function routeOf(payload: unknown, key: SubscriptionKey): Route {
  const { symbol, timeframe } = (typeof payload === 'object' && payload !== null ? payload : {}) as {
    symbol?: unknown;
    timeframe?: unknown;
  };
  if (symbol === undefined && timeframe === undefined) return { kind: 'keyless' };
  if (symbol === key.symbol && timeframe === key.timeframe) return { kind: 'own' };
  return { kind: 'other', id: `${shown(symbol, 40)} ${shown(timeframe, 16)}` };
}

/** Resolves once `ms` passed. */
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function describeRegime(payload: unknown): string {
  const update = payload as { regime: string; adx: number; atrPct: number; timestamp: string | number };
  return `${update.regime}, ADX ${update.adx.toFixed(1)}, ATR ${(update.atrPct * 100).toFixed(2)}%, at ${isoTime(update.timestamp)}`;
}

/**
 * @example const [subscribe, regime, otherKeys] = await checkProtocol(options, socket, '/signals');
 */
export async function checkProtocol(
  options: DoctorOptions,
  socket: Socket,
  namespace: string,
  early: readonly ServerEvent[],
): Promise<[CheckResult, CheckResult, CheckResult]> {
  const started = performance.now();
  const key: SubscriptionKey = { symbol: options.symbol, timeframe: options.timeframe };
  const where = namespace === options.namespace ? '' : ` (on ${namespace})`;
  const others = new OtherKeys();
  let firstRegime: (outcome: RegimeOutcome) => void = () => {};
  const regimeArrived = new Promise<RegimeOutcome>((resolve) => (firstRegime = resolve));

  const take = (event: string, payload: unknown, isEarly: boolean): void => {
    if (event !== 'regime' && event !== 'regime:alert') return;
    const route = routeOf(payload, key);
    if (route.kind === 'other') return others.add(route.id);
    if (event !== 'regime') return;
    const keyless = route.kind === 'keyless';
    const update =
      keyless && typeof payload === 'object' && payload !== null ? { ...payload, ...key } : payload;
    const checked = checkUpdate(update);
    const ms = Math.round(performance.now() - started);
    const seen = { payload, ms, keyless, early: isEarly };
    firstRegime(
      checked.ok ? { kind: 'valid', ...seen } : { kind: 'invalid', reason: checked.reason, ...seen },
    );
  };
  for (const [event, payload] of early) take(event, payload, true);
  const listener = (event: string, payload: unknown): void => take(event, payload, false);
  socket.onAny(listener);

  const ackWait = Math.min(options.timeoutMs, ACK_TIMEOUT_MS);
  const acked = new Promise<AckOutcome>((resolve) => {
    socket.timeout(ackWait).emit('subscribe', key, (error: Error | null, ack?: unknown) => {
      if (!error) resolve({ kind: 'ack', ack, ms: Math.round(performance.now() - started) });
      else resolve(socket.connected ? { kind: 'none' } : { kind: 'error', message: error.message });
    });
  });

  let regimeTimer: ReturnType<typeof setTimeout> | undefined;
  const regimeTimeout = new Promise<RegimeOutcome>((resolve) => {
    regimeTimer = setTimeout(() => resolve({ kind: 'none' }), options.timeoutMs);
  });
  const ack = await acked;
  const refused = ack.kind === 'ack' && (ack.ack as SubscribeAck | undefined)?.ok === false;
  const regime = refused ? ({ kind: 'none' } as const) : await Promise.race([regimeArrived, regimeTimeout]);
  clearTimeout(regimeTimer);
  const watched = performance.now() - started;
  const minWatch = Math.min(options.timeoutMs, MIN_WATCH_MS);
  if (!refused && watched < minWatch) await pause(Math.ceil(minWatch - watched));
  const watchedMs = Math.round(performance.now() - started);
  socket.offAny(listener);
  if (socket.connected) socket.emit('unsubscribe', key);

  return [
    subscribeResult(options, started, key, ack, where),
    regimeResult(options, started, key, regime, refused, others.events > 0, where),
    otherKeysResult(started, others, refused, watchedMs, where),
  ];
}

function subscribeResult(
  options: DoctorOptions,
  started: number,
  key: SubscriptionKey,
  ack: AckOutcome,
  where: string,
): CheckResult {
  const sent = `subscribe ${JSON.stringify(key)}${where}`;
  if (ack.kind === 'error') {
    return result('subscribe', started, {
      status: 'fail',
      evidence: `${sent}: the connection closed before an answer (${ack.message})`,
      fix: 'Keep the connection open after it connects: the server (or a proxy) closed it right after subscribe.',
    });
  }
  if (ack.kind === 'none') {
    return result('subscribe', started, {
      status: 'warn',
      evidence: `${sent}: no acknowledgement within ${formatMs(Math.min(options.timeoutMs, ACK_TIMEOUT_MS))}; the widget then takes the server as a broadcaster and stays live`,
      fix: 'Acknowledge subscribe with { ok: true } (the ack callback of socket.on("subscribe")).',
      data: { ack: null },
    });
  }
  const answer = ack.ack as SubscribeAck | undefined;
  if (answer && answer.ok === false) {
    const error = answer.error as { code?: unknown; message?: unknown } | undefined;
    const reason = `${shown(error?.code ?? 'no code', 40)}: ${shown(error?.message ?? 'no message')}`;
    return result('subscribe', started, {
      status: 'fail',
      evidence: `${sent}: refused in ${ack.ms} ms (${reason})`,
      fix: `The server refuses ${key.symbol} ${key.timeframe}: check --symbol and --timeframe against what it serves, or its validation of subscribe.`,
      data: { ack: sample(answer) },
    });
  }
  const exact = answer?.ok === true;
  return result('subscribe', started, {
    status: exact ? 'pass' : 'warn',
    evidence: `${sent}: acknowledged in ${ack.ms} ms with ${json(answer)}`,
    ...(!exact && {
      fix: 'Acknowledge with { ok: true } as the contract says; the widget takes anything else that is not { ok: false } as a yes.',
    }),
    data: { ack: sample(answer) ?? null, ms: ack.ms },
  });
}

function regimeResult(
  options: DoctorOptions,
  started: number,
  key: SubscriptionKey,
  regime: RegimeOutcome,
  refused: boolean,
  sawOthers: boolean,
  where: string,
): CheckResult {
  const label = `${key.symbol} ${key.timeframe}`;
  if (refused) {
    return skipped('regime', 'subscribe was refused');
  }
  if (regime.kind === 'none') {
    return result('regime', started, {
      status: 'fail',
      evidence: `no regime for ${label}${where} within ${formatMs(options.timeoutMs)}${sawOthers ? ' (only for other keys)' : ''}`,
      fix: 'Emit regime with the current RegimeUpdate to the client right after acknowledging subscribe, and on every change after.',
    });
  }
  const when = regime.early ? 'on connection, before subscribe' : `after ${regime.ms} ms`;
  const keyless = regime.keyless ? ', without symbol and timeframe' : '';
  const data = { ms: regime.ms, keyless: regime.keyless, early: regime.early };
  if (regime.kind === 'invalid') {
    return result('regime', started, {
      status: 'fail',
      evidence: `${label}${where} ${when}${keyless} does not fit the contract: ${regime.reason}; the widget drops it`,
      fix: `Send regime payloads that fit RegimeUpdate (the README's "Data it accepts" section): ${regime.reason}.`,
      data: { ...data, reason: regime.reason, payload: sample(regime.payload) },
    });
  }
  if (regime.keyless) {
    return result('regime', started, {
      status: 'warn',
      evidence: `${label}${where} ${when}${keyless}: ${describeRegime(regime.payload)}; the widget takes it for its key while that is the only key on the connection`,
      fix: 'Add symbol and timeframe to every regime and regime:alert: a page with widgets for two keys on this server drops payloads without them, as it cannot tell whose they are.',
      cause: 'regime without symbol and timeframe',
      data: { ...data, update: sample(regime.payload) },
    });
  }
  return result('regime', started, {
    status: 'pass',
    evidence: `${label}${where} ${when}: ${describeRegime(regime.payload)}`,
    data: { ...data, update: sample(regime.payload) },
  });
}

function otherKeysResult(
  started: number,
  others: OtherKeys,
  refused: boolean,
  watchedMs: number,
  where: string,
): CheckResult {
  if (refused) {
    return skipped('other-keys', 'subscribe was refused');
  }
  if (others.events === 0) {
    return result('other-keys', started, {
      status: 'pass',
      evidence: `none in the ${formatMs(watchedMs)} watched${where}`,
      data: { watchedMs, keys: {} },
    });
  }
  const ids = [...others.counts.keys()];
  const unnamed = ids.length - NAMED_OTHER_KEYS;
  const keys = [
    ids.slice(0, NAMED_OTHER_KEYS).join(', '),
    unnamed > 0 ? `${unnamed} more keys` : '',
    others.beyond > 0 ? `${others.beyond} event(s) for keys past the first ${MAX_OTHER_KEYS}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  return result('other-keys', started, {
    status: 'warn',
    evidence: `${others.events} event(s) for keys not subscribed (${keys}) in ${formatMs(watchedMs)}${where}: a broadcasting server; it works (the widget keeps its own key), but costs every client bandwidth`,
    fix: 'Send each key only to its subscribers: join the socket to a room per key on subscribe and emit to that room.',
    data: {
      watchedMs,
      keys: Object.fromEntries(others.counts),
      ...(others.beyond > 0 && { eventsForFurtherKeys: others.beyond }),
    },
  });
}
