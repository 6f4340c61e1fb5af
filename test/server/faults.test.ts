/**
 * Fault control over HTTP, its validation, and the REST faults as a client sees them.
 */
import { get as httpGet, request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkHistory, checkUpdate } from '../../src/contract/index.js';
import type { ReferenceServer } from '../../server/src/app.js';
import { startBackend } from '../../server/src/backend.js';
import { HEALTHY } from '../../server/src/faults.js';
import { checkFaultPatch } from '../../server/src/fault-state.js';
import { getJson, serve } from './helpers.js';

const BTC = 'symbol=BTCUSDT&timeframe=1h';
/** A fault change as the demo page sends it: JSON, from the server's own origin. */
const post = (
  body: unknown,
  { type = 'application/json', origin = 'http://localhost:5173' }: { type?: string; origin?: string } = {},
): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': type, origin },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('the fault-control endpoints', () => {
  it('GET answers the healthy defaults at start', async () => {
    const server = await serve();
    expect(await getJson(server, '/api/_faults')).toMatchObject({ status: 200, body: HEALTHY });
  });

  it('POST merges a partial patch and answers the result; reset restores health', async () => {
    const server = await serve();
    const merged = await getJson(server, '/api/_faults', post({ rest: 'slow', slowMs: 250 }));
    expect(merged).toMatchObject({ status: 200, body: { ...HEALTHY, rest: 'slow', slowMs: 250 } });
    const again = await getJson(server, '/api/_faults', post({ socket: 'refuse' }));
    expect(again.body).toEqual({ ...HEALTHY, rest: 'slow', slowMs: 250, socket: 'refuse' });
    expect(server.faults.get()).toEqual(again.body);
    const reset = await getJson(server, '/api/_faults/reset', post({}));
    expect(reset).toMatchObject({ status: 200, body: HEALTHY });
  });

  it('shares its state with server.faults', async () => {
    const server = await serve();
    server.faults.set({ broadcast: true });
    expect((await getJson(server, '/api/_faults')).body).toMatchObject({ broadcast: true });
    server.faults.reset();
    expect(server.faults.get()).toEqual(HEALTHY);
  });

  it.each`
    body                              | reason
    ${{ sockets: 'refuse' }}          | ${'unknown fault sockets'}
    ${{ socket: 'down' }}             | ${'socket must be one of ok, refuse'}
    ${{ rest: 'broken' }}             | ${'rest must be one of'}
    ${{ noNamespace: 'yes' }}         | ${'noNamespace must be true or false'}
    ${{ slowMs: -1 }}                 | ${'slowMs must be a whole number'}
    ${{ slowMs: 1.5 }}                | ${'slowMs must be a whole number'}
    ${{ slowMs: 600000 }}             | ${'slowMs must be a whole number'}
    ${[{ rest: 'error' }]}            | ${'faults must be a JSON object'}
    ${{ rest: 'error', bogus: true }} | ${'unknown fault bogus'}
  `('POST $body → 400 ($reason), nothing changed', async ({ body, reason }) => {
    const server = await serve();
    const answer = await getJson(server, '/api/_faults', post(body));
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: { code: 'bad_request', message: expect.stringContaining(reason) } });
    expect(server.faults.get()).toEqual(HEALTHY);
  });

  it('rejects a body that is not JSON with a JSON 400', async () => {
    const server = await serve();
    const answer = await getJson(server, '/api/_faults', post('{"rest":'));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: 'bad_request' } });
    expect(server.faults.get()).toEqual(HEALTHY);
  });

  it('checkFaultPatch takes every field of a healthy server', () => {
    expect(checkFaultPatch(HEALTHY)).toEqual({ ok: true, value: HEALTHY });
    expect(checkFaultPatch({ __proto__: { rest: 'error' } }).ok).toBe(true); // inherited keys are not read
  });
});

