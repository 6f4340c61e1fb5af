import { describe, expect, it } from 'vitest';
import {
  MAX_HISTORY,
  MIN_POLL_INTERVAL,
  readConfig,
  type WidgetAttributes,
} from '../../src/element/config.js';
import { DEFAULTS } from '../../src/feed/target.js';

const PAGE = 'https://shop.example.com/markets/btc.html';
const base: WidgetAttributes = { symbol: 'BTCUSDT', timeframe: '1h', apiUrl: 'https://example.com/api' };

function ok(attrs: WidgetAttributes, page = PAGE) {
  const config = readConfig(attrs, page);
  if (!config.ok) throw new Error(`expected a config, got: ${config.problem}`);
  return config;
}

describe('readConfig', () => {
  it('applies the defaults', () => {
    expect(readConfig({ ...base, wsUrl: 'https://example.com' }, PAGE)).toEqual({
      ok: true,
      target: {
        symbol: 'BTCUSDT',
        timeframe: '1h',
        apiUrl: 'https://example.com/api',
        socket: {
          url: 'https://example.com',
          path: '/socket.io',
          namespace: '/signals',
          namespaceExplicit: false,
        },
      },
      pollInterval: 15000,
      history: 120,
    });
    expect(DEFAULTS).toMatchObject({
      wsNamespace: '/signals',
      wsPath: '/socket.io',
      pollInterval: 15000,
      history: 120,
    });
  });

  it('has no socket without ws-url (API only), and no apiUrl without api-url (socket only)', () => {
    expect(ok(base).target).toEqual({
      symbol: 'BTCUSDT',
      timeframe: '1h',
      apiUrl: 'https://example.com/api',
    });
    const socketOnly = ok({ symbol: 'BTCUSDT', timeframe: '1h', wsUrl: 'wss://example.com' }).target;
    expect(socketOnly.apiUrl).toBeUndefined();
    expect(socketOnly.socket?.url).toBe('wss://example.com');
  });

  it.each<[number | null | undefined, number]>([
    [undefined, 15000],
    [null, 15000],
    [NaN, 15000],
    [Infinity, 15000],
    [5000, 5000],
    [1000, 1000],
    [999, 1000],
    [0, 1000],
    [-5, 1000],
    [2500.4, 2500],
    [1e12, 24 * 3600e3],
  ])('poll-interval %s is %s', (pollInterval, expected) => {
    expect(ok({ ...base, pollInterval }).pollInterval).toBe(expected);
    expect(MIN_POLL_INTERVAL).toBe(1000);
  });

  it.each<[number | null | undefined, number]>([
    [undefined, 120],
    [NaN, 120],
    [50, 50],
    [0, 2],
    [1e6, MAX_HISTORY],
  ])('history %s is %s', (history, expected) => {
    expect(ok({ ...base, history }).history).toBe(expected);
  });

  it.each([
    ['/api', 'https://shop.example.com/api'],
    ['api/', 'https://shop.example.com/markets/api'],
    ['../v1/api/', 'https://shop.example.com/v1/api'],
    ['//cdn.example.net/api', 'https://cdn.example.net/api'],
    ['  https://example.com/api///  ', 'https://example.com/api'],
    ['http://localhost:4202/api', 'http://localhost:4202/api'],
  ])('resolves api-url %j against the page', (apiUrl, expected) => {
    expect(ok({ ...base, apiUrl }).target.apiUrl).toBe(expected);
  });

  it('resolves ws-url against the page and strips its trailing slash', () => {
    expect(ok({ ...base, wsUrl: '/' }).target.socket?.url).toBe('https://shop.example.com');
    expect(ok({ ...base, wsUrl: 'https://ws.example.com/' }).target.socket?.url).toBe(
      'https://ws.example.com',
    );
  });

  it.each([
    ['signals', '/signals', true],
    ['/signals', '/signals', true],
    ['  /prices ', '/prices', true],
    ['/', '/', true],
    ['', '/signals', false],
    ['   ', '/signals', false],
    [null, '/signals', false],
    [undefined, '/signals', false],
  ])('namespace %j is %j, explicit: %s', (wsNamespace, namespace, namespaceExplicit) => {
    const socket = ok({ ...base, wsUrl: 'https://example.com', wsNamespace }).target.socket;
    expect(socket).toMatchObject({ namespace, namespaceExplicit });
  });

  it('takes ws-path as given, the default when empty', () => {
    expect(ok({ ...base, wsUrl: 'https://example.com', wsPath: '/rt' }).target.socket?.path).toBe('/rt');
    expect(ok({ ...base, wsUrl: 'https://example.com', wsPath: ' ' }).target.socket?.path).toBe('/socket.io');
  });

  it.each([
    ['socket.io', '/socket.io'],
    ['/rt/socket.io/', '/rt/socket.io'],
    [' rt/socket.io// ', '/rt/socket.io'],
    ['/', '/socket.io'],
  ])('reads ws-path %j as %j, as the doctor reads --path', (wsPath, path) => {
    expect(ok({ ...base, wsUrl: 'https://example.com', wsPath }).target.socket?.path).toBe(path);
  });

  it('trims symbol and timeframe', () => {
    expect(ok({ ...base, symbol: ' ETHUSDT ', timeframe: ' 4h' }).target).toMatchObject({
      symbol: 'ETHUSDT',
      timeframe: '4h',
    });
  });

  it.each<[string, WidgetAttributes]>([
    ['no symbol', { ...base, symbol: undefined }],
    ['a null symbol', { ...base, symbol: null }],
    ['an empty symbol', { ...base, symbol: '  ' }],
    ['a symbol with a space', { ...base, symbol: 'BTC USDT' }],
    ['no timeframe', { ...base, timeframe: undefined }],
    ['a timeframe that is not one', { ...base, timeframe: 'hourly' }],
  ])('is a problem with %s', (_, attrs) => {
    const config = readConfig(attrs, PAGE);
    expect(config.ok).toBe(false);
    if (!config.ok) expect(config.problem).toMatch(/symbol and timeframe are required/);
  });

  it.each<[string, WidgetAttributes]>([
    ['no URL', { symbol: 'BTCUSDT', timeframe: '1h' }],
    ['empty URLs', { symbol: 'BTCUSDT', timeframe: '1h', apiUrl: ' ', wsUrl: '' }],
    ['URLs that cannot be resolved', { symbol: 'BTCUSDT', timeframe: '1h', apiUrl: 'http://[::1' }],
  ])('is a problem with %s', (_, attrs) => {
    expect(readConfig(attrs, PAGE)).toEqual({ ok: false, problem: 'set api-url, ws-url or both' });
  });
});
