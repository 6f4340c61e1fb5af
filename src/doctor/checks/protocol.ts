/**
 * Check 5: the widget's protocol on the connected namespace. `subscribe` is acknowledged, a valid
 * `regime` for the key arrives, and events for keys nobody asked for are counted (a broadcasting
 * server works, but sends every client everything).
 */
import type { Socket } from 'socket.io-client';
import type { SubscribeAck, SubscriptionKey } from '../../contract/types.js';
import { checkUpdate, routeKey } from '../../contract/validate.js';
import { ACK_TIMEOUT_MS } from '../../feed/socket-hub.js';
import { formatMs, isoTime, result, skipped, type CheckResult } from '../check.js';
import type { DoctorOptions } from '../options.js';

/** The shortest time events for other keys are watched for, so a broadcaster has a chance to show. */
export const MIN_WATCH_MS = 1000;

type AckOutcome =
  { kind: 'ack'; ack: unknown; ms: number } | { kind: 'none' } | { kind: 'error'; message: string };

type RegimeOutcome =
  { kind: 'valid' | 'invalid'; payload: unknown; reason?: string; ms: number } | { kind: 'none' };

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
): Promise<[CheckResult, CheckResult, CheckResult]> {
  const started = performance.now();
  const key: SubscriptionKey = { symbol: options.symbol, timeframe: options.timeframe };
  const own = routeKey(key);
  const where = namespace === options.namespace ? '' : ` (on ${namespace})`;
  const others = new Map<string, number>();
  let firstRegime: (outcome: RegimeOutcome) => void = () => {};
  const regimeArrived = new Promise<RegimeOutcome>((resolve) => (firstRegime = resolve));

  const listener = (event: string, payload: unknown): void => {
    if (event !== 'regime' && event !== 'regime:alert') return;
    const p = payload as { symbol?: unknown; timeframe?: unknown } | null;
    const id = `${String(p?.symbol)}|${String(p?.timeframe)}`;
    if (id !== own) {
      others.set(id, (others.get(id) ?? 0) + 1);
      return;
    }
    if (event !== 'regime') return;
    const checked = checkUpdate(payload);
    const ms = Math.round(performance.now() - started);
    firstRegime(
      checked.ok ? { kind: 'valid', payload, ms } : { kind: 'invalid', payload, reason: checked.reason, ms },
    );
  };
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
    regimeResult(options, started, key, regime, refused, others.size > 0, where),
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
    const reason = `${answer.error?.code ?? 'no code'}: ${answer.error?.message ?? 'no message'}`;
    return result('subscribe', started, {
      status: 'fail',
      evidence: `${sent}: refused in ${ack.ms} ms (${reason})`,
      fix: `The server refuses ${key.symbol} ${key.timeframe}: check --symbol and --timeframe against what it serves, or its validation of subscribe.`,
      data: { ack: answer },
    });
  }
  const exact = answer?.ok === true;
  return result('subscribe', started, {
    status: exact ? 'pass' : 'warn',
    evidence: `${sent}: acknowledged in ${ack.ms} ms with ${JSON.stringify(answer) ?? 'nothing'}`,
    ...(!exact && {
      fix: 'Acknowledge with { ok: true } as the contract says; the widget takes anything else that is not { ok: false } as a yes.',
    }),
    data: { ack: answer ?? null, ms: ack.ms },
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
  if (regime.kind === 'valid') {
    return result('regime', started, {
      status: 'pass',
      evidence: `${label}${where} after ${regime.ms} ms: ${describeRegime(regime.payload)}`,
      data: { ms: regime.ms, update: regime.payload },
    });
  }
  if (regime.kind === 'invalid') {
    return result('regime', started, {
      status: 'fail',
      evidence: `${label}${where} after ${regime.ms} ms does not fit the contract: ${regime.reason}; the widget drops it`,
      fix: `Send regime payloads that fit RegimeUpdate (the README's "Data it accepts" section): ${regime.reason}.`,
      data: { ms: regime.ms, reason: regime.reason, payload: regime.payload },
    });
  }
  return result('regime', started, {
    status: 'fail',
    evidence: `no regime for ${label}${where} within ${formatMs(options.timeoutMs)}${sawOthers ? ' (only for other keys)' : ''}`,
    fix: 'Emit regime with the current RegimeUpdate to the client right after acknowledging subscribe, and on every change after.',
  });
}

function otherKeysResult(
  started: number,
  others: Map<string, number>,
  refused: boolean,
  watchedMs: number,
  where: string,
): CheckResult {
  if (refused) {
    return skipped('other-keys', 'subscribe was refused');
  }
  if (others.size === 0) {
    return result('other-keys', started, {
      status: 'pass',
      evidence: `none in the ${formatMs(watchedMs)} watched${where}`,
      data: { watchedMs, keys: {} },
    });
  }
  const count = [...others.values()].reduce((a, b) => a + b, 0);
  const keys = [...others.keys()].map((id) => id.replace('|', ' ')).join(', ');
  return result('other-keys', started, {
    status: 'warn',
    evidence: `${count} event(s) for keys not subscribed (${keys}) in ${formatMs(watchedMs)}${where}: a broadcasting server; it works (the widget keeps its own key), but costs every client bandwidth`,
    fix: 'Send each key only to its subscribers: join the socket to a room per key on subscribe and emit to that room.',
    data: { watchedMs, keys: Object.fromEntries(others) },
  });
}
