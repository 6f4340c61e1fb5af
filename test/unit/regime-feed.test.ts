import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionChange } from '../../src/contract/types.js';
import { SOCKET_GRACE_MS } from '../../src/feed/mode.js';
import {
  HISTORY_REFETCH_MS,
  LOSS_REFRESH_SPREAD_MS,
  RegimeFeed,
  SILENT_AFTER_MS,
  type FeedListener,
} from '../../src/feed/regime-feed.js';
import { RestHub } from '../../src/feed/rest-hub.js';
import { SocketHub } from '../../src/feed/socket-hub.js';
import type { FeedTarget, SocketTarget } from '../../src/feed/target.js';
import {
  ERRORS,
  fakeFetch,
  fakeOpen,
  FakePage,
  history,
  loggerSpy,
  settle,
  update,
  type Answer,
  type FakeSocket,
} from '../fakes/index.js';

const API = 'http://api.test/api';
const SOCKET: SocketTarget = {
  url: 'http://ws.test',
  path: '/socket.io',
  namespace: '/signals',
  namespaceExplicit: false,
};
const POLL = 15000;

interface Options {
  api?: boolean;
  socket?: SocketTarget | false;
  history?: number;
  random?: () => number;
}

/**
 * A feed for BTCUSDT 1h over fake hubs. `server.regime` and `server.history` answer REST; the test
 * plays the socket server through `socket()`.
 */
function setup(options: Options = {}) {
  const server = {
    regime: (): Answer => ({ json: update() }),
    history: (): Answer => ({ json: history(3) }),
  };
  const fetch = fakeFetch((url) =>
    url.pathname.endsWith('/regime/history') ? server.history() : server.regime(),
  );
  const { open, last } = fakeOpen();
  const hubLogger = loggerSpy();
  const sockets = new SocketHub({ open, random: () => 0, logger: hubLogger });
  const page = new FakePage();
  const rest = new RestHub({ fetch, page, random: options.random ?? (() => 0), logger: hubLogger });
  const logger = loggerSpy();
  const listener = {
    update: vi.fn<NonNullable<FeedListener['update']>>(),
    history: vi.fn<NonNullable<FeedListener['history']>>(),
    alert: vi.fn<NonNullable<FeedListener['alert']>>(),
    mode: vi.fn<(change: ConnectionChange) => void>(),
    status: vi.fn<() => void>(),
    confirmed: vi.fn<(at: number) => void>(),
  };
  const target: FeedTarget = {
    symbol: 'BTCUSDT',
    timeframe: '1h',
    ...(options.api !== false && { apiUrl: API }),
    ...(options.socket !== false && { socket: options.socket ?? SOCKET }),
  };
  const feed = new RegimeFeed(
    {
      target,
      pollInterval: POLL,
      history: options.history ?? 120,
      sockets,
      rest,
      logger,
    },
    listener,
  );
  return {
    feed,
    server,
    fetch,
    open,
    sockets,
    rest,
    page,
    logger,
    hubLogger,
    listener,
    /** The socket the hub opened last. */
    socket: last,
    /** Every mode the feed announced, in order. */
    modes: () => listener.mode.mock.calls.map(([change]) => change.mode),
    /** A second feed for the same key on the same hubs, as a second widget on the page. */
    another: (other: FeedListener) =>
      new RegimeFeed({ target, pollInterval: POLL, history: 120, sockets, rest, logger: loggerSpy() }, other),
    regimeRequests: () => fetch.count('/regime'),
    historyRequests: () => fetch.count('/regime/history'),
  };
}