describe('fault switches against a stranger', () => {
  /** A request with any Host header (fetch will not send a forged one). */
  const request = (
    server: ReferenceServer,
    path: string,
    init: { method?: string; headers?: Record<string, string>; body?: string },
  ) =>
    new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      const req = httpRequest(`${server.url}${path}`, {
        method: init.method ?? 'GET',
        headers: init.headers,
      });
      req.on('error', reject);
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown }));
      });
      req.end(init.body);
    });

  it.each`
    what                                              | type                                   | origin
    ${'a simple request (text/plain) any page sends'} | ${'text/plain'}                        | ${'http://localhost:5173'}
    ${'a form post'}                                  | ${'application/x-www-form-urlencoded'} | ${'http://localhost:5173'}
    ${'JSON from a foreign page'}                     | ${'application/json'}                  | ${'https://evil.example'}
    ${'JSON without an Origin'}                       | ${'application/json'}                  | ${''}
  `('refuses $what, changing nothing', async ({ type, origin }) => {
    const server = await serve();
    server.faults.set({ rest: 'error' });
    const headers: Record<string, string> = { 'content-type': type };
    if (origin) headers.origin = origin;
    for (const [path, body] of [
      ['/api/_faults/reset', ''],
      ['/api/_faults', '{"socket":"refuse"}'],
    ] as const) {
      const answer = await getJson(server, path, { method: 'POST', headers, body });
      expect(answer.status, path).toBe(type === 'application/json' ? 403 : 415);
      expect(answer.body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    }
    expect(server.faults.get()).toEqual({ ...HEALTHY, rest: 'error' });
  });

  it('refuses a Host that is not the server (DNS rebinding), even for reading', async () => {
    const server = await serve();
    const rebound = `evil.example:${server.port}`;
    const change = await request(server, '/api/_faults/reset', {
      method: 'POST',
      headers: { host: rebound, origin: `http://${rebound}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(change).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect((await request(server, '/api/_faults', { headers: { host: rebound } })).status).toBe(403);
    expect(
      (await request(server, '/api/_faults', { headers: { host: `localhost:${server.port}` } })).status,
    ).toBe(200);
  });

  it('are off unless asked for: the served backend has none', async () => {
    const node = await startBackend({ port: 0, logLevel: 'silent' });
    try {
      const answer = await fetch(`${node.url}/api/_faults`);
      expect(answer.status).toBe(404);
      const reset = await fetch(`${node.url}/api/_faults/reset`, post({}, { origin: node.url }));
      expect(reset.status).toBe(404);
    } finally {
      await node.close();
    }
  });
});

describe('REST faults', () => {
  it('error: every REST route answers 503 with the error body; fault control still works', async () => {
    const server = await serve();
    server.faults.set({ rest: 'error' });
    for (const path of [`/api/regime?${BTC}`, `/api/regime/history?${BTC}`, '/api/health']) {
      const answer = await getJson(server, path);
      expect(answer.status, path).toBe(503);
      expect(answer.body).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
    }
    expect((await getJson(server, '/api/_faults/reset', post({}))).status).toBe(200);
    expect((await getJson(server, `/api/regime?${BTC}`)).status).toBe(200);
  });

  it('slow: answers correctly, after slowMs', async () => {
    const server = await serve();
    server.faults.set({ rest: 'slow', slowMs: 300 });
    const start = performance.now();
    const { status, body } = await getJson(server, `/api/regime?${BTC}`);
    expect(performance.now() - start).toBeGreaterThanOrEqual(290);
    expect(status).toBe(200);
    expect(checkUpdate(body).ok).toBe(true);
  });

  it('bad-shape: 200 with a body the contract rejects', async () => {
    const server = await serve();
    server.faults.set({ rest: 'bad-shape' });
    const update = await getJson(server, `/api/regime?${BTC}`);
    expect(update.status).toBe(200);
    expect(checkUpdate(update.body).ok).toBe(false);
    expect(checkHistory((await getJson(server, `/api/regime/history?${BTC}`)).body).ok).toBe(false);
    expect((await getJson(server, '/api/health')).body).not.toHaveProperty('status');
  });

  it('invalid-json: 200, labelled JSON, not JSON', async () => {
    const server = await serve();
    server.faults.set({ rest: 'invalid-json' });
    const response = await fetch(`${server.url}/api/regime?${BTC}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await response.text();
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  it('close() does not wait for a slow answer', async () => {
    const server = await serve();
    server.faults.set({ rest: 'slow', slowMs: 60_000 });
    const request = httpGet(`${server.url}/api/health`);
    const failed = new Promise<Error>((resolve) => request.on('error', resolve));
    await new Promise((resolve) => request.on('finish', resolve)); // the request is written ...
    await getJson(server, '/api/_faults'); // ... and the server has had a turn to read it
    const start = performance.now();
    await server.close();
    expect(performance.now() - start).toBeLessThan(1000);
    expect((await failed).message).toMatch(/socket hang up|ECONNRESET/);
  });
});
