import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SubscriptionKey } from '../../src/contract/types.js';
import {
  REST_BODY_LIMIT_BYTES,
  REST_RETRY_BASE_MS,
  REST_TIMEOUT_MS,
  RestHub,
  type RestWatcher,
} from '../../src/feed/rest-hub.js';
import { REASON_MAX_CHARS } from '../../src/feed/socket-errors.js';
import { fakeFetch, FakePage, history, loggerSpy, settle, update, type Answer } from '../fakes/index.js';

const API = 'http://api.test/api';
const BTC: SubscriptionKey = { symbol: 'BTCUSDT', timeframe: '1h' };
const ETH: SubscriptionKey = { symbol: 'ETHUSDT', timeframe: '1h' };

function watcher() {
  return { current: vi.fn(), history: vi.fn() } satisfies RestWatcher;
}

/** Answers every request well, unless `answer` says otherwise for `/regime`. */
function setup(options: { answer?: () => Answer; random?: () => number } = {}) {
  const fetch = fakeFetch((url) => {
    const symbol = url.searchParams.get('symbol') ?? 'BTCUSDT';
    if (url.pathname.endsWith('/regime/history')) return { json: history(3, { symbol }) };
    return options.answer?.() ?? { json: update({ symbol }) };
  });
  const page = new FakePage();
  const logger = loggerSpy();
  const hub = new RestHub({ fetch, page, logger, random: options.random ?? (() => 0) });
  return { hub, fetch, page, logger };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('RestHub: sharing', () => {
  it('sends one request for N watchers of the same key, and answers them all', async () => {
    const { hub, fetch } = setup();
    const watchers = Array.from({ length: 5 }, watcher);
    const handles = watchers.map((w) => hub.watch(API, BTC, 15000, w));
    for (const handle of handles) handle.refresh();
    expect(fetch).toHaveBeenCalledOnce();
    expect(fetch.calls[0]?.url).toBe(`${API}/regime?symbol=BTCUSDT&timeframe=1h`);
    expect(hub.polls).toBe(1);
    await settle();
    for (const w of watchers) {
      expect(w.current).toHaveBeenCalledExactlyOnceWith({ ok: true, value: expect.objectContaining(BTC) });
    }
    expect(hub.requests).toBe(1);
  });

  it('shares a poll whatever the trailing slashes of the URL; other keys and URLs get their own', () => {
    const { hub } = setup();
    hub.watch(API, BTC, 15000, watcher());
    hub.watch(`${API}/`, BTC, 15000, watcher());
    hub.watch(`${API}//`, BTC, 15000, watcher());
    expect(hub.polls).toBe(1);
    hub.watch(API, ETH, 15000, watcher());
    hub.watch('http://other.test/api', BTC, 15000, watcher());
    expect(hub.polls).toBe(3);
  });

  it('puts only symbol and timeframe in the query, whatever else the key object carries', () => {
    const { hub, fetch } = setup();
    // A feed passes its whole target, URLs and socket included.
    const target = { ...BTC, apiUrl: API, socket: { url: 'http://ws.test' } };
    const handle = hub.watch(API, target, 15000, watcher());
    handle.refresh();
    handle.loadHistory(10);
    expect(fetch.calls.map((c) => c.url)).toEqual([
      `${API}/regime?symbol=BTCUSDT&timeframe=1h`,
      `${API}/regime/history?symbol=BTCUSDT&timeframe=1h&limit=10`,
    ]);
  });

  it('keeps at most one request in flight: refresh() while one is pending shares it', async () => {
    const { hub, fetch } = setup();
    const handle = hub.watch(API, BTC, 15000, watcher());
    handle.refresh();
    handle.refresh();
    handle.refresh();
    expect(fetch).toHaveBeenCalledOnce();
    await settle();
    handle.refresh();
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('cuts a history longer than the limit asked for before checking it: invalid old points do not matter', async () => {
    const long = history(5000);
    long.points = long.points.map((point, i) => ({ ...point, adx: i < 4880 ? NaN : 20 }));
    const hub = new RestHub({
      fetch: fakeFetch(() => ({ json: long })),
      page: new FakePage(),
      logger: loggerSpy(),
    });
    const w = watcher();
    hub.watch(API, BTC, 15000, w).loadHistory(120);
    await settle();
    expect(w.history).toHaveBeenCalledExactlyOnceWith({
      ok: true,
      value: { symbol: 'BTCUSDT', timeframe: '1h', points: long.points.slice(-120) },
    });
  });

  it('refreshWithin(spread): one request for all watchers, at a random moment inside the spread', async () => {
    const { hub, fetch } = setup({ random: () => 0.75 });
    const handles = Array.from({ length: 5 }, () => hub.watch(API, BTC, 15000, watcher()));
    for (const handle of handles) {
      handle.poll(true);
      handle.refreshWithin(1000);
    }
    await vi.advanceTimersByTimeAsync(749);
    expect(fetch).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch).toHaveBeenCalledOnce();
  });

  it('loads history with its limit, sharing a request for the same limit in flight', async () => {
    const { hub, fetch } = setup();
    const [a, b] = [watcher(), watcher()];
    const ha = hub.watch(API, BTC, 15000, a);
    const hb = hub.watch(API, BTC, 15000, b);
    ha.loadHistory(120);
    hb.loadHistory(120);
    expect(fetch).toHaveBeenCalledOnce();
    expect(fetch.calls[0]?.url).toBe(`${API}/regime/history?symbol=BTCUSDT&timeframe=1h&limit=120`);
    hb.loadHistory(50);
    expect(fetch).toHaveBeenCalledTimes(2);
    await settle();
    expect(a.history).toHaveBeenCalledTimes(2);
    expect(a.history).toHaveBeenCalledWith({ ok: true, value: history(3) });
    ha.loadHistory(120);
    expect(fetch).toHaveBeenCalledTimes(3);
  });
});

describe('RestHub: polling', () => {
  it('keeps one timer however many watchers poll', () => {
    const { hub } = setup();
    for (let i = 0; i < 10; i++) hub.watch(API, BTC, 15000, watcher()).poll(true);
    expect(vi.getTimerCount()).toBe(1);
  });

  it('polls at the interval, one request per tick for all watchers', async () => {
    const { hub, fetch } = setup();
    const watchers = [watcher(), watcher(), watcher()];
    for (const w of watchers) hub.watch(API, BTC, 15000, w).poll(true);
    await vi.advanceTimersByTimeAsync(14_999);
    expect(fetch).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch).toHaveBeenCalledOnce();
    await vi.advanceTimersByTimeAsync(15_000);
    expect(fetch).toHaveBeenCalledTimes(2);
    for (const w of watchers) expect(w.current).toHaveBeenCalledTimes(2);
    expect(vi.getTimerCount()).toBe(1);
  });

  it('uses the shortest interval of the active watchers', async () => {
    const { hub, fetch } = setup();
    const slow = hub.watch(API, BTC, 15000, watcher());
    const fast = hub.watch(API, BTC, 5000, watcher());
    const idle = hub.watch(API, BTC, 1000, watcher());
    idle.poll(false);
    slow.poll(true);
    fast.poll(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(fetch).toHaveBeenCalledOnce();
    await vi.advanceTimersByTimeAsync(5000);
    expect(fetch).toHaveBeenCalledTimes(2);

    // The fast one leaves: the request already set for 5 s later stays, then every 15 s.
    fast.poll(false);
    await vi.advanceTimersByTimeAsync(5000);
    expect(fetch).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(14_999);
    expect(fetch).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch).toHaveBeenCalledTimes(4);
  });

  it('never pushes the next request back when a widget joins or leaves', async () => {
    const { hub, fetch } = setup();
    const first = hub.watch(API, BTC, 5000, watcher());
    first.poll(true);
    await vi.advanceTimersByTimeAsync(4000);
    const second = hub.watch(API, BTC, 15000, watcher());
    second.poll(true);
    hub.watch(API, BTC, 5000, watcher()).close();
    await vi.advanceTimersByTimeAsync(1000);
    expect(fetch).toHaveBeenCalledOnce();
  });

  it('keeps polling when a watcher throws', async () => {
    const { hub, fetch } = setup();
    const throwing: RestWatcher = {
      current: () => {
        throw new Error('a watcher bug');
      },
      history: () => {},
    };
    const handle = hub.watch(API, BTC, 1000, throwing);
    handle.poll(true);
    const errors: unknown[] = [];
    const onError = (error: unknown) => errors.push(error);
    process.on('unhandledRejection', onError);
    try {
      await vi.advanceTimersByTimeAsync(1000);
      await vi.advanceTimersByTimeAsync(1000);
      expect(fetch).toHaveBeenCalledTimes(2);
      // The watcher's bug surfaces once per answer, neither swallowed nor stopping the poll.
      expect(errors.map((error) => (error as Error).message)).toEqual(['a watcher bug', 'a watcher bug']);
    } finally {
      process.off('unhandledRejection', onError);
    }
  });

  it('does not poll when no watcher is active', async () => {
    const { hub, fetch } = setup();
    const a = hub.watch(API, BTC, 1000, watcher());
    hub.watch(API, BTC, 1000, watcher());
    expect(vi.getTimerCount()).toBe(0);
    a.poll(true);
    expect(vi.getTimerCount()).toBe(1);
    a.poll(false);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('an answer sets the next tick from the answer, not from the request', async () => {
    const { hub, fetch } = setup();
    const handle = hub.watch(API, BTC, 15000, watcher());
    handle.poll(true);
    await vi.advanceTimersByTimeAsync(7000);
    handle.refresh();
    await settle();
    expect(fetch).toHaveBeenCalledOnce();
    await vi.advanceTimersByTimeAsync(14_999);
    expect(fetch).toHaveBeenCalledOnce();
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});

describe('RestHub: errors', () => {
  async function outcomeOf(answer: Answer) {
    const { hub } = setup({ answer: () => answer });
    const w = watcher();
    hub.watch(API, BTC, 15000, w).refresh();
    await settle();
    expect(w.current).toHaveBeenCalledOnce();
    return w.current.mock.calls[0]?.[0];
  }

  it('an HTTP error with the contract body: kind http, status, code and message', async () => {
    const outcome = await outcomeOf({
      status: 503,
      json: { error: { code: 'UNAVAILABLE', message: 'maintenance' } },
    });
    expect(outcome).toEqual({
      ok: false,
      error: { kind: 'http', status: 503, code: 'UNAVAILABLE', message: 'HTTP 503: maintenance' },
    });
  });

  it('an HTTP error with a body that is not JSON: kind http and status', async () => {
    const outcome = await outcomeOf({ status: 502, text: '<html>Bad gateway</html>' });
    expect(outcome).toEqual({ ok: false, error: { kind: 'http', status: 502, message: 'HTTP 502' } });
  });

  it('an HTTP error with an odd JSON body: kind http, no code', async () => {
    const outcome = await outcomeOf({ status: 404, json: null });
    expect(outcome).toEqual({ ok: false, error: { kind: 'http', status: 404, message: 'HTTP 404' } });
  });

  it('a 200 that is not JSON: invalid-json', async () => {
    const outcome = await outcomeOf({ text: 'OK' });
    expect(outcome).toEqual({
      ok: false,
      error: { kind: 'invalid-json', message: expect.stringContaining(API) },
    });
  });

  it('a 200 of the wrong shape: invalid, with the reason', async () => {
    const outcome = await outcomeOf({ json: update({ adx: 101 }) });
    expect(outcome).toEqual({ ok: false, error: { kind: 'invalid', message: expect.stringMatching(/adx/) } });
  });

  it('a fetch that rejects: network', async () => {
    const outcome = await outcomeOf({ reject: new TypeError('fetch failed') });
    expect(outcome).toEqual({ ok: false, error: { kind: 'network', message: 'fetch failed' } });
  });

  it('a server that never answers: timeout after REST_TIMEOUT_MS, through the AbortSignal', async () => {
    const { hub, fetch } = setup({ answer: () => 'never' });
    const w = watcher();
    hub.watch(API, BTC, 15000, w).refresh();
    const signal = fetch.calls[0]?.signal;
    expect(signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(REST_TIMEOUT_MS - 1);
    expect(w.current).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(signal?.aborted).toBe(true);
    expect(w.current).toHaveBeenCalledExactlyOnceWith({
      ok: false,
      error: { kind: 'timeout', message: expect.stringContaining(`${REST_TIMEOUT_MS} ms`) },
    });
  });

  it('a fetch that drops the signal (a page wrapper): still a timeout after REST_TIMEOUT_MS', async () => {
    const ignoring = vi.fn(() => new Promise<Response>(() => {}));
    const hub = new RestHub({ fetch: ignoring, page: new FakePage(), logger: loggerSpy(), random: () => 0 });
    const w = watcher();
    const handle = hub.watch(API, BTC, 15000, w);
    handle.refresh();
    await vi.advanceTimersByTimeAsync(REST_TIMEOUT_MS);
    expect(w.current).toHaveBeenCalledExactlyOnceWith({
      ok: false,
      error: { kind: 'timeout', message: expect.stringContaining(`${REST_TIMEOUT_MS} ms`) },
    });
    // The poll goes on: its retry is sent.
    handle.poll(true);
    await vi.advanceTimersByTimeAsync(REST_RETRY_BASE_MS);
    expect(ignoring).toHaveBeenCalledTimes(2);
  });

  it(`a body over REST_BODY_LIMIT_BYTES: refused unread past the cap, even one that never ends`, async () => {
    let pulled = 0;
    const endless = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            pulled += 64 * 1024;
            controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
          },
        }),
      );
    const hub = new RestHub({
      fetch: vi.fn(async () => endless()),
      page: new FakePage(),
      logger: loggerSpy(),
    });
    const w = watcher();
    hub.watch(API, BTC, 15000, w).refresh();
    await vi.waitFor(() => expect(w.current).toHaveBeenCalled());
    expect(w.current).toHaveBeenCalledExactlyOnceWith({
      ok: false,
      error: {
        kind: 'invalid',
        message: expect.stringContaining(`larger than ${REST_BODY_LIMIT_BYTES} bytes`),
      },
    });
    expect(pulled).toBeLessThan(REST_BODY_LIMIT_BYTES + 256 * 1024);
  });

  it('a body under the cap in many chunks, with characters split between them: read whole', async () => {
    const json = new TextEncoder().encode(JSON.stringify(update({ regime: '\u0444\u043b\u044d\u0442' })));
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < json.length; i += 3) controller.enqueue(json.slice(i, i + 3));
        controller.close();
      },
    });
    const hub = new RestHub({
      fetch: vi.fn(async () => new Response(chunked)),
      page: new FakePage(),
      logger: loggerSpy(),
    });
    const w = watcher();
    hub.watch(API, BTC, 15000, w).refresh();
    await vi.waitFor(() => expect(w.current).toHaveBeenCalled());
    expect(w.current.mock.calls[0]?.[0]).toMatchObject({
      ok: true,
      value: { regime: '\u0444\u043b\u044d\u0442' },
    });
  });

  it(`cuts a server's error words to REASON_MAX_CHARS`, async () => {
    const outcome = await outcomeOf({
      status: 503,
      json: { error: { code: 'C'.repeat(5000), message: 'm'.repeat(100_000) } },
    });
    expect(outcome.error.message).toHaveLength('HTTP 503: '.length + REASON_MAX_CHARS);
    expect(outcome.error.code).toHaveLength(REASON_MAX_CHARS);
  });

  it('clears the request timer once answered', async () => {
    const { hub } = setup();
    hub.watch(API, BTC, 15000, watcher()).refresh();
    expect(vi.getTimerCount()).toBe(1);
    await settle();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('RestHub: retries', () => {
  /** Fails the first `failures` requests for /regime, then answers. */
  function failing(failures: number) {
    let n = 0;
    return (): Answer => (n++ < failures ? { reject: new TypeError('fetch failed') } : { json: update() });
  }

  it('retries a failed poll sooner than the interval, backing off up to it', async () => {
    const { hub, fetch } = setup({ answer: failing(100), random: () => 1 });
    const handle = hub.watch(API, BTC, 15000, watcher());
    handle.poll(true);
    handle.refresh();
    await settle();
    // random 1: the whole ceiling, 1000 doubling to the 15000 interval.
    for (const delay of [1000, 2000, 4000, 8000, 15000, 15000]) {
      const calls = fetch.mock.calls.length;
      await vi.advanceTimersByTimeAsync(delay - 1);
      expect(fetch.mock.calls.length).toBe(calls);
      await vi.advanceTimersByTimeAsync(1);
      expect(fetch.mock.calls.length).toBe(calls + 1);
    }
  });

  it.each([
    [0, 500],
    [0.3, 650],
    [0.7, 850],
    [1, 1000],
  ])('waits base / 2 + random × base / 2 before the first retry (random %s: %s ms)', async (r, delay) => {
    expect(REST_RETRY_BASE_MS).toBe(1000);
    const { hub, fetch } = setup({ answer: failing(1), random: () => r });
    const handle = hub.watch(API, BTC, 15000, watcher());
    handle.poll(true);
    handle.refresh();
    await settle();
    await vi.advanceTimersByTimeAsync(delay - 1);
    expect(fetch).toHaveBeenCalledOnce();
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('goes back to the interval after a success', async () => {
    const { hub, fetch } = setup({ answer: failing(2) });
    const handle = hub.watch(API, BTC, 15000, watcher());
    handle.poll(true);
    handle.refresh();
    await settle();
    await vi.advanceTimersByTimeAsync(500);
    await vi.advanceTimersByTimeAsync(1000);
    expect(fetch).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(14_999);
    expect(fetch).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch).toHaveBeenCalledTimes(4);
  });

  it('does not retry a failure when nobody polls', async () => {
    const { hub, fetch } = setup({ answer: failing(100) });
    hub.watch(API, BTC, 15000, watcher()).refresh();
    await settle();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetch).toHaveBeenCalledOnce();
  });
});

describe('RestHub: page signals', () => {
  it('does not poll while the page is hidden, and refreshes at once when it is shown', async () => {
    const { hub, fetch, page } = setup();
    page.hide();
    const handle = hub.watch(API, BTC, 1000, watcher());
    handle.poll(true);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetch).not.toHaveBeenCalled();
    page.show();
    expect(fetch).toHaveBeenCalledOnce();
    await settle();
    expect(vi.getTimerCount()).toBe(1);
  });

  it('skips a tick that comes while the page is hidden', async () => {
    const { hub, fetch, page } = setup();
    hub.watch(API, BTC, 5000, watcher()).poll(true);
    page.hide();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetch).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
    page.show();
    expect(fetch).toHaveBeenCalledOnce();
  });

  it('a shown page does not wake polls nobody is polling', () => {
    const { hub, fetch, page } = setup();
    hub.watch(API, BTC, 5000, watcher());
    page.hide();
    page.show();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('retries at once when the browser comes back online: active or failing polls only', async () => {
    const { hub, fetch, page } = setup({ answer: () => ({ reject: new TypeError('offline') }) });
    const active = hub.watch(API, BTC, 15000, watcher());
    active.poll(true);
    const failingIdle = hub.watch(API, ETH, 15000, watcher());
    failingIdle.refresh();
    hub.watch(API, { symbol: 'SOLUSDT', timeframe: '1h' }, 15000, watcher());
    await settle();
    expect(fetch).toHaveBeenCalledOnce();
    page.goOnline();
    expect(fetch.calls.map((c) => new URL(c.url).searchParams.get('symbol'))).toEqual([
      'ETHUSDT',
      'BTCUSDT',
      'ETHUSDT',
    ]);
  });

  it('listens to the page once, and stops when the last poll closes', () => {
    const { hub, page } = setup();
    const a = hub.watch(API, BTC, 15000, watcher());
    const b = hub.watch(API, ETH, 15000, watcher());
    expect(page.listening).toBe(1);
    a.close();
    expect(page.listening).toBe(1);
    b.close();
    expect(page.listening).toBe(0);
  });
});

describe('RestHub: closing', () => {
  it('close() of the last watcher clears its timer and its poll', () => {
    const { hub } = setup();
    const a = hub.watch(API, BTC, 15000, watcher());
    const b = hub.watch(API, BTC, 15000, watcher());
    a.poll(true);
    b.poll(true);
    a.close();
    expect(vi.getTimerCount()).toBe(1);
    expect(hub.polls).toBe(1);
    b.close();
    expect(vi.getTimerCount()).toBe(0);
    expect(hub.polls).toBe(0);
    b.close();
    expect(hub.polls).toBe(0);
  });

  it('a watcher that closes gets no more answers; the others still poll', async () => {
    const { hub, fetch } = setup();
    const [gone, stays] = [watcher(), watcher()];
    const g = hub.watch(API, BTC, 5000, gone);
    g.poll(true);
    hub.watch(API, BTC, 5000, stays).poll(true);
    g.close();
    await vi.advanceTimersByTimeAsync(5000);
    expect(fetch).toHaveBeenCalledOnce();
    expect(gone.current).not.toHaveBeenCalled();
    expect(stays.current).toHaveBeenCalledOnce();
  });

  it('the last watcher leaving with a request in flight aborts it: no timer is left', async () => {
    const { hub, fetch } = setup({ answer: () => 'never' });
    const w = watcher();
    const handle = hub.watch(API, BTC, 15000, w);
    handle.refresh();
    handle.loadHistory(120);
    expect(vi.getTimerCount()).toBe(2);
    handle.close();
    expect(fetch.calls.every((c) => c.signal?.aborted)).toBe(true);
    await settle();
    expect(vi.getTimerCount()).toBe(0);
    expect(w.current).not.toHaveBeenCalled();
    expect(w.history).not.toHaveBeenCalled();
  });

  it('a request in flight is not aborted while other watchers remain', async () => {
    const { hub, fetch } = setup();
    const stays = watcher();
    const gone = hub.watch(API, BTC, 15000, watcher());
    hub.watch(API, BTC, 15000, stays);
    gone.refresh();
    gone.close();
    expect(fetch.calls[0]?.signal?.aborted).toBe(false);
    await settle();
    expect(stays.current).toHaveBeenCalledExactlyOnceWith({ ok: true, value: expect.objectContaining(BTC) });
  });
});
