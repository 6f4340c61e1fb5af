/**
 * The custom element itself, created with document.createElement and read through its shadow
 * root, over fake REST (fetch) and a fake socket. Real browsers and servers are in test/e2e.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionChange, RegimeAlert, RegimeUpdate } from '../../src/contract/types.js';
import { define } from '../../src/define.js';
import { setPageHubs } from '../../src/element/hubs.js';
import { LOSS_REFRESH_SPREAD_MS, SILENT_AFTER_MS } from '../../src/feed/regime-feed.js';
import { RestHub } from '../../src/feed/rest-hub.js';
import { SocketHub } from '../../src/feed/socket-hub.js';
import { ERRORS, fakeOpen, loggerSpy, type FakeSocket } from '../fakes/index.js';

type Widget = HTMLElement & { mode: string; regime: RegimeUpdate | null; diagnostics: unknown };

const NOW = 1764331200000;

function update(overrides: Partial<RegimeUpdate> = {}): RegimeUpdate {
  return {
    symbol: 'BTCUSDT',
    timeframe: '1h',
    regime: 'trend_up',
    adx: 18.54,
    atrPct: 0.0156,
    timestamp: NOW,
    ...overrides,
  };
}

/** A fetch whose answers the test decides, per URL, and may hold back. */
function fakeFetch() {
  const answers = new Map<string, () => unknown>();
  const held: { url: string; release: () => void }[] = [];
  let hold = false;
  const fn = vi.fn(async (input: string | URL | Request) => {
    const url = String(input);
    const path = new URL(url);
    const key = `${path.pathname}?symbol=${path.searchParams.get('symbol')}`;
    const body = () => {
      const answer = [...answers.entries()].find(([k]) => key.endsWith(k))?.[1];
      return new Response(
        JSON.stringify(answer ? answer() : { error: { code: 'not_found', message: 'no' } }),
        {
          status: answer ? 200 : 404,
        },
      );
    };
    if (!hold) return body();
    return new Promise<Response>((resolve) => held.push({ url, release: () => resolve(body()) }));
  });
  return {
    fn,
    answer(pathAndSymbol: string, make: () => unknown) {
      answers.set(pathAndSymbol, make);
    },
    hold(on: boolean) {
      hold = on;
    },
    held,
  };
}

let rest: RestHub;
let sockets: SocketHub;
let open: ReturnType<typeof fakeOpen>;
let net: ReturnType<typeof fakeFetch>;
let warn: ReturnType<typeof vi.spyOn>;

beforeAll(() => define());

beforeEach(() => {
  net = fakeFetch();
  net.answer('/api/regime?symbol=BTCUSDT', () => update());
  net.answer('/api/regime/history?symbol=BTCUSDT', () => ({
    symbol: 'BTCUSDT',
    timeframe: '1h',
    points: [],
  }));
  open = fakeOpen();
  const logger = loggerSpy();
  rest = new RestHub({ fetch: net.fn as unknown as typeof fetch, logger });
  sockets = new SocketHub({ open: open.open, logger, random: () => 0.5 });
  setPageHubs({ rest, sockets });
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});

afterEach(() => {
  document.body.innerHTML = '';
  setPageHubs(undefined);
  vi.unstubAllGlobals();
});

function mount(attrs: Record<string, string>): Widget {
  const el = document.createElement('regime-widget') as Widget;
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  document.body.append(el);
  return el;
}

const q = (el: Widget, selector: string) => el.shadowRoot!.querySelector(selector);
const text = (el: Widget, selector: string) => q(el, selector)?.textContent ?? null;

