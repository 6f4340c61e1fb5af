/**
 * The REST API over real HTTP: answers, error bodies, the history limit, CORS, and the static files.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHistory, checkUpdate, type RegimeHistory } from '../../src/contract/index.js';
import { getJson, serve } from './helpers.js';

const BTC = 'symbol=BTCUSDT&timeframe=1h';

describe('GET /api/regime', () => {
  it('answers the current RegimeUpdate of the key', async () => {
    const server = await serve();
    const { status, body, headers } = await getJson(server, `/api/regime?${BTC}`);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^application\/json/);
    const update = checkUpdate(body);
    expect(update.ok && update.value).toMatchObject({ symbol: 'BTCUSDT', timeframe: '1h' });
  });

  it('serves any valid timeframe of a known symbol', async () => {
    const server = await serve();
    const { status, body } = await getJson(server, '/api/regime?symbol=SOLUSDT&timeframe=7m');
    expect(status).toBe(200);
    expect(checkUpdate(body).ok).toBe(true);
  });

  it('moves on with the clock: a later tick gives a newer update', async () => {
    const server = await serve();
    const first = (await getJson(server, `/api/regime?${BTC}`)).body as { timestamp: number };
    await server.tick();
    const second = (await getJson(server, `/api/regime?${BTC}`)).body as { timestamp: number };
    expect(second.timestamp).toBeGreaterThan(first.timestamp);
  });

  it.each`
    query                                           | status | code             | message
    ${''}                                           | ${400} | ${'bad_request'} | ${'symbol'}
    ${'symbol=BTCUSDT'}                             | ${400} | ${'bad_request'} | ${'timeframe'}
    ${'symbol=BTC%20USDT&timeframe=1h'}             | ${400} | ${'bad_request'} | ${'symbol'}
    ${'symbol=BTCUSDT&timeframe=1hour'}             | ${400} | ${'bad_request'} | ${'timeframe'}
    ${'symbol=BTCUSDT&timeframe=0m'}                | ${400} | ${'bad_request'} | ${'timeframe'}
    ${'symbol=BTCUSDT&symbol=ETHUSDT&timeframe=1h'} | ${400} | ${'bad_request'} | ${'symbol'}
    ${'symbol=DOGEUSDT&timeframe=1h'}               | ${404} | ${'not_found'}   | ${'DOGEUSDT'}
  `('$query → $status $code', async ({ query, status, code, message }) => {
    const server = await serve();
    const answer = await getJson(server, `/api/regime?${query}`);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({ error: { code, message: expect.stringContaining(message) } });
  });
});

describe('GET /api/regime/history', () => {
  const history = async (query: string) => {
    const server = await serve();
    return getJson(server, `/api/regime/history?${query}`);
  };

  it('answers 120 points by default, oldest first, all valid', async () => {
    const { status, body } = await history(BTC);
    expect(status).toBe(200);
    const checked = checkHistory(body);
    if (!checked.ok) throw new Error(checked.reason);
    expect(checked.value).toMatchObject({ symbol: 'BTCUSDT', timeframe: '1h' });
    const times = checked.value.points.map((p) => p.timestamp as number);
    expect(times).toHaveLength(120);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('answers at most `limit` points', async () => {
    const { body } = await history(`${BTC}&limit=5`);
    expect((body as RegimeHistory).points).toHaveLength(5);
  });

  it('caps a large limit at 1000 (and sends what there is: the backfill)', async () => {
    const { status, body } = await history(`${BTC}&limit=${'9'.repeat(30)}`);
    expect(status).toBe(200);
    const points = (body as RegimeHistory).points;
    expect(points.length).toBeGreaterThan(250);
    expect(points.length).toBeLessThanOrEqual(1000);
  });

  it.each(['0', '-1', '1.5', 'ten', '', '1e3'])('rejects limit=%s with 400', async (limit) => {
    const { status, body } = await history(`${BTC}&limit=${limit}`);
    expect(status).toBe(400);
    expect(body).toEqual({ error: { code: 'bad_request', message: expect.stringContaining('limit') } });
  });

  it('validates the key like /regime', async () => {
    expect((await history('symbol=BTCUSDT&timeframe=x')).status).toBe(400);
    expect((await history('symbol=XRPUSDT&timeframe=1h')).status).toBe(404);
  });
});

describe('GET /api/health', () => {
  it('says ok, with uptime, keys, clients and subscriptions', async () => {
    const server = await serve();
    await getJson(server, `/api/regime?${BTC}`);
    const { status, body } = await getJson(server, '/api/health');
    expect(status).toBe(200);
    expect(body).toEqual({
      status: 'ok',
      uptimeS: expect.any(Number),
      keys: 1,
      clients: 0,
      subscriptions: {},
      store: 'memory',
    });
  });
});

describe('unknown routes', () => {
  it.each(['/api/nope', '/api/regime/nope', '/api'])('%s is a JSON 404', async (path) => {
    const server = await serve();
    const { status, body } = await getJson(server, path);
    expect(status).toBe(404);
    expect(body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  it('a method the route does not take is a JSON 404', async () => {
    const server = await serve();
    const { status, body } = await getJson(server, `/api/regime?${BTC}`, { method: 'DELETE' });
    expect(status).toBe(404);
    expect(body).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('CORS', () => {
  const originOf = async (origin: string, options: { corsOrigins?: string[] } = {}) => {
    const server = await serve(options);
    const response = await fetch(`${server.url}/api/health`, { headers: { Origin: origin } });
    return response.headers.get('access-control-allow-origin');
  };

  it.each([
    'http://localhost:5173',
    'http://127.0.0.1:5173',
    'http://localhost:3003',
    'http://127.0.0.1:3003',
  ])('allows the development origin %s', async (origin) => {
    expect(await originOf(origin)).toBe(origin);
  });

  it("allows the server's own origin, by either loopback name", async () => {
    const server = await serve();
    for (const origin of [server.url, server.url.replace('127.0.0.1', 'localhost')]) {
      const response = await fetch(`${server.url}/api/health`, { headers: { Origin: origin } });
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    }
  });

  it('gives a foreign origin no Access-Control-Allow-Origin, but still answers', async () => {
    const server = await serve();
    const response = await fetch(`${server.url}/api/health`, { headers: { Origin: 'https://evil.example' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers a preflight for an allowed origin only', async () => {
    const server = await serve();
    const preflight = (origin: string) =>
      fetch(`${server.url}/api/_faults`, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type',
        },
      });
    expect((await preflight('http://localhost:5173')).headers.get('access-control-allow-origin')).toBe(
      'http://localhost:5173',
    );
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('replaces the development origins with corsOrigins (CORS_ORIGINS in main.ts)', async () => {
    expect(await originOf('https://shop.example', { corsOrigins: ['https://shop.example'] })).toBe(
      'https://shop.example',
    );
    expect(await originOf('http://localhost:5173', { corsOrigins: ['https://shop.example'] })).toBeNull();
  });
});

describe('static files', () => {
  const dirs = () => {
    const root = mkdtempSync(join(tmpdir(), 'regime-demo-'));
    const staticDir = join(root, 'demo');
    const distDir = join(root, 'dist');
    for (const [dir, file, text] of [
      [staticDir, 'index.html', '<!doctype html><title>demo</title>'],
      [join(staticDir, 'server'), 'app.ts', 'secret source'],
      [join(staticDir, 'data'), 'sample-candles.csv', 'timestamp,open'],
      [staticDir, 'README.md', 'notes'],
      [staticDir, 'demo.js', 'console.log("page")'],
      [distDir, 'regime-widget.js', 'console.log("widget")'],
    ] as const) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    return { staticDir, distDir };
  };

  it("serves the demo page at / and the widget from dist, but not the server's source", async () => {
    const server = await serve(dirs());
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>demo</title>');
    const widget = await fetch(`${server.url}/regime-widget.js`);
    expect(widget.status).toBe(200);
    expect(widget.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${server.url}/demo.js`)).status).toBe(200);
    expect((await fetch(`${server.url}/server/app.ts`)).status).toBe(404);
  });

  it.each([
    '/server%2Fapp.ts',
    '/data%2Fsample-candles.csv',
    '/server%2fapp.ts',
    '/%2E%2E%2Fdemo%2Fserver%2Fapp.ts',
    '/README.md',
    '/server/',
    '/data/',
  ])('serves no file outside its list: %s is a 404', async (path) => {
    const server = await serve(dirs());
    const answer = await fetch(`${server.url}${path}`);
    expect(answer.status).toBe(404);
    expect(await answer.text()).not.toMatch(/secret source|timestamp,open|notes/);
  });

  it('starts without a built widget (it only logs a warning)', async () => {
    const server = await serve({ ...dirs(), distDir: join(tmpdir(), 'no-such-dist') });
    expect((await fetch(`${server.url}/regime-widget.js`)).status).toBe(404);
  });
});
