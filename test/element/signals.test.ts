/**
 * `<regime-signals>` itself, created with document.createElement and read through its shadow root,
 * over fake REST (fetch) and a fake socket. Real browsers and servers are in test/e2e.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RegimePoint } from '../../src/contract/types.js';
import { define } from '../../src/define.js';
import type { RegimeSignalsElement } from '../../src/element/api.js';
import type { RegimeSignal } from '../../src/feed/signal-log.js';
import type { fakeOpen } from '../fakes/index.js';
import { releasePageHubs, useFakePageHubs } from './page-hubs.js';

const HOUR = 3600e3;
const NOW = Date.now() - 10 * HOUR;

const point = (regime: string, hour: number, adx = 20 + hour): RegimePoint => ({
  regime,
  adx,
  atrPct: 0.01,
  timestamp: NOW + hour * HOUR,
});

/** Each key's history: BTCUSDT changed twice, ETHUSDT once. */
const HISTORIES: Record<string, RegimePoint[]> = {
  BTCUSDT: [point('range', 0), point('trend_up', 1, 25.34), point('trend_up', 2), point('squeeze', 4)],
  ETHUSDT: [point('trend_down', 0), point('range', 3), point('range', 5)],
};

let open: ReturnType<typeof fakeOpen>;
let requests: string[];

beforeAll(() => define());

beforeEach(() => {
  requests = [];
  open = useFakePageHubs(async (input) => {
    const url = new URL(String(input));
    requests.push(`${url.pathname} ${url.searchParams.get('symbol')} ${url.searchParams.get('timeframe')}`);
    const symbol = url.searchParams.get('symbol') as string;
    const timeframe = url.searchParams.get('timeframe') as string;
    const points = HISTORIES[symbol];
    if (!points) return new Response('{"error":{"code":"down","message":"down"}}', { status: 503 });
    const body = url.pathname.endsWith('/history')
      ? { symbol, timeframe, points }
      : { symbol, timeframe, ...points.at(-1) };
    return new Response(JSON.stringify(body));
  });
});

afterEach(releasePageHubs);

function mount(attrs: Record<string, string>): RegimeSignalsElement {
  const el = document.createElement('regime-signals');
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  document.body.append(el);
  return el;
}

const rows = (el: HTMLElement) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~=signal]')];
const brief = (el: HTMLElement) =>
  rows(el).map(
    (row) => `${row.dataset.symbol} ${row.dataset.timeframe} ${row.dataset.from}>${row.dataset.to}`,
  );