/** Connects the socket and acknowledges every pending subscribe. */
function goLive(socket: FakeSocket) {
  socket.serverConnect();
  while (socket.answerSubscribe({ ok: true }));
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.UTC(2025, 5, 1, 12));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('RegimeFeed: start', () => {
  it('asks REST for the current regime and history and subscribes the socket, all at once', () => {
    const t = setup();
    expect(t.feed.mode).toBe('connecting');
    t.feed.start();
    expect(t.fetch.calls.map((c) => c.url)).toEqual([
      `${API}/regime?symbol=BTCUSDT&timeframe=1h`,
      `${API}/regime/history?symbol=BTCUSDT&timeframe=1h&limit=120`,
    ]);
    expect(t.open).toHaveBeenCalledExactlyOnceWith('http://ws.test', '/socket.io', '/signals', 'websocket');
    expect(t.socket().connectCalls).toBe(1);
    expect(t.feed.mode).toBe('connecting');
  });

  it('shows REST data while the socket has not answered: REST never waits on the socket', async () => {
    const t = setup();
    t.feed.start();
    await settle();
    expect(t.listener.update).toHaveBeenCalledOnce();
    expect(t.listener.update.mock.calls[0]?.[1]).toBe('rest');
    expect(t.listener.history).toHaveBeenCalledExactlyOnceWith(history(3).points);
    expect(t.feed.regime).toEqual(t.listener.update.mock.calls[0]?.[0]);
    expect(t.listener.confirmed).toHaveBeenCalledExactlyOnceWith(Date.now());
    expect(t.socket().connected).toBe(false);
  });

  it('keeps only the newest `history` points', async () => {
    const t = setup({ history: 2 });
    t.server.history = () => ({ json: history(5) });
    t.feed.start();
    await settle();
    expect(t.listener.history).toHaveBeenCalledExactlyOnceWith(history(5).points.slice(-2));
  });
});

