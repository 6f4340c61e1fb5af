import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SubscriptionKey } from '../../src/contract/types.js';
import { ACK_TIMEOUT_MS, type SocketStatus, type SocketSubscriber } from '../../src/feed/key-subscription.js';
import { REFUSED_BACKOFF, STABLE_AFTER_MS, TRANSPORT_BACKOFF } from '../../src/feed/socket-connection.js';
import { SocketHub } from '../../src/feed/socket-hub.js';
import { openSocketIo } from '../../src/feed/socket-io.js';
import type { SocketTarget } from '../../src/feed/target.js';
import { ERRORS, fakeOpen, FakePage, loggerSpy, update } from '../fakes/index.js';

const BTC: SubscriptionKey = { symbol: 'BTCUSDT', timeframe: '1h' };
const ETH: SubscriptionKey = { symbol: 'ETHUSDT', timeframe: '1h' };
const target: SocketTarget = {
  url: 'http://ws.test',
  path: '/socket.io',
  namespace: '/signals',
  namespaceExplicit: false,
};

function subscriber(key: SubscriptionKey = BTC) {
  const status = vi.fn<(status: SocketStatus) => void>();
  return {
    key,
    status,
    regime: vi.fn(),
    alert: vi.fn(),
    /** The last status this subscriber was told. */
    get state(): SocketStatus['state'] | undefined {
      return status.mock.calls.at(-1)?.[0].state;
    },
  } satisfies SocketSubscriber & { state: unknown };
}