describe('<regime-signals>', () => {
  it('lists the label changes of every key’s history, newest first, over REST alone', async () => {
    const el = mount({ symbols: 'BTCUSDT, ETHUSDT', timeframes: '1h', 'api-url': 'http://api.test/api' });
    await vi.waitFor(() => expect(rows(el)).toHaveLength(3));
    expect(brief(el)).toEqual([
      'BTCUSDT 1h trend_up>squeeze',
      'ETHUSDT 1h trend_down>range',
      'BTCUSDT 1h range>trend_up',
    ]);
    const oldest = rows(el)[2] as HTMLElement;
    expect([...oldest.querySelectorAll('[part~=label]')].map((label) => label.textContent)).toEqual([
      'Range',
      'Trend up',
    ]);
    expect(oldest.querySelector('[part~=label]:last-of-type')?.getAttribute('data-regime')).toBe('trend_up');
    expect(oldest.querySelector('[part~=values]')?.textContent).toBe('ADX 25.3');
    expect(oldest.querySelector('time')?.getAttribute('datetime')).toBe(new Date(NOW + HOUR).toISOString());
    // An unknown label is shown as it is.
    expect(rows(el)[0]?.querySelector('[part~=label]:last-of-type')?.textContent).toBe('squeeze');
    await vi.waitFor(() => expect(el.mode).toBe('polling'));
    expect(el.shadowRoot!.querySelector('[part~=badge]')?.textContent).toContain('○ API');
    expect(el.signals.map((signal) => signal.to)).toEqual(['squeeze', 'range', 'trend_up']);
  });

  it('shows at most `limit` rows in the DOM', async () => {
    const el = mount({
      symbols: 'BTCUSDT ETHUSDT',
      timeframes: '1h',
      limit: '2',
      'api-url': 'http://api.test/api',
    });
    await vi.waitFor(() => expect(el.signals).toHaveLength(2));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(brief(el)).toEqual(['BTCUSDT 1h trend_up>squeeze', 'ETHUSDT 1h trend_down>range']);
    expect(el.limit).toBe(2);
  });

  it('puts a live change on top once, however many sources report it, with an event and a polite announcement', async () => {
    const el = mount({
      symbols: 'BTCUSDT ETHUSDT',
      timeframes: '1h',
      'api-url': 'http://api.test/api',
      'ws-url': 'http://ws.test',
    });
    const events: RegimeSignal[] = [];
    el.addEventListener('regime-signal', (event) => events.push(event.detail));
    await vi.waitFor(() => expect(rows(el)).toHaveLength(3));
    // One connection for both keys.
    expect(open.sockets).toHaveLength(1);
    const socket = open.last();
    socket.serverConnect();
    expect(socket.answerSubscribe({ ok: true })).toBe(true);
    expect(socket.answerSubscribe({ ok: true })).toBe(true);
    await vi.waitFor(() => expect(el.mode).toBe('live'));

    const at = NOW + 6 * HOUR;
    socket.serverEmit('regime', { symbol: 'ETHUSDT', timeframe: '1h', ...point('volatile', 6, 31.25) });
    socket.serverEmit('regime:alert', {
      symbol: 'ETHUSDT',
      timeframe: '1h',
      from: 'range',
      to: 'volatile',
      timestamp: at,
    });
    await vi.waitFor(() => expect(rows(el)).toHaveLength(4));
    expect(brief(el)[0]).toBe('ETHUSDT 1h range>volatile');
    expect(rows(el)[0]?.querySelector('[part~=values]')?.textContent).toBe('ADX 31.3');
    expect(events).toEqual([
      {
        symbol: 'ETHUSDT',
        timeframe: '1h',
        from: 'range',
        to: 'volatile',
        adx: 31.25,
        timestamp: at,
        source: 'update',
      },
    ]);
    const live = el.shadowRoot!.querySelector('[aria-live=polite]');
    expect(live?.textContent?.trim()).toBe('ETHUSDT 1h: Regime changed: Range to Volatile');
    expect(el.shadowRoot!.querySelector('[role=alert]')).toBeNull();

    // An alert first: its row, then its update completes it (ADX) without a second row.
    socket.serverEmit('regime:alert', {
      symbol: 'BTCUSDT',
      timeframe: '1h',
      from: 'squeeze',
      to: 'trend_down',
      timestamp: at + HOUR,
    });
    await vi.waitFor(() => expect(rows(el)).toHaveLength(5));
    expect(rows(el)[0]?.querySelector('[part~=values]')?.textContent).toBe('');
    socket.serverEmit('regime', { symbol: 'BTCUSDT', timeframe: '1h', ...point('trend_down', 7, 40) });
    await vi.waitFor(() =>
      expect(rows(el)[0]?.querySelector('[part~=values]')?.textContent).toBe('ADX 40.0'),
    );
    expect(rows(el)).toHaveLength(5);
    expect(events.map((event) => `${event.symbol} ${event.to} ${event.source}`)).toEqual([
      'ETHUSDT volatile update',
      'BTCUSDT trend_down alert',
    ]);
  });

  it('shows the worst mode of its keys on the badge, and keeps the rows of the others', async () => {
    const el = mount({ symbols: 'BTCUSDT XRPUSDT', timeframes: '1h', 'api-url': 'http://api.test/api' });
    await vi.waitFor(() => expect(rows(el)).toHaveLength(2));
    await vi.waitFor(() => expect(el.mode).toBe('offline'));
    expect(el.shadowRoot!.querySelector('[part~=badge]')?.getAttribute('data-mode')).toBe('offline');
    expect(el.shadowRoot!.querySelector('[part~=badge]')?.textContent).toContain('× Offline');
  });

  it('asks REST once per key and says what is wrong with its attributes', async () => {
    const warn = vi.mocked(console.warn);
    const el = mount({ symbols: 'BTCUSDT', 'api-url': 'http://api.test/api' });
    await vi.waitFor(() =>
      expect(el.shadowRoot!.querySelector('[part~=problem]')?.textContent).toBe(
        'symbols and timeframes are required',
      ),
    );
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('[regime-signals] symbols and timeframes are required'),
    );
    el.setAttribute('timeframes', '4h');
    await vi.waitFor(() => expect(rows(el)).toHaveLength(2));
    expect(requests.filter((request) => request.startsWith('/api/regime/history'))).toEqual([
      '/api/regime/history BTCUSDT 4h',
    ]);
  });

  it('speaks Russian and reads its defaults', async () => {
    const el = mount({
      symbols: 'ETHUSDT',
      timeframes: '1h',
      locale: 'ru',
      'api-url': 'http://api.test/api',
    });
    await vi.waitFor(() => expect(rows(el)).toHaveLength(1));
    expect([...rows(el)[0]!.querySelectorAll('[part~=label]')].map((label) => label.textContent)).toEqual([
      'Тренд вниз',
      'Флэт',
    ]);
    expect(el.shadowRoot!.querySelector('[part~=key]')?.textContent).toBe('Смены режима');
    expect([el.limit, el.theme, el.pollInterval, el.wsNamespace]).toEqual([20, 'auto', 15000, '/signals']);
  });
});