describe('RegimeFeed: modes', () => {
  it('socket ok: connecting -> live, and no REST polling while live', async () => {
    const t = setup();
    t.feed.start();
    goLive(t.socket());
    expect(t.listener.mode).toHaveBeenCalledExactlyOnceWith({
      mode: 'live',
      previous: 'connecting',
      reason: 'subscribed',
    });
    await settle();
    await vi.advanceTimersByTimeAsync(10 * POLL);
    expect(t.modes()).toEqual(['live']);
    expect(t.regimeRequests()).toBe(1);
    expect(t.historyRequests()).toBe(1);
  });

  it('socket refused, REST ok: polling, and REST polls at the interval', async () => {
    const t = setup({ socket: { ...SOCKET, namespaceExplicit: true } });
    t.feed.start();
    t.socket().connectError(ERRORS.namespace());
    expect(t.feed.mode).toBe('connecting');
    await settle();
    expect(t.modes()).toEqual(['polling']);
    expect(t.listener.mode.mock.calls[0]?.[0]).toMatchObject({ previous: 'connecting' });
    await vi.advanceTimersByTimeAsync(POLL);
    expect(t.regimeRequests()).toBe(2);
  });

  it('socket refused after REST answered: polling at once, before the grace period ends', async () => {
    const t = setup();
    t.feed.start();
    await settle();
    expect(t.feed.mode).toBe('connecting');
    t.socket().connectError(ERRORS.transport());
    expect(t.listener.mode).toHaveBeenCalledExactlyOnceWith({
      mode: 'polling',
      previous: 'connecting',
      reason: 'socket: websocket error (description: x)',
    });
  });

  it('socket refused before REST answered: polling when REST answers, and the event says why', async () => {
    const t = setup();
    t.feed.start();
    t.socket().connectError(ERRORS.transport());
    expect(t.feed.mode).toBe('connecting');
    await settle();
    expect(t.listener.mode).toHaveBeenCalledExactlyOnceWith({
      mode: 'polling',
      previous: 'connecting',
      reason: 'socket: websocket error (description: x)',
    });
    expect(t.feed.cause).toBe('websocket error');
  });

  it('socket failing while already polling: the reason follows, with no second mode event', async () => {
    const t = setup();
    t.feed.start();
    await settle();
    await vi.advanceTimersByTimeAsync(SOCKET_GRACE_MS);
    expect(t.modes()).toEqual(['polling']);
    expect(t.feed.reason).toBe(`no socket after ${SOCKET_GRACE_MS} ms`);
    expect(t.feed.cause).toBeUndefined();
    const told = t.listener.status.mock.calls.length;
    t.socket().connectError(ERRORS.timeout());
    expect(t.modes()).toEqual(['polling']);
    expect(t.feed.reason).toBe('socket: timeout');
    expect(t.feed.cause).toBe('timeout');
    expect(t.listener.status).toHaveBeenCalledTimes(told + 1);
  });

  it('black-holed socket: connecting until SOCKET_GRACE_MS, then polling over REST', async () => {
    const t = setup();
    t.feed.start();
    await settle();
    expect(t.listener.update).toHaveBeenCalledOnce();
    await vi.advanceTimersByTimeAsync(SOCKET_GRACE_MS - 1);
    expect(t.feed.mode).toBe('connecting');
    await vi.advanceTimersByTimeAsync(1);
    expect(t.listener.mode).toHaveBeenCalledExactlyOnceWith({
      mode: 'polling',
      previous: 'connecting',
      reason: `no socket after ${SOCKET_GRACE_MS} ms`,
    });
  });

  it('both failing: offline, and the last data stays', async () => {
    const t = setup();
    t.feed.start();
    await settle();
    const shown = t.feed.regime;
    expect(shown).not.toBeNull();

    t.server.regime = () => ({ reject: new TypeError('fetch failed') });
    t.socket().connectError(ERRORS.transport());
    expect(t.modes()).toEqual(['polling']);
    await vi.advanceTimersByTimeAsync(POLL);
    expect(t.modes()).toEqual(['polling', 'offline']);
    expect(t.listener.mode.mock.calls[1]?.[0].reason).toMatch(/REST.*fetch failed/);
    expect(t.feed.regime).toEqual(shown);
  });

  it('both failing from the start: offline after the grace period', async () => {
    const t = setup();
    t.server.regime = () => ({ status: 503, json: { error: { code: 'DOWN', message: 'maintenance' } } });
    t.feed.start();
    t.socket().connectError(ERRORS.transport());
    await settle();
    expect(t.feed.mode).toBe('offline');
    expect(t.modes()).toEqual(['offline']);
    expect(t.feed.regime).toBeNull();
  });

  it('recovers from offline to polling when REST answers again', async () => {
    const t = setup({ socket: false });
    t.server.regime = () => ({ reject: new TypeError('fetch failed') });
    t.feed.start();
    await settle();
    expect(t.modes()).toEqual(['offline']);
    t.server.regime = () => ({ json: update() });
    await vi.advanceTimersByTimeAsync(1000);
    expect(t.modes()).toEqual(['offline', 'polling']);
  });

  it('API only: polling as soon as REST answers, no socket opened', async () => {
    const t = setup({ socket: false });
    t.feed.start();
    expect(t.feed.mode).toBe('connecting');
    await settle();
    expect(t.modes()).toEqual(['polling']);
    expect(t.open).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(POLL);
    expect(t.regimeRequests()).toBe(2);
  });

  it('socket only: live without any request', () => {
    const t = setup({ api: false });
    t.feed.start();
    goLive(t.socket());
    expect(t.modes()).toEqual(['live']);
    expect(t.fetch).not.toHaveBeenCalled();
  });

  it('live, socket lost: polling at once with a REST refresh within a second; back: live with one history request', async () => {
    const t = setup({ random: () => 0.999 });
    t.feed.start();
    await settle();
    goLive(t.socket());
    expect(t.regimeRequests()).toBe(1);
    expect(t.historyRequests()).toBe(1);

    t.socket().serverDisconnect('transport close');
    expect(t.feed.mode).toBe('polling');
    expect(t.listener.mode).toHaveBeenLastCalledWith({
      mode: 'polling',
      previous: 'live',
      reason: 'socket: transport close',
    });
    // Spread over the first second, so a node's widgets do not all ask at once.
    await vi.advanceTimersByTimeAsync(LOSS_REFRESH_SPREAD_MS - 2);
    expect(t.regimeRequests()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.regimeRequests()).toBe(2);
    await settle();
    expect(t.listener.update).toHaveBeenCalledTimes(2);

    // The hub has retried after 500 ms (random 0); the server is back.
    expect(t.socket().connectCalls).toBe(2);
    goLive(t.socket());
    expect(t.modes()).toEqual(['live', 'polling', 'live']);
    expect(t.historyRequests()).toBe(2);
    await settle();
    expect(t.listener.history).toHaveBeenCalledTimes(2);

    await vi.advanceTimersByTimeAsync(10 * POLL);
    expect(t.historyRequests()).toBe(2);
    expect(t.regimeRequests()).toBe(2);
  });

  it('a socket that flaps reloads history at most once per HISTORY_REFETCH_MS, and fills the last gap', async () => {
    const t = setup();
    t.feed.start();
    await settle();
    goLive(t.socket());
    for (let i = 0; i < 20; i++) {
      t.socket().serverDisconnect('transport close');
      await vi.advanceTimersByTimeAsync(3000);
      goLive(t.socket());
    }
    // 60 s of flapping: the first return at once, then one per HISTORY_REFETCH_MS.
    expect(t.historyRequests()).toBe(1 + 2);
    await vi.advanceTimersByTimeAsync(HISTORY_REFETCH_MS);
    expect(t.historyRequests()).toBe(1 + 3);
    await vi.advanceTimersByTimeAsync(10 * HISTORY_REFETCH_MS);
    expect(t.historyRequests()).toBe(1 + 3);
  });

  it('says what carries the live socket: the WebSocket, or long-polling', async () => {
    const t = setup();
    t.feed.start();
    expect(t.feed.transport).toBeUndefined();
    goLive(t.socket());
    expect(t.feed.transport).toBe('websocket');
    t.socket().serverDisconnect('transport close');
    expect(t.feed.transport).toBeUndefined();
  });

  it('a late subscriber of a live connection is live at once and reloads no history', async () => {
    const t = setup();
    t.feed.start();
    goLive(t.socket());
    const second = t.another({});
    second.start();
    expect(second.mode).toBe('live');
    expect(t.open).toHaveBeenCalledOnce();
    expect(t.sockets.connections).toBe(1);
    expect(t.historyRequests()).toBe(1);
    second.dispose();
  });
});