/** random 0: every retry waits half its ceiling (500, 1000, 2000, 2500... ms for transport failures). */
function setup(random: () => number = () => 0) {
  const fake = fakeOpen();
  const logger = loggerSpy();
  const hub = new SocketHub({ open: fake.open, random, logger });
  return { hub, fake, logger };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('SocketHub: sharing', () => {
  it('opens one connection for many subscribers of the same target', () => {
    const { hub, fake } = setup();
    hub.subscribe(target, subscriber(BTC));
    hub.subscribe(target, subscriber(BTC));
    hub.subscribe({ ...target }, subscriber(ETH));
    expect(fake.open).toHaveBeenCalledTimes(1);
    expect(fake.open).toHaveBeenCalledWith('http://ws.test', '/socket.io', '/signals', 'websocket');
    expect(hub.connections).toBe(1);
    expect(fake.last().connectCalls).toBe(1);
  });

  it('opens one connection per URL, path and namespace', () => {
    const { hub, fake } = setup();
    hub.subscribe(target, subscriber());
    hub.subscribe({ ...target, namespace: '/other' }, subscriber());
    hub.subscribe({ ...target, path: '/ws' }, subscriber());
    hub.subscribe({ ...target, url: 'http://other.test' }, subscriber());
    expect(fake.open).toHaveBeenCalledTimes(4);
    expect(hub.connections).toBe(4);
  });

  it('says "connecting" to a subscriber until the socket answers', () => {
    const { hub } = setup();
    const sub = subscriber();
    hub.subscribe(target, sub);
    expect(sub.status).toHaveBeenCalledExactlyOnceWith({ state: 'connecting' });
  });
});

describe('SocketHub: subscriptions', () => {
  it('emits subscribe once per key on connect, and for a new key at once when connected', () => {
    const { hub, fake } = setup();
    hub.subscribe(target, subscriber(BTC));
    hub.subscribe(target, subscriber(BTC));
    hub.subscribe(target, subscriber(ETH));
    const socket = fake.last();
    expect(socket.sent('subscribe')).toEqual([]);
    socket.serverConnect();
    expect(socket.sent('subscribe')).toEqual([BTC, ETH]);

    hub.subscribe(target, subscriber(BTC));
    expect(socket.sent('subscribe')).toHaveLength(2);
    const sol = { symbol: 'SOLUSDT', timeframe: '5m' };
    hub.subscribe(target, subscriber(sol));
    expect(socket.sent('subscribe')).toEqual([BTC, ETH, sol]);
  });

  it('makes the subscribers of a key live on its acknowledgement, and only them', () => {
    const { hub, fake } = setup();
    const [a, b, e] = [subscriber(BTC), subscriber(BTC), subscriber(ETH)];
    for (const s of [a, b, e]) hub.subscribe(target, s);
    const socket = fake.last();
    socket.serverConnect();
    expect(socket.answerSubscribe({ ok: true }, 'BTCUSDT')).toBe(true);
    expect([a.state, b.state, e.state]).toEqual(['live', 'live', 'connecting']);
    socket.answerSubscribe({ ok: true }, 'ETHUSDT');
    expect(e.state).toBe('live');
  });

  it('tells a subscriber that joins a live key that it is live at once', () => {
    const { hub, fake } = setup();
    hub.subscribe(target, subscriber());
    fake.last().serverConnect();
    fake.last().answerSubscribe({ ok: true });
    const late = subscriber();
    hub.subscribe(target, late);
    expect(late.status).toHaveBeenCalledExactlyOnceWith({ state: 'live' });
  });

  it('subscribes every key again after a reconnection', () => {
    const { hub, fake } = setup();
    const [a, e] = [subscriber(BTC), subscriber(ETH)];
    hub.subscribe(target, a);
    hub.subscribe(target, e);
    const socket = fake.last();
    socket.serverConnect();
    socket.answerSubscribe({ ok: true });
    socket.answerSubscribe({ ok: true });

    socket.serverDisconnect('transport close');
    expect(a.status).toHaveBeenLastCalledWith({
      state: 'down',
      error: { message: 'transport close', kind: 'disconnect' },
    });
    expect(e.state).toBe('down');

    vi.advanceTimersByTime(500);
    expect(socket.connectCalls).toBe(2);
    socket.serverConnect();
    expect(socket.sent('subscribe')).toEqual([BTC, ETH, BTC, ETH]);
    socket.answerSubscribe({ ok: true });
    socket.answerSubscribe({ ok: true });
    expect([a.state, e.state]).toEqual(['live', 'live']);
    expect(fake.open).toHaveBeenCalledTimes(1);
  });

  it('refused subscribe ({ ok: false }): that key goes down, with one warning naming it', () => {
    const { hub, fake, logger } = setup();
    const [a, b, e] = [subscriber(BTC), subscriber(BTC), subscriber(ETH)];
    for (const s of [a, b, e]) hub.subscribe(target, s);
    const socket = fake.last();
    socket.serverConnect();
    socket.answerSubscribe(
      { ok: false, error: { code: 'UNKNOWN_SYMBOL', message: 'no such symbol' } },
      'BTCUSDT',
    );
    const down = {
      state: 'down',
      error: { message: 'no such symbol', kind: 'refused', code: 'UNKNOWN_SYMBOL' },
    };
    expect(a.status).toHaveBeenLastCalledWith(down);
    expect(b.status).toHaveBeenLastCalledWith(down);
    expect(e.state).toBe('connecting');
    expect(logger.warn).toHaveBeenCalledOnce();
    expect(logger.warn.mock.calls[0]?.[0]).toMatch(/BTCUSDT\|1h.*no such symbol.*UNKNOWN_SYMBOL/);
    socket.answerSubscribe({ ok: true }, 'ETHUSDT');
    expect(e.state).toBe('live');
    expect(logger.warn).toHaveBeenCalledOnce();
  });

  it('asks again after a refused subscribe, with REFUSED_BACKOFF, warning once, until the server says yes', () => {
    const { hub, fake, logger } = setup();
    const sub = subscriber();
    hub.subscribe(target, sub);
    const socket = fake.last();
    socket.serverConnect();
    const refuse = () => socket.answerSubscribe({ ok: false, error: { code: 'E', message: 'not yet' } });
    expect(refuse()).toBe(true);
    expect(sub.state).toBe('down');
    // random 0: half of each ceiling, 2.5 s then 5 s.
    vi.advanceTimersByTime(REFUSED_BACKOFF.base / 2 - 1);
    expect(socket.sent('subscribe')).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(socket.sent('subscribe')).toHaveLength(2);
    expect(refuse()).toBe(true);
    vi.advanceTimersByTime(REFUSED_BACKOFF.base - 1);
    expect(socket.sent('subscribe')).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(socket.sent('subscribe')).toHaveLength(3);
    expect(sub.state).toBe('down');
    socket.answerSubscribe({ ok: true });
    expect(sub.state).toBe('live');
    expect(logger.warn).toHaveBeenCalledOnce();
    vi.advanceTimersByTime(10 * REFUSED_BACKOFF.cap);
    expect(socket.sent('subscribe')).toHaveLength(3);
  });

  it('stops asking again once the key has no subscriber or the connection is lost', () => {
    const { hub, fake } = setup();
    const leave = hub.subscribe(target, subscriber());
    hub.subscribe(target, subscriber(ETH));
    const socket = fake.last();
    socket.serverConnect();
    socket.answerSubscribe({ ok: false, error: { code: 'E', message: 'no' } }, 'BTCUSDT');
    leave();
    vi.advanceTimersByTime(REFUSED_BACKOFF.cap);
    expect(socket.sent('subscribe').filter((k) => (k as SubscriptionKey).symbol === 'BTCUSDT')).toHaveLength(
      1,
    );
  });

  it.each<[string, unknown, { message: string; code?: string }]>([
    [
      'an object as error.message',
      { ok: false, error: { message: { text: 'x' }, code: 'E' } },
      { message: 'subscribe refused', code: 'E' },
    ],
    [
      'an object as error.code',
      { ok: false, error: { message: 'no', code: { toString: 1 } } },
      { message: 'no' },
    ],
    ['a string as error', { ok: false, error: 'nope' }, { message: 'subscribe refused' }],
    ['null as error', { ok: false, error: null }, { message: 'subscribe refused' }],
    [
      'a 10,000-character message',
      { ok: false, error: { message: 'm'.repeat(10_000) } },
      { message: `${'m'.repeat(199)}\u2026` },
    ],
  ])('reads a refusal with %s without throwing, and tells the subscribers', (_, ack, error) => {
    const { hub, fake } = setup();
    const sub = subscriber();
    hub.subscribe(target, sub);
    fake.last().serverConnect();
    expect(() => fake.last().answerSubscribe(ack)).not.toThrow();
    expect(sub.status).toHaveBeenLastCalledWith({ state: 'down', error: { kind: 'refused', ...error } });
  });

  it('takes a server that never acknowledges as a broadcaster: live after ACK_TIMEOUT_MS', () => {
    const { hub, fake, logger } = setup();
    const sub = subscriber();
    hub.subscribe(target, sub);
    fake.last().serverConnect();
    vi.advanceTimersByTime(ACK_TIMEOUT_MS - 1);
    expect(sub.state).toBe('connecting');
    vi.advanceTimersByTime(1);
    expect(sub.state).toBe('live');
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('takes a regime message for a key as proof of its subscription', () => {
    const { hub, fake } = setup();
    const sub = subscriber();
    hub.subscribe(target, sub);
    fake.last().serverConnect();
    fake.last().serverEmit('regime', update());
    expect(sub.state).toBe('live');
  });

  it('ignores the acknowledgement of a subscription the connection has since lost', () => {
    const { hub, fake } = setup();
    const sub = subscriber();
    hub.subscribe(target, sub);
    const socket = fake.last();
    socket.serverConnect();
    socket.serverDisconnect();
    // socket.io-client fails the pending ack on close; the hub must not count that as "no ack: live".
    vi.advanceTimersByTime(ACK_TIMEOUT_MS * 2);
    expect(sub.status.mock.calls.map(([status]) => status.state)).toEqual(['connecting', 'down']);
  });
});

describe('SocketHub: key states, as a late subscriber hears them', () => {
  const refusal = { ok: false, error: { code: 'not_found', message: 'unknown symbol' } };
  const refused = {
    state: 'down',
    error: { message: 'unknown symbol', kind: 'refused', code: 'not_found' },
  };

  it('pending: a subscriber that joins a key waiting for its acknowledgement is told connecting', () => {
    const { hub, fake } = setup();
    hub.subscribe(target, subscriber());
    fake.last().serverConnect();
    const late = subscriber();
    hub.subscribe(target, late);
    expect(late.status).toHaveBeenCalledExactlyOnceWith({ state: 'connecting' });
  });

  it('refused: a subscriber that joins a refused key is told down, with the refusal', () => {
    const { hub, fake, logger } = setup();
    const first = subscriber();
    hub.subscribe(target, first);
    fake.last().serverConnect();
    fake.last().answerSubscribe(refusal);
    expect(first.status).toHaveBeenLastCalledWith(refused);
    const late = subscriber();
    hub.subscribe(target, late);
    expect(late.status).toHaveBeenCalledExactlyOnceWith(refused);
    // Joining a refused key asks nothing new of the server, and warns no more.
    expect(fake.last().sent('subscribe')).toHaveLength(1);
    expect(logger.warn).toHaveBeenCalledOnce();
  });

  it('refused: another key on the same connection is untouched', () => {
    const { hub, fake } = setup();
    hub.subscribe(target, subscriber(BTC));
    fake.last().serverConnect();
    fake.last().answerSubscribe(refusal, 'BTCUSDT');
    const eth = subscriber(ETH);
    hub.subscribe(target, eth);
    expect(eth.state).toBe('connecting');
    fake.last().answerSubscribe({ ok: true }, 'ETHUSDT');
    expect(eth.state).toBe('live');
  });

  it('refused, then the connection is lost and back: the key is asked for again and can go live', () => {
    const { hub, fake } = setup();
    const sub = subscriber();
    hub.subscribe(target, sub);
    const socket = fake.last();
    socket.serverConnect();
    socket.answerSubscribe(refusal);
    socket.serverDisconnect('transport close');
    const late = subscriber();
    hub.subscribe(target, late);
    expect(late.status).toHaveBeenCalledExactlyOnceWith({
      state: 'down',
      error: { message: 'transport close', kind: 'disconnect' },
    });
    vi.runOnlyPendingTimers();
    socket.serverConnect();
    expect(socket.sent('subscribe')).toEqual([BTC, BTC]);
    socket.answerSubscribe({ ok: true });
    expect([sub.state, late.state]).toEqual(['live', 'live']);
  });
});

describe('SocketHub: routing', () => {
  it('delivers a message to the subscribers of its key only; another key reaches nobody', () => {
    const { hub, fake } = setup();
    const [a, b, e] = [subscriber(BTC), subscriber(BTC), subscriber(ETH)];
    for (const s of [a, b, e]) hub.subscribe(target, s);
    const socket = fake.last();
    socket.serverConnect();

    const btc = update();
    socket.serverEmit('regime', btc);
    expect(a.regime).toHaveBeenCalledExactlyOnceWith({ ok: true, value: btc });
    expect(b.regime).toHaveBeenCalledExactlyOnceWith({ ok: true, value: btc });
    expect(e.regime).not.toHaveBeenCalled();

    socket.serverEmit('regime', update({ symbol: 'SOLUSDT' }));
    socket.serverEmit('regime', update({ timeframe: '4h' }));
    for (const s of [a, b]) expect(s.regime).toHaveBeenCalledOnce();
    expect(e.regime).not.toHaveBeenCalled();

    const alert = { symbol: 'ETHUSDT', timeframe: '1h', to: 'range', from: 'trend_up', timestamp: 1 };
    socket.serverEmit('regime:alert', alert);
    expect(e.alert).toHaveBeenCalledExactlyOnceWith({ ok: true, value: alert });
    expect(a.alert).not.toHaveBeenCalled();
    expect(b.alert).not.toHaveBeenCalled();
  });

  it('delivers an invalid payload for a key as { ok: false } with the reason', () => {
    const { hub, fake } = setup();
    const sub = subscriber();
    hub.subscribe(target, sub);
    const socket = fake.last();
    socket.serverConnect();
    socket.serverEmit('regime', update({ adx: 200 }));
    expect(sub.regime).toHaveBeenCalledExactlyOnceWith({ ok: false, reason: expect.stringMatching(/adx/) });
    socket.serverEmit('regime:alert', { ...BTC, to: 'x', severity: 'panic', timestamp: 1 });
    expect(sub.alert).toHaveBeenCalledExactlyOnceWith({
      ok: false,
      reason: expect.stringMatching(/severity/),
    });
  });

  it('drops a message it cannot route without reaching anyone', () => {
    const { hub, fake } = setup();
    const sub = subscriber();
    hub.subscribe(target, sub);
    const socket = fake.last();
    socket.serverConnect();
    const unroutable = [null, 'text', 42, [], { symbol: 1, timeframe: '1h' }, { symbol: 'BTCUSDT' }];
    for (const payload of unroutable) {
      socket.serverEmit('regime', payload);
      socket.serverEmit('regime:alert', payload);
    }
    expect(sub.regime).not.toHaveBeenCalled();
    expect(sub.alert).not.toHaveBeenCalled();
  });
});

describe('SocketHub: keyless payloads (no symbol, no timeframe)', () => {
  /** The classic troubleshooting server's test event. */
  const keyless = { regime: 'range', adx: 18.5, atrPct: 0.0156, timestamp: '2025-06-01T12:00:00.000Z' };

  it('belong to the only key on the connection: delivered with that key, and proof of its subscription', () => {
    const { hub, fake, logger } = setup();
    const [a, b] = [subscriber(BTC), subscriber(BTC)];
    hub.subscribe(target, a);
    hub.subscribe(target, b);
    const socket = fake.last();
    socket.serverConnect();
    socket.serverEmit('regime', keyless);
    for (const s of [a, b]) {
      expect(s.regime).toHaveBeenCalledExactlyOnceWith({ ok: true, value: { ...keyless, ...BTC } });
      expect(s.state).toBe('live');
    }
    socket.serverEmit('regime:alert', { to: 'trend_up', timestamp: 1 });
    expect(a.alert).toHaveBeenCalledExactlyOnceWith({
      ok: true,
      value: { to: 'trend_up', timestamp: 1, ...BTC },
    });
    expect(logger.warn).not.toHaveBeenCalled();
    expect(hub.diagnostics(target)?.droppedKeyless).toBe(0);
  });

  it('are checked like any other: an invalid one reaches the only key as { ok: false }', () => {
    const { hub, fake } = setup();
    const sub = subscriber();
    hub.subscribe(target, sub);
    fake.last().serverConnect();
    fake.last().serverEmit('regime', { regime: 'range' });
    expect(sub.regime).toHaveBeenCalledExactlyOnceWith({ ok: false, reason: expect.any(String) });
  });

  it('with several keys on the connection: dropped, counted, and one warning that says what to add', () => {
    const { hub, fake, logger } = setup();
    const [btc, eth] = [subscriber(BTC), subscriber(ETH)];
    hub.subscribe(target, btc);
    hub.subscribe(target, eth);
    const socket = fake.last();
    socket.serverConnect();
    socket.serverEmit('regime', keyless);
    socket.serverEmit('regime', keyless);
    socket.serverEmit('regime:alert', { to: 'trend_up', timestamp: 1 });
    for (const s of [btc, eth]) {
      expect(s.regime).not.toHaveBeenCalled();
      expect(s.alert).not.toHaveBeenCalled();
    }
    expect(hub.diagnostics(target)?.droppedKeyless).toBe(3);
    expect(logger.warn).toHaveBeenCalledOnce();
    const warning = String(logger.warn.mock.calls[0]?.[0]);
    expect(warning).toContain('http://ws.test');
    expect(warning).toContain('without symbol and timeframe');
    expect(warning).toContain('Add symbol and timeframe');
  });
});

describe('SocketHub: failures and retries', () => {
  it('falls back once to "/" when the default namespace is refused', () => {
    const { hub, fake, logger } = setup();
    const sub = subscriber();
    hub.subscribe(target, sub);
    const first = fake.last();
    first.connectError(ERRORS.namespace());

    expect(fake.open).toHaveBeenCalledTimes(2);
    expect(fake.open).toHaveBeenLastCalledWith('http://ws.test', '/socket.io', '/', 'websocket');
    expect(first.listenerCount).toBe(0);
    expect(first.disconnectCalls).toBe(1);
    const root = fake.last();
    expect(root.connectCalls).toBe(1);
    expect(logger.warn).not.toHaveBeenCalled();
    expect(sub.state).toBe('connecting');
    expect(hub.diagnostics(target)?.namespace).toBe('/');

    root.serverConnect();
    expect(root.sent('subscribe')).toEqual([BTC]);
    root.answerSubscribe({ ok: true });
    expect(sub.state).toBe('live');
  });

  it('falls back only once: "/" refused too is a failure, reported as the first refusal', () => {
    const { hub, fake, logger } = setup();
    const sub = subscriber();
    hub.subscribe(target, sub);
    fake.last().connectError(new Error('Unable to connect'));
    fake.last().connectError(ERRORS.namespace());
    expect(fake.open).toHaveBeenCalledTimes(2);
    expect(sub.status).toHaveBeenLastCalledWith({
      state: 'down',
      error: { message: 'Unable to connect', kind: 'refused' },
    });
    expect(hub.diagnostics(target)?.lastError).toEqual({ message: 'Unable to connect', kind: 'refused' });
    expect(logger.warn).toHaveBeenCalledOnce();
    const warning = String(logger.warn.mock.calls[0]?.[0]);
    expect(warning).toContain('refused namespace "/signals" (Unable to connect) and "/" too');
    expect(warning).toContain('set ws-namespace');
  });

  it.each([
    ["Node's Invalid namespace", ERRORS.namespace()],
    ["python-socketio's plain string", new Error('Unable to connect')],
    ['an empty refusal', new Error('')],
    ["a middleware's refusal", Object.assign(new Error('not authorized'), { data: { code: 'AUTH' } })],
  ])('falls back to "/" on any refusal of the default namespace: %s', (_, refusal) => {
    const { hub, fake, logger } = setup();
    const sub = subscriber();
    hub.subscribe(target, sub);
    fake.last().connectError(refusal);
    expect(fake.open).toHaveBeenLastCalledWith('http://ws.test', '/socket.io', '/', 'websocket');
    expect(logger.warn).not.toHaveBeenCalled();
    fake.last().serverConnect();
    fake.last().answerSubscribe({ ok: true });
    expect(sub.state).toBe('live');
  });

  it('does not fall back for a Socket.IO 2 server, and the warning says v2: no namespace would do', () => {
    const { hub, fake, logger } = setup();
    const sub = subscriber();
    hub.subscribe(target, sub);
    // socket.io-client's words when a v2 server answers the namespace's CONNECT without a sid.
    const v2 =
      'It seems you are trying to reach a Socket.IO server in v2.x with a v3.x client, but they are not compatible';
    fake.last().connectError(new Error(v2));
    expect(fake.open).toHaveBeenCalledTimes(1);
    expect(sub.state).not.toBe('live');
    expect(logger.warn).toHaveBeenCalledOnce();
    expect(String(logger.warn.mock.calls[0]?.[0])).toContain('Socket.IO server in v2.x');
  });

  it('does not fall back on a transport failure or a timeout: those are not refusals', () => {
    const { hub, fake } = setup();
    hub.subscribe(target, subscriber());
    fake.last().connectError(ERRORS.transport());
    vi.runOnlyPendingTimers();
    fake.last().connectError(ERRORS.timeout());
    expect(fake.sockets.map((s) => s.namespace)).toEqual(['/signals', '/signals']);
  });

  it('falls back onto an open "/" connection rather than opening a second Socket for "/"', () => {
    const { hub, fake } = setup();
    const rooted = subscriber(ETH);
    hub.subscribe({ ...target, namespace: '/', namespaceExplicit: true }, rooted);
    const root = fake.last();
    root.serverConnect();
    root.answerSubscribe({ ok: true });
    const fallen = subscriber(BTC);
    const leave = hub.subscribe(target, fallen);
    fake.last().connectError(ERRORS.namespace());
    expect(fake.open).toHaveBeenCalledTimes(2);
    expect(hub.connections).toBe(1);
    expect(root.sent('subscribe')).toEqual([ETH, BTC]);
    root.answerSubscribe({ ok: true });
    expect(fallen.state).toBe('live');

    // A later widget with the default namespace goes straight to "/".
    const later = subscriber(BTC);
    hub.subscribe(target, later);
    expect(fake.open).toHaveBeenCalledTimes(2);
    expect(later.state).toBe('live');

    leave();
    expect(root.disconnectCalls).toBe(0);
    root.serverEmit('regime', update({ symbol: 'ETHUSDT' }));
    expect(rooted.regime).toHaveBeenCalledOnce();
  });

  it('moves only the subscribers that left the namespace unset; an explicit one stays and is told', () => {
    const { hub, fake } = setup();
    const fallen = subscriber(BTC);
    const explicit = subscriber(ETH);
    hub.subscribe(target, fallen);
    hub.subscribe({ ...target, namespaceExplicit: true }, explicit);
    const signals = fake.last();
    signals.connectError(ERRORS.namespace());
    expect(fake.open).toHaveBeenLastCalledWith('http://ws.test', '/socket.io', '/', 'websocket');
    expect(hub.connections).toBe(2);
    expect(fallen.state).toBe('connecting');
    expect(explicit.status).toHaveBeenLastCalledWith({
      state: 'down',
      error: { message: 'Invalid namespace', kind: 'refused' },
    });
    expect(signals.disconnectCalls).toBe(0);
    expect(hub.diagnostics({ ...target, namespaceExplicit: true })?.namespace).toBe('/signals');
    expect(hub.diagnostics(target)?.namespace).toBe('/');
  });

  it('does not fall back from an explicit namespace; the warning names it', () => {
    const { hub, fake, logger } = setup();
    const sub = subscriber();
    const explicit = { ...target, namespaceExplicit: true };
    hub.subscribe(explicit, sub);
    fake.last().connectError(ERRORS.namespace());
    expect(fake.open).toHaveBeenCalledTimes(1);
    expect(sub.status).toHaveBeenLastCalledWith({
      state: 'down',
      error: { message: 'Invalid namespace', kind: 'refused' },
    });
    expect(logger.warn).toHaveBeenCalledOnce();
    const warning = String(logger.warn.mock.calls[0]?.[0]);
    expect(warning).toContain('http://ws.test');
    expect(warning).toContain('"/signals"');
    expect(warning).toContain('Invalid namespace');
    expect(warning).toMatch(/REST/);
  });

  it('warns once per outage, naming URL, namespace, message and description; again after a recovery', () => {
    const { hub, fake, logger } = setup();
    hub.subscribe(target, subscriber());
    const socket = fake.last();
    for (let i = 0; i < 6; i++) {
      socket.connectError(ERRORS.transport());
      vi.runOnlyPendingTimers();
    }
    expect(socket.connectCalls).toBe(7);
    expect(logger.warn).toHaveBeenCalledOnce();
    const warning = String(logger.warn.mock.calls[0]?.[0]);
    expect(warning).toContain('http://ws.test');
    expect(warning).toContain('/signals');
    expect(warning).toContain('websocket error');
    expect(warning).toContain('description: x');

    socket.serverConnect();
    expect(logger.info).not.toHaveBeenCalled();
    vi.advanceTimersByTime(STABLE_AFTER_MS);
    expect(logger.info).toHaveBeenCalledOnce();
    socket.serverDisconnect('transport close');
    socket.connectError(ERRORS.transport());
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(logger.warn.mock.calls[1]?.[0]).toContain('transport close');
  });

  it('retries transport failures with growing, capped delays', () => {
    const { hub, fake } = setup(() => 0);
    hub.subscribe(target, subscriber());
    const socket = fake.last();
    // random 0: half of 1000, 2000, 4000, then of the 5000 cap.
    for (const delay of [500, 1000, 2000, 2500, 2500]) {
      const calls = socket.connectCalls;
      socket.connectError(ERRORS.transport());
      vi.advanceTimersByTime(delay - 1);
      expect(socket.connectCalls).toBe(calls);
      vi.advanceTimersByTime(1);
      expect(socket.connectCalls).toBe(calls + 1);
    }
  });

  it('retries a refused connection with REFUSED_BACKOFF, a timeout with TRANSPORT_BACKOFF', () => {
    const refused = setup(() => 1);
    refused.hub.subscribe({ ...target, namespaceExplicit: true }, subscriber());
    const socket = refused.fake.last();
    socket.connectError(ERRORS.namespace());
    vi.advanceTimersByTime(REFUSED_BACKOFF.base - 1);
    expect(socket.connectCalls).toBe(1);
    vi.advanceTimersByTime(1);
    expect(socket.connectCalls).toBe(2);
    socket.connectError(new Error('not authorized'));
    vi.advanceTimersByTime(2 * REFUSED_BACKOFF.base - 1);
    expect(socket.connectCalls).toBe(2);
    vi.advanceTimersByTime(1);
    expect(socket.connectCalls).toBe(3);

    const timedOut = setup(() => 1);
    timedOut.hub.subscribe(target, subscriber());
    const other = timedOut.fake.last();
    other.connectError(ERRORS.timeout());
    vi.advanceTimersByTime(TRANSPORT_BACKOFF.base);
    expect(other.connectCalls).toBe(2);
  });

  it('starts the backoff over after a connection that stayed up STABLE_AFTER_MS', () => {
    const { hub, fake } = setup(() => 1);
    hub.subscribe(target, subscriber());
    const socket = fake.last();
    for (let i = 0; i < 4; i++) {
      socket.connectError(ERRORS.transport());
      vi.runOnlyPendingTimers();
    }
    socket.serverConnect();
    vi.advanceTimersByTime(STABLE_AFTER_MS);
    socket.serverDisconnect('ping timeout');
    const calls = socket.connectCalls;
    vi.advanceTimersByTime(TRANSPORT_BACKOFF.base);
    expect(socket.connectCalls).toBe(calls + 1);
  });

  it('tells a subscriber that joins a failed connection that it is down', () => {
    const { hub, fake } = setup();
    hub.subscribe(target, subscriber());
    fake.last().connectError(ERRORS.transport());
    const late = subscriber(ETH);
    hub.subscribe(target, late);
    expect(late.status).toHaveBeenCalledExactlyOnceWith({
      state: 'down',
      error: { message: 'websocket error', kind: 'transport', description: 'x' },
    });
  });
});

describe('SocketHub: long-polling when the WebSocket cannot pass', () => {
  it('tries long-polling at once after a WebSocket transport failure, and is live over it without a word', () => {
    const fake = fakeOpen('answers');
    const logger = loggerSpy();
    const hub = new SocketHub({ open: fake.open, random: () => 0, logger });
    const sub = subscriber();
    hub.subscribe(target, sub);
    const websocket = fake.last();
    websocket.connectError(ERRORS.transport());
    expect(fake.open).toHaveBeenLastCalledWith('http://ws.test', '/socket.io', '/signals', 'polling');
    const polling = fake.last();
    expect(polling.connectCalls).toBe(1);
    expect(websocket.listenerCount).toBe(0);
    // One attempt so far: the subscriber has not been told of the WebSocket's failure.
    expect(sub.status.mock.calls.map(([status]) => status.state)).toEqual(['connecting']);
    polling.serverConnect();
    polling.answerSubscribe({ ok: true });
    expect(sub.state).toBe('live');
    expect(hub.diagnostics(target)).toMatchObject({ state: 'up', transport: 'polling', attempts: 1 });
    expect(logger.warn).not.toHaveBeenCalled();
    expect(hub.connections).toBe(1);
  });

  it("long-polling failing too: down with the WebSocket's error, one warning, and the next attempt starts with the WebSocket", () => {
    const { hub, fake, logger } = setup();
    const sub = subscriber();
    hub.subscribe(target, sub);
    const websocket = fake.last();
    websocket.connectError(ERRORS.transport());
    expect(sub.status).toHaveBeenLastCalledWith({
      state: 'down',
      error: { message: 'websocket error', kind: 'transport', description: 'x' },
    });
    expect(logger.warn).toHaveBeenCalledOnce();
    expect(String(logger.warn.mock.calls[0]?.[0])).toContain('long-polling failed too');
    vi.advanceTimersByTime(500);
    expect(fake.last()).toBe(websocket);
    expect(websocket.connectCalls).toBe(2);
  });

  it('goes back to the WebSocket at the next attempt after a long-polling connection is lost', () => {
    const fake = fakeOpen('answers');
    const hub = new SocketHub({ open: fake.open, random: () => 0, logger: loggerSpy() });
    hub.subscribe(target, subscriber());
    const websocket = fake.last();
    websocket.connectError(ERRORS.transport());
    const polling = fake.last();
    polling.serverConnect();
    polling.serverDisconnect('transport close');
    vi.advanceTimersByTime(500);
    expect(fake.last()).toBe(websocket);
    expect(websocket.connectCalls).toBe(2);
  });

  it.each([
    ['a refusal (the server answered)', ERRORS.namespace()],
    ['a timeout (a black hole takes long-polling too)', ERRORS.timeout()],
  ])('does not try long-polling after %s', (_, error) => {
    const { hub, fake } = setup();
    hub.subscribe({ ...target, namespaceExplicit: true }, subscriber());
    fake.last().connectError(error);
    expect(fake.sockets.map((s) => s.transport)).toEqual(['websocket']);
  });
});

describe('SocketHub: the page', () => {
  it('retries a failed connection at once when the browser is back online or the page is shown', () => {
    const page = new FakePage();
    const fake = fakeOpen();
    const hub = new SocketHub({ open: fake.open, random: () => 1, logger: loggerSpy(), page });
    const leave = hub.subscribe(target, subscriber());
    const socket = fake.last();
    socket.connectError(ERRORS.transport());
    expect(page.listening).toBe(1);
    page.goOnline();
    expect(socket.connectCalls).toBe(2);
    socket.connectError(ERRORS.transport());
    page.show();
    expect(socket.connectCalls).toBe(3);
    // Connected, or connecting: nothing to hurry.
    page.goOnline();
    expect(socket.connectCalls).toBe(3);
    socket.serverConnect();
    page.show();
    expect(socket.connectCalls).toBe(3);
    leave();
    expect(page.listening).toBe(0);
  });
});

describe('SocketHub: leaving', () => {
  it('emits unsubscribe when the last subscriber of a key leaves a connected socket', () => {
    const { hub, fake } = setup();
    const leaveA = hub.subscribe(target, subscriber(BTC));
    const leaveB = hub.subscribe(target, subscriber(BTC));
    hub.subscribe(target, subscriber(ETH));
    const socket = fake.last();
    socket.serverConnect();
    leaveA();
    expect(socket.sent('unsubscribe')).toEqual([]);
    leaveB();
    expect(socket.sent('unsubscribe')).toEqual([BTC]);
    expect(socket.disconnectCalls).toBe(0);
  });

  it('does not emit unsubscribe on a socket that is not connected', () => {
    const { hub, fake } = setup();
    const leave = hub.subscribe(target, subscriber(BTC));
    hub.subscribe(target, subscriber(ETH));
    leave();
    expect(fake.last().sent('unsubscribe')).toEqual([]);
  });

  it('stops routing to a subscriber that left', () => {
    const { hub, fake } = setup();
    const gone = subscriber();
    const stays = subscriber();
    const leave = hub.subscribe(target, gone);
    hub.subscribe(target, stays);
    fake.last().serverConnect();
    leave();
    fake.last().serverEmit('regime', update());
    expect(gone.regime).not.toHaveBeenCalled();
    expect(stays.regime).toHaveBeenCalledOnce();
  });

  it('closes the connection when the last subscriber leaves: disconnect, listeners off, timers cleared', () => {
    const { hub, fake } = setup();
    const leaves = [hub.subscribe(target, subscriber(BTC)), hub.subscribe(target, subscriber(ETH))];
    const socket = fake.last();
    socket.serverConnect();
    expect(socket.pendingAcks).toBe(2);
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    for (const leave of leaves) leave();
    expect(socket.disconnectCalls).toBe(1);
    expect(socket.listenerCount).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(hub.connections).toBe(0);
    expect(hub.diagnostics(target)).toBeUndefined();
  });

  it('clears a pending retry when the last subscriber leaves', () => {
    const { hub, fake } = setup();
    const leave = hub.subscribe(target, subscriber());
    const socket = fake.last();
    socket.connectError(ERRORS.transport());
    expect(vi.getTimerCount()).toBe(1);
    leave();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(60_000);
    expect(socket.connectCalls).toBe(1);
    expect(socket.listenerCount).toBe(0);
  });

  it('leaving twice is harmless, and a new subscriber opens a new connection', () => {
    const { hub, fake } = setup();
    const leave = hub.subscribe(target, subscriber());
    const keep = hub.subscribe(target, subscriber());
    leave();
    leave();
    expect(hub.connections).toBe(1);
    expect(fake.last().disconnectCalls).toBe(0);
    keep();
    expect(hub.connections).toBe(0);
    hub.subscribe(target, subscriber());
    expect(fake.open).toHaveBeenCalledTimes(2);
    expect(hub.connections).toBe(1);
  });
});

describe('SocketHub: diagnostics', () => {
  it('says where the connection goes, its state, attempts, transport and last error', () => {
    const { hub, fake } = setup();
    hub.subscribe(target, subscriber());
    hub.subscribe(target, subscriber(ETH));
    expect(hub.diagnostics(target)).toEqual({
      url: 'http://ws.test',
      path: '/socket.io',
      namespace: '/signals',
      state: 'connecting',
      attempts: 1,
      subscribers: 2,
      droppedKeyless: 0,
    });
    fake.last().connectError(ERRORS.transport());
    vi.runOnlyPendingTimers();
    expect(hub.diagnostics(target)).toMatchObject({
      state: 'down',
      attempts: 2,
      lastError: { message: 'websocket error', kind: 'transport', description: 'x' },
    });
    fake.last().serverConnect();
    const up = hub.diagnostics(target);
    expect(up).toMatchObject({ state: 'up', transport: 'websocket' });
    expect(up?.lastError).toBeUndefined();
  });
});

describe('openSocketIo', () => {
  it('shares one manager per URL, path and transport, and does not connect by itself', () => {
    const open = openSocketIo();
    const signals = open('http://127.0.0.1:9', '/socket.io', '/signals', 'websocket');
    const root = open('http://127.0.0.1:9', '/socket.io', '/', 'websocket');
    const otherPath = open('http://127.0.0.1:9', '/ws', '/signals', 'websocket');
    const polling = open('http://127.0.0.1:9', '/socket.io', '/signals', 'polling');
    expect(signals.io).toBe(root.io);
    expect(otherPath.io).not.toBe(signals.io);
    expect(polling.io).not.toBe(signals.io);
    expect(open('http://127.0.0.1:9', '/socket.io', '/', 'polling').io).toBe(polling.io);
    const transports = (socket: typeof signals) =>
      (socket.io as unknown as { opts: { transports: unknown } }).opts;
    expect(transports(signals)).toMatchObject({ transports: ['websocket'], reconnection: false });
    expect(transports(polling)).toMatchObject({ transports: ['polling'], reconnection: false });
    expect(signals).not.toBe(root);
    expect(signals.connected).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});