/** Two animation frames and a task: a render asked for before has run (render-queue.ts: at once, or the next frame). */
async function rendered(): Promise<void> {
  for (let i = 0; i < 2; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
  await new Promise((resolve) => setTimeout(resolve, 0));
}

const API = { symbol: 'BTCUSDT', timeframe: '1h', 'api-url': 'http://api.test/api' };
const LIVE = { ...API, 'ws-url': 'http://ws.test' };

function socket(): FakeSocket {
  return open.last();
}

describe('<regime-widget>', () => {
  it('renders REST data: label, ADX with one decimal, ATR as a percentage, badge in API mode', async () => {
    const el = mount(API);
    await vi.waitFor(() => expect(text(el, '[part=label]')).toBe('Trend up'));
    expect(text(el, '[data-value=adx]')).toBe('18.5');
    expect(text(el, '[data-value=atr]')).toBe('1.56%');
    const badge = q(el, '[part=badge]')!;
    expect(badge.getAttribute('role')).toBe('status');
    expect(badge.getAttribute('data-mode')).toBe('polling');
    expect(badge.textContent).toMatch(/^○ API/);
    expect(text(el, '[role=tooltip]')).toContain('every 15 s');
    expect(el.mode).toBe('polling');
    expect(el.regime).toEqual(update());
  });

  it('says why it polls when the socket failed before REST answered: the event and the tooltip name the error', async () => {
    const changes: ConnectionChange[] = [];
    net.hold(true);
    const el = mount(LIVE);
    el.addEventListener('regime-connection', (e) =>
      changes.push((e as CustomEvent<ConnectionChange>).detail),
    );
    await vi.waitFor(() => expect(net.held.length).toBe(2));
    socket().connectError(ERRORS.transport());
    expect(el.mode).toBe('connecting');
    for (const request of net.held.splice(0)) request.release();
    await vi.waitFor(() => expect(el.mode).toBe('polling'));
    expect(changes).toEqual([
      { mode: 'polling', previous: 'connecting', reason: 'socket: websocket error (description: x)' },
    ]);
    await vi.waitFor(() =>
      expect(text(el, '[role=tooltip]')).toBe(
        'WebSocket unavailable, refreshing over REST every 15 s (websocket error).',
      ),
    );
  });

  it('live but silent: the tooltip and diagnostics say the server has sent nothing for the key', async () => {
    const el = mount(LIVE);
    await vi.waitFor(() => expect(text(el, '[part=label]')).toBe('Trend up'));
    socket().serverConnect();
    socket().answerSubscribe({ ok: true });
    await vi.waitFor(() => expect(el.mode).toBe('live'));
    const silence = 'connected, but the server has sent nothing for BTCUSDT 1h';
    await vi.waitFor(() => expect((el.diagnostics as { reason: string }).reason).toBe(silence), {
      timeout: SILENT_AFTER_MS + 2000,
    });
    await vi.waitFor(() => expect(text(el, '[role=tooltip]')).toBe(`Live: ${silence}.`));
    socket().serverEmit('regime', update({ timestamp: NOW + 1000 }));
    await vi.waitFor(() =>
      expect(text(el, '[role=tooltip]')).toBe('Live: updates arrive over WebSocket as they happen.'),
    );
    expect(el.mode).toBe('live');
  });

  it('live over long-polling when the WebSocket cannot pass: the tooltip and diagnostics say which', async () => {
    open = fakeOpen('answers');
    setPageHubs({
      rest,
      sockets: new SocketHub({ open: open.open, logger: loggerSpy(), random: () => 0.5 }),
    });
    const el = mount(LIVE);
    await vi.waitFor(() => expect(open.sockets).toHaveLength(1));
    socket().connectError(ERRORS.transport());
    socket().serverConnect();
    socket().answerSubscribe({ ok: true });
    await vi.waitFor(() => expect(el.mode).toBe('live'));
    expect((el.diagnostics as { socket: { transport: string } }).socket.transport).toBe('polling');
    await vi.waitFor(() => expect(text(el, '[role=tooltip]')).toContain('over HTTP long-polling'));
  });

  it('goes live on the socket and says so, and dispatches bubbling, composed events', async () => {
    const updates: RegimeUpdate[] = [];
    const modes: ConnectionChange[] = [];
    document.addEventListener('regime-update', (e) => updates.push((e as CustomEvent).detail));
    document.addEventListener('regime-connection', (e) => modes.push((e as CustomEvent).detail));
    const el = mount(LIVE);
    await vi.waitFor(() => expect(open.sockets).toHaveLength(1));
    socket().serverConnect();
    socket().answerSubscribe({ ok: true });
    await vi.waitFor(() => expect(q(el, '[part=badge]')?.textContent).toMatch(/^● Live/));
    expect(el.mode).toBe('live');
    socket().serverEmit('regime', update({ regime: 'range', adx: 12, timestamp: NOW + 1000 }));
    await vi.waitFor(() => expect(text(el, '[part=label]')).toBe('Range'));
    expect(updates.map((u) => u.regime)).toContain('range');
    expect(modes.at(-1)).toMatchObject({ mode: 'live' });
  });

  it('an alert flood: every regime-alert event fires, at most three toasts, the newest says how many', async () => {
    const alerts: RegimeAlert[] = [];
    const el = mount(LIVE);
    el.addEventListener('regime-alert', (e) => alerts.push((e as CustomEvent).detail));
    await vi.waitFor(() => expect(open.sockets).toHaveLength(1));
    socket().serverConnect();
    await vi.waitFor(() => expect(q(el, '[part=label]')).not.toBeNull());
    const before = el.shadowRoot!.querySelectorAll('*').length;
    for (let i = 0; i < 3000; i++) {
      socket().serverEmit('regime:alert', {
        symbol: 'BTCUSDT',
        timeframe: '1h',
        from: 'range',
        to: i % 2 ? 'trend_up' : 'volatile',
        timestamp: NOW + i,
      });
    }
    expect(alerts).toHaveLength(3000);
    await vi.waitFor(() => expect(el.shadowRoot!.querySelectorAll('[role=alert]')).toHaveLength(3));
    const toasts = el.shadowRoot!.querySelectorAll('[part=toast]');
    expect(toasts[2]!.textContent).toMatch(/^\s*2998 alerts, the latest: Regime changed: Range to Trend up/);
    expect(toasts[0]!.textContent).not.toMatch(/alerts, the latest/);
    // Three toasts of a few nodes each, whatever the flood.
    expect(el.shadowRoot!.querySelectorAll('*').length - before).toBeLessThanOrEqual(3 * 4 + 1);
  });

  it('shows an alert as an announced toast with a close button, and not with no-alerts', async () => {
    const alerts: RegimeAlert[] = [];
    const el = mount(LIVE);
    el.addEventListener('regime-alert', (e) => alerts.push((e as CustomEvent).detail));
    await vi.waitFor(() => expect(open.sockets).toHaveLength(1));
    socket().serverConnect();
    socket().serverEmit('regime:alert', {
      symbol: 'BTCUSDT',
      timeframe: '1h',
      from: 'range',
      to: 'trend_up',
      timestamp: NOW,
    });
    socket().serverEmit('regime:alert', {
      symbol: 'ETHUSDT',
      timeframe: '1h',
      from: 'range',
      to: 'trend_up',
      timestamp: NOW,
    });
    await vi.waitFor(() => expect(q(el, '[part=toast]')).not.toBeNull());
    const toast = q(el, '[part=toast]')!;
    expect(toast.getAttribute('role')).toBe('alert');
    expect(toast.textContent).toContain('Range to Trend up');
    expect(alerts).toHaveLength(1);
    (q(el, '[part=toast-close]') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(q(el, '[part=toast]')).toBeNull());

    el.setAttribute('no-alerts', '');
    socket().serverEmit('regime:alert', {
      symbol: 'BTCUSDT',
      timeframe: '1h',
      to: 'volatile',
      timestamp: NOW + 1,
    });
    await vi.waitFor(() => expect(alerts).toHaveLength(2));
    expect(q(el, '[part=toast]')).toBeNull();
  });

  it('shows strings from the network as text, never as markup', async () => {
    net.answer('/api/regime?symbol=BTCUSDT', () => update({ regime: '<img src=x onerror=alert(1)>' }));
    const el = mount(API);
    await vi.waitFor(() => expect(text(el, '[part=label]')).toBe('<img src=x onerror=alert(1)>'));
    expect(el.shadowRoot!.querySelector('img')).toBeNull();
    expect(q(el, '[part=label]')!.getAttribute('data-regime')).toBe('<img src=x onerror=alert(1)>');
  });

  it('drops an invalid payload, keeps the last good state and warns once', async () => {
    const el = mount(LIVE);
    await vi.waitFor(() => expect(text(el, '[part=label]')).toBe('Trend up'));
    socket().serverConnect();
    for (const bad of [
      update({ adx: Number.NaN, timestamp: NOW + 1 }),
      update({ adx: 101, timestamp: NOW + 2 }),
      update({ regime: 'x'.repeat(33), timestamp: NOW + 3 }),
      { ...update({ timestamp: NOW + 4 }), atrPct: '1%' },
      update({ timestamp: 'yesterday' }),
    ]) {
      socket().serverEmit('regime', bad);
    }
    await rendered();
    expect(text(el, '[part=label]')).toBe('Trend up');
    expect(text(el, '[data-value=adx]')).toBe('18.5');
    expect(el.regime).toEqual(update());
    expect(el.shadowRoot!.textContent).not.toMatch(/NaN|undefined/);
    const dropped = warn.mock.calls.filter((call: unknown[]) =>
      String(call[0]).includes('dropped an invalid'),
    );
    expect(dropped).toHaveLength(1);
  });

  it('renders an update at once on a quiet page, and coalesces a burst into the next frame', async () => {
    const el = mount(LIVE);
    await vi.waitFor(() => expect(text(el, '[part=label]')).toBe('Trend up'));
    socket().serverConnect();
    await new Promise((resolve) => setTimeout(resolve, 40));
    // Frames and the clock under the test's control: time moves a frame at a time, when told.
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback));
    let clock = performance.now();
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
    const runFrame = () => {
      clock += 16;
      frames.splice(0).forEach((callback) => callback(clock));
    };
    let events = 0;
    el.addEventListener('regime-update', () => events++);
    const mutations: MutationRecord[] = [];
    const observer = new MutationObserver((records) => mutations.push(...records));
    observer.observe(q(el, '[part=values]')!, { subtree: true, characterData: true, childList: true });

    // The first update finds the page quiet: it shows without waiting for a frame.
    socket().serverEmit('regime', update({ adx: 20, timestamp: NOW + 1 }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(text(el, '[data-value=adx]')).toBe('20.0');
    expect(frames).toHaveLength(0);
    mutations.push(...observer.takeRecords());
    const afterFirst = mutations.length;

    // The page has just rendered: the next ones wait for the frame, each in its own task.
    for (let i = 2; i <= 20; i++) {
      socket().serverEmit('regime', update({ adx: 20 + i / 4, timestamp: NOW + i }));
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    expect(events).toBe(20);
    expect(el.regime?.adx).toBe(25);
    expect(text(el, '[data-value=adx]')).toBe('20.0');
    mutations.push(...observer.takeRecords());
    expect(mutations.length).toBe(afterFirst);
    runFrame();
    await Promise.resolve();
    mutations.push(...observer.takeRecords());
    observer.disconnect();
    expect(text(el, '[data-value=adx]')).toBe('25.0');
    expect(new Set(mutations.slice(afterFirst).map((m) => m.target)).size).toBe(1);
    vi.unstubAllGlobals();
  });

  it('ignores an update that is not newer than the last one', async () => {
    const el = mount(LIVE);
    await vi.waitFor(() => expect(text(el, '[part=label]')).toBe('Trend up'));
    socket().serverConnect();
    const accepted: RegimeUpdate[] = [];
    el.addEventListener('regime-update', (e) => accepted.push((e as CustomEvent<RegimeUpdate>).detail));
    socket().serverEmit('regime', update({ regime: 'range', timestamp: NOW - 1000 }));
    socket().serverEmit('regime', update({ regime: 'volatile', timestamp: NOW }));
    // A newer reading after them: once it is on screen, the two before it have had their render.
    const newer = update({ adx: 30, timestamp: NOW + 1000 });
    socket().serverEmit('regime', newer);
    await vi.waitFor(() => expect(text(el, '[data-value=adx]')).toBe('30.0'));
    expect(accepted).toEqual([newer]);
    expect(text(el, '[part=label]')).toBe('Trend up');
  });

  it('shows an unknown label as plain text, the raw label in data-regime (its colour: e2e theme.spec.ts)', async () => {
    net.answer('/api/regime?symbol=BTCUSDT', () => update({ regime: 'squeeze' }));
    const el = mount(API);
    await vi.waitFor(() => expect(text(el, '[part=label]')).toBe('squeeze'));
    expect(q(el, '[part=label]')!.getAttribute('data-regime')).toBe('squeeze');
  });

  it('re-targets: nothing of the old target shows, however late it arrives', async () => {
    net.answer('/api/regime?symbol=ETHUSDT', () => update({ symbol: 'ETHUSDT', regime: 'range', adx: 22 }));
    net.answer('/api/regime/history?symbol=ETHUSDT', () => ({
      symbol: 'ETHUSDT',
      timeframe: '1h',
      points: [],
    }));
    net.hold(true);
    const el = mount(API);
    await vi.waitFor(() => expect(net.held.length).toBe(2));
    const oldRequests = net.held.splice(0);
    el.setAttribute('symbol', 'ETHUSDT');
    await vi.waitFor(() => expect(net.held.length).toBe(2));
    const newRequests = net.held.splice(0);
    for (const request of newRequests) request.release();
    await vi.waitFor(() => expect(text(el, '[part=label]')).toBe('Range'));
    // The old target's answers arrive last: they must not show.
    for (const request of oldRequests) request.release();
    await vi.waitFor(() =>
      expect(net.fn.mock.settledResults.filter((r) => r.type === 'fulfilled')).toHaveLength(4),
    );
    await rendered();
    expect(text(el, '[part=label]')).toBe('Range');
    expect(el.regime?.symbol).toBe('ETHUSDT');
    expect(rest.polls).toBe(1);
  });

  it('re-targets when ws-namespace or ws-path changes at run time', async () => {
    const el = mount(LIVE);
    await vi.waitFor(() => expect(open.sockets).toHaveLength(1));
    const where = () => open.open.mock.calls.map(([, path, namespace]) => `${path} ${namespace}`);
    expect(where()).toEqual(['/socket.io /signals']);
    el.setAttribute('ws-namespace', '/markets');
    await vi.waitFor(() => expect(where()).toEqual(['/socket.io /signals', '/socket.io /markets']));
    el.setAttribute('ws-path', '/live');
    await vi.waitFor(() => expect(where().at(-1)).toBe('/live /markets'));
    // Only the current target keeps a connection.
    await vi.waitFor(() => expect(sockets.connections).toBe(1));
  });

  it('re-targets when poll-interval or history changes at run time', async () => {
    const el = mount(API);
    await vi.waitFor(() => expect(text(el, '[role=tooltip]')).toContain('every 15 s'));
    el.setAttribute('poll-interval', '5000');
    await vi.waitFor(() => expect(text(el, '[role=tooltip]')).toContain('every 5 s'));
    const limits = () =>
      net.fn.mock.calls
        .map(([url]) => new URL(String(url)))
        .filter((url) => url.pathname.endsWith('/history'))
        .map((url) => url.searchParams.get('limit'));
    el.setAttribute('history', '30');
    await vi.waitFor(() => expect(limits().at(-1)).toBe('30'));
  });

  it('releases its poll and its socket subscription when removed', async () => {
    const el = mount(LIVE);
    await vi.waitFor(() => expect(text(el, '[part=label]')).toBe('Trend up'));
    socket().serverConnect();
    expect(rest.polls).toBe(1);
    expect(sockets.connections).toBe(1);
    el.remove();
    await vi.waitFor(() => expect(sockets.connections).toBe(0));
    expect(rest.polls).toBe(0);
    expect(socket().disconnectCalls).toBeGreaterThan(0);
    expect(socket().listenerCount).toBe(0);
  });

  it('keeps its feed through its own mode changes, even when it starts live', async () => {
    const first = mount(LIVE);
    await vi.waitFor(() => expect(text(first, '[part=label]')).toBe('Trend up'));
    socket().serverConnect();
    socket().answerSubscribe({ ok: true });
    await vi.waitFor(() => expect(first.mode).toBe('live'));
    // The second widget hears "live" while it starts: a mode change inside its start.
    const second = mount(LIVE);
    await vi.waitFor(() => expect(second.mode).toBe('live'));
    const requests = net.fn.mock.calls.length;
    socket().serverDisconnect('transport close');
    await vi.waitFor(() => expect(second.mode).toBe('polling'));
    // The refresh after a socket loss comes within LOSS_REFRESH_SPREAD_MS, once for the shared poll.
    await new Promise((resolve) => setTimeout(resolve, LOSS_REFRESH_SPREAD_MS + 10));
    // One REST refresh for the shared poll: no widget started over (a restart asks history again).
    const asked = net.fn.mock.calls.slice(requests).map(([url]) => new URL(String(url)).pathname);
    expect(asked).toEqual(['/api/regime']);
    expect(socket().sent('subscribe')).toHaveLength(1);
  });

  it('survives a move in the DOM without reconnecting', async () => {
    const el = mount(LIVE);
    await vi.waitFor(() => expect(open.sockets).toHaveLength(1));
    const other = document.createElement('div');
    document.body.append(other);
    other.append(el);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(open.sockets).toHaveLength(1);
    expect(sockets.connections).toBe(1);
  });

  it('says what is missing when symbol or timeframe is not set', async () => {
    const el = mount({ symbol: 'BTCUSDT', 'api-url': 'http://api.test/api' });
    await vi.waitFor(() => expect(text(el, '[part=problem]')).toContain('symbol and timeframe are required'));
    expect(net.fn).not.toHaveBeenCalled();
  });

  it('traces with console.debug only when the debug attribute is set', async () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    const quiet = mount(API);
    await vi.waitFor(() => expect(text(quiet, '[part=label]')).toBe('Trend up'));
    expect(debug).not.toHaveBeenCalled();
    const traced = mount({ ...API, debug: '' });
    await vi.waitFor(() => expect(text(traced, '[part=label]')).toBe('Trend up'));
    const lines = debug.mock.calls.map((call) => String(call[0]));
    expect(lines.some((line) => line.includes('start BTCUSDT|1h'))).toBe(true);
    expect(lines.some((line) => line.includes('mode connecting -> polling'))).toBe(true);
  });

  it('reads the sparkline colour when it is created, not at every draw', async () => {
    const el = mount(LIVE);
    await vi.waitFor(() => expect(text(el, '[part=label]')).toBe('Trend up'));
    socket().serverConnect();
    socket().answerSubscribe({ ok: true });
    const box = q(el, '[part=sparkline]')!;
    const styleReads = vi.spyOn(window, 'getComputedStyle');
    const draws = vi.spyOn(box.querySelector('canvas')!.getContext('2d')!, 'stroke');
    for (let i = 1; i <= 20; i++) {
      socket().serverEmit('regime', update({ adx: 20 + i, timestamp: NOW + i * 1000 }));
      await vi.waitFor(() => expect(text(el, '[data-value=adx]')).toBe(`${20 + i}.0`));
    }
    // Every update was drawn; not one of those draws asked for the box's computed style.
    await vi.waitFor(() => expect(draws.mock.calls.length).toBeGreaterThanOrEqual(20));
    expect(styleReads.mock.calls.filter(([target]) => target === box)).toHaveLength(0);
  });

  it('is harmless to define twice', () => {
    expect(() => define()).not.toThrow();
    expect(customElements.get('regime-widget')).toBeDefined();
  });

  it('speaks Russian from the page language, with API in the badge', async () => {
    document.documentElement.setAttribute('lang', 'ru');
    try {
      const el = mount(API);
      await vi.waitFor(() => expect(text(el, '[part=label]')).toBe('Тренд вверх'));
      expect(text(el, '[data-value=adx]')).toBe('18,5');
      expect(q(el, '[part=badge]')!.textContent).toMatch(/^○ API/);
    } finally {
      document.documentElement.removeAttribute('lang');
    }
  });
});