describe('RegimeFeed: live but silent', () => {
  const silence = 'connected, but the server has sent nothing for BTCUSDT 1h';

  it(`says so when no valid regime for the key came over the socket ${SILENT_AFTER_MS} ms after it went live`, async () => {
    const t = setup();
    t.feed.start();
    await settle();
    goLive(t.socket());
    await vi.advanceTimersByTimeAsync(SILENT_AFTER_MS - 1);
    expect([t.feed.silent, t.feed.reason]).toEqual([false, 'subscribed']);
    const told = t.listener.status.mock.calls.length;
    await vi.advanceTimersByTimeAsync(1);
    expect(t.feed.mode).toBe('live');
    expect(t.feed.silent).toBe(true);
    expect(t.feed.reason).toBe(silence);
    expect(t.feed.diagnostics.reason).toBe(silence);
    expect(t.listener.status).toHaveBeenCalledTimes(told + 1);
    expect(t.modes()).toEqual(['live']);

    // An invalid one is not data; a valid one, even not newer than REST's, is.
    t.socket().serverEmit('regime', update({ adx: 500 }));
    expect(t.feed.silent).toBe(true);
    t.socket().serverEmit('regime', { ...t.feed.regime });
    expect(t.feed.silent).toBe(false);
    expect(t.feed.reason).toBe('subscribed');
    expect(t.listener.status).toHaveBeenCalledTimes(told + 2);
  });

  it('is not silent when the current reading came before the acknowledgement', async () => {
    const t = setup({ api: false });
    t.feed.start();
    const socket = t.socket();
    socket.serverConnect();
    socket.serverEmit('regime', update());
    socket.answerSubscribe({ ok: true });
    await vi.advanceTimersByTimeAsync(10 * SILENT_AFTER_MS);
    expect(t.feed.silent).toBe(false);
  });

  it('starts over with each connection, and stops with the socket and with dispose', async () => {
    const t = setup();
    t.feed.start();
    goLive(t.socket());
    t.socket().serverEmit('regime', update());
    t.socket().serverDisconnect('transport close');
    await vi.advanceTimersByTimeAsync(500);
    goLive(t.socket());
    await vi.advanceTimersByTimeAsync(SILENT_AFTER_MS);
    expect(t.feed.silent).toBe(true);
    t.socket().serverDisconnect('transport close');
    expect(t.feed.silent).toBe(false);
    expect(t.feed.reason).toBe('socket: transport close');
    await vi.advanceTimersByTimeAsync(500);
    goLive(t.socket());
    t.feed.dispose();
    await settle();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('RegimeFeed: what it accepts', () => {
  it('ignores updates for another key, from the socket and from REST', async () => {
    const t = setup();
    t.server.regime = () => ({ json: update({ symbol: 'ETHUSDT' }) });
    t.feed.start();
    goLive(t.socket());
    await settle();
    t.socket().serverEmit('regime', update({ symbol: 'ETHUSDT' }));
    t.socket().serverEmit('regime', update({ timeframe: '4h' }));
    expect(t.listener.update).not.toHaveBeenCalled();
    expect(t.feed.regime).toBeNull();
    expect(t.logger.warn).toHaveBeenCalledOnce();
    expect(t.logger.warn.mock.calls[0]?.[0]).toMatch(/another symbol or timeframe/);

    const own = update();
    t.socket().serverEmit('regime', own);
    expect(t.listener.update).toHaveBeenCalledExactlyOnceWith(own, 'socket');
  });

  it('ignores updates not newer than the shown one', () => {
    const t = setup({ api: false });
    t.feed.start();
    goLive(t.socket());
    const shown = update({ timestamp: Date.UTC(2025, 5, 1, 10) });
    t.socket().serverEmit('regime', shown);
    t.socket().serverEmit('regime', { ...shown, regime: 'range' });
    t.socket().serverEmit('regime', { ...shown, regime: 'range', timestamp: Date.UTC(2025, 5, 1, 9) });
    t.socket().serverEmit('regime', { ...shown, regime: 'range', timestamp: '2025-06-01T10:00:00Z' });
    expect(t.listener.update).toHaveBeenCalledExactlyOnceWith(shown, 'socket');
    expect(t.feed.regime).toEqual(shown);
    // Neither an older reading nor another one of the same time confirms the shown state.
    expect(t.listener.confirmed).toHaveBeenCalledTimes(1);
    // The same reading again (a poll of a key whose candle has not closed) does.
    t.socket().serverEmit('regime', { ...shown, timestamp: '2025-06-01T10:00:00Z' });
    expect(t.listener.confirmed).toHaveBeenCalledTimes(2);

    const newer = { ...shown, regime: 'volatile', timestamp: '2025-06-01T10:00:01Z' };
    t.socket().serverEmit('regime', newer);
    expect(t.listener.update).toHaveBeenLastCalledWith(newer, 'socket');
    expect(t.feed.regime).toEqual(newer);
  });

  it('drops a reading from the future (a clock error, epoch microseconds): later real readings show, and only they confirm', async () => {
    const t = setup({ api: false });
    t.feed.start();
    goLive(t.socket());
    const real = (minutes: number) =>
      update({ adx: 20 + minutes, timestamp: Date.now() - 60 * 60_000 + minutes * 60_000 });
    t.socket().serverEmit('regime', real(0));
    const confirmedAt = t.feed.lastConfirmedAt;
    await vi.advanceTimersByTimeAsync(1000);
    for (const timestamp of [8.64e15, Date.now() * 1000, Date.now() + 6 * 60_000])
      t.socket().serverEmit('regime', update({ adx: 99, timestamp }));
    expect(t.feed.diagnostics.droppedPayloads).toBe(3);
    expect(t.feed.lastConfirmedAt).toBe(confirmedAt);
    for (let minute = 1; minute <= 18; minute++) t.socket().serverEmit('regime', real(minute));
    expect(t.feed.regime).toEqual(real(18));
    expect(t.listener.update).toHaveBeenCalledTimes(19);
    // A late, older reading is ignored and confirms nothing.
    await vi.advanceTimersByTimeAsync(1000);
    const before = t.feed.lastConfirmedAt;
    t.socket().serverEmit('regime', real(5));
    expect(t.feed.lastConfirmedAt).toBe(before);
  });

  it('a late REST answer older than the socket update does not replace it', async () => {
    const t = setup();
    const old = update();
    const fresh = update();
    t.server.regime = () => ({ json: old });
    t.feed.start();
    goLive(t.socket());
    t.socket().serverEmit('regime', fresh);
    await settle();
    expect(t.listener.update).toHaveBeenCalledExactlyOnceWith(fresh, 'socket');
    expect(t.feed.regime).toEqual(fresh);
  });

  it('drops invalid payloads with exactly one warning, counting them all', async () => {
    const t = setup();
    t.server.regime = () => ({ json: { ...update(), adx: 'high' } });
    t.feed.start();
    goLive(t.socket());
    await settle();
    const good = update();
    t.socket().serverEmit('regime', good);
    const bad: unknown[] = [
      { ...update(), adx: 101 },
      { ...update(), atrPct: -1 },
      { ...update(), regime: '' },
      { ...update(), timestamp: 'yesterday' },
      { ...update(), adx: NaN },
    ];
    for (const payload of bad) t.socket().serverEmit('regime', payload);
    t.socket().serverEmit('regime:alert', {
      symbol: 'BTCUSDT',
      timeframe: '1h',
      to: 'x'.repeat(40),
      timestamp: 1,
    });

    expect(t.listener.update).toHaveBeenCalledExactlyOnceWith(good, 'socket');
    expect(t.listener.alert).not.toHaveBeenCalled();
    expect(t.feed.regime).toEqual(good);
    expect(t.logger.warn).toHaveBeenCalledOnce();
    expect(t.logger.warn.mock.calls[0]?.[0]).toMatch(
      /BTCUSDT\|1h: dropped an invalid regime from REST \(adx/,
    );
    expect(t.feed.diagnostics.droppedPayloads).toBe(1 + bad.length + 1);
  });

  it.each([{ symbol: 'ETHUSDT' }, { timeframe: '4h' }])(
    'drops a REST history for another key (%o) with the one warning',
    async (other) => {
      const t = setup({ socket: false });
      t.server.history = () => ({ json: history(3, other) });
      t.feed.start();
      await settle();
      expect(t.listener.history).not.toHaveBeenCalled();
      expect(t.logger.warn).toHaveBeenCalledOnce();
      expect(t.logger.warn.mock.calls[0]?.[0]).toMatch(/history from REST \(the history is for another/);
      expect(t.feed.diagnostics.droppedPayloads).toBe(1);
    },
  );

  it('drops an invalid history with the one warning', async () => {
    const t = setup({ socket: false });
    t.server.history = () => ({ json: { ...history(2), points: [{ regime: 'range' }] } });
    t.feed.start();
    await settle();
    expect(t.listener.history).not.toHaveBeenCalled();
    expect(t.logger.warn).toHaveBeenCalledOnce();
    expect(t.logger.warn.mock.calls[0]?.[0]).toMatch(/history from REST/);
  });

  it('passes alerts for its key on', () => {
    const t = setup();
    t.feed.start();
    goLive(t.socket());
    const alert = { symbol: 'BTCUSDT', timeframe: '1h', from: 'range', to: 'trend_up', timestamp: 5 };
    t.socket().serverEmit('regime:alert', alert);
    t.socket().serverEmit('regime:alert', { ...alert, symbol: 'ETHUSDT' });
    expect(t.listener.alert).toHaveBeenCalledExactlyOnceWith(alert);
  });
});

describe('RegimeFeed: dispose', () => {
  it('stops every callback, leaves the socket, closes the poll and leaves no timer', async () => {
    const t = setup();
    t.feed.start();
    const socket = t.socket();
    socket.connectError(ERRORS.transport());
    await settle();
    expect(t.feed.mode).toBe('polling');
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    const calls = () =>
      Object.values(t.listener).reduce(
        (n, fn) => n + (fn as { mock: { calls: unknown[] } }).mock.calls.length,
        0,
      );
    const before = calls();

    t.feed.dispose();
    expect(vi.getTimerCount()).toBe(0);
    expect(socket.disconnectCalls).toBe(1);
    expect(socket.listenerCount).toBe(0);
    expect(t.sockets.connections).toBe(0);
    expect(t.rest.polls).toBe(0);

    socket.serverConnect();
    socket.serverEmit('regime', update());
    await vi.advanceTimersByTimeAsync(10 * POLL);
    expect(calls()).toBe(before);
    expect(t.regimeRequests()).toBe(1);
    t.feed.dispose();
  });

  it('right after start, with requests in flight and the socket connecting: nothing left behind', async () => {
    const t = setup();
    t.server.regime = () => 'never';
    t.server.history = () => 'never';
    t.feed.start();
    t.socket().serverConnect();
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    t.feed.dispose();
    expect(t.socket().sent('unsubscribe')).toEqual([{ symbol: 'BTCUSDT', timeframe: '1h' }]);
    await settle();
    expect(vi.getTimerCount()).toBe(0);
    expect(t.listener.update).not.toHaveBeenCalled();
    expect(t.listener.mode).not.toHaveBeenCalled();
    expect(t.logger.warn).not.toHaveBeenCalled();
  });

  it('keeps a shared connection and poll for the feeds that remain', async () => {
    const t = setup();
    t.feed.start();
    const other = { update: vi.fn() };
    const second = t.another(other);
    second.start();
    expect(t.open).toHaveBeenCalledOnce();
    expect(t.rest.polls).toBe(1);
    t.feed.dispose();
    expect(t.sockets.connections).toBe(1);
    expect(t.rest.polls).toBe(1);
    goLive(t.socket());
    t.socket().serverEmit('regime', update());
    expect(other.update).toHaveBeenCalled();
    second.dispose();
    expect(t.sockets.connections).toBe(0);
  });
});

describe('RegimeFeed: diagnostics', () => {
  it('reports mode, key, URLs, the socket and REST state, the last update and dropped payloads', async () => {
    const t = setup();
    expect(t.feed.diagnostics).toEqual({
      mode: 'connecting',
      reason: null,
      symbol: 'BTCUSDT',
      timeframe: '1h',
      apiUrl: API,
      socket: null,
      rest: { lastError: null, lastOkAt: null },
      lastUpdate: null,
      lastConfirmedAt: null,
      droppedPayloads: 0,
    });
    t.feed.start();
    await settle();
    const okAt = Date.now();
    t.socket().connectError(ERRORS.transport());
    const d = t.feed.diagnostics;
    expect(d.mode).toBe('polling');
    expect(d.socket).toMatchObject({
      url: 'http://ws.test',
      namespace: '/signals',
      path: '/socket.io',
      state: 'down',
      attempts: 1,
      subscribers: 1,
      lastError: { message: 'websocket error', kind: 'transport', description: 'x' },
      lastErrorText: 'websocket error (description: x)',
    });
    expect(d.rest).toEqual({ lastError: null, lastOkAt: okAt });
    expect(d.lastUpdate).toEqual(t.feed.regime);
    expect(d.lastConfirmedAt).toBe(okAt);
    expect(t.feed.lastConfirmedAt).toBe(okAt);

    t.server.regime = () => ({ status: 500, json: { error: { code: 'E', message: 'boom' } } });
    await vi.advanceTimersByTimeAsync(POLL);
    expect(t.feed.diagnostics.rest).toEqual({
      lastError: { kind: 'http', status: 500, code: 'E', message: 'HTTP 500: boom' },
      lastOkAt: okAt,
    });
    expect(t.feed.diagnostics.mode).toBe('offline');
    expect(t.feed.reason).toBe('REST: HTTP 500: boom');
  });

  it('has no socket part in API-only mode', () => {
    const t = setup({ socket: false });
    t.feed.start();
    expect(t.feed.diagnostics.socket).toBeNull();
  });
});
