/**
 * `POST /api/ingest` on one node: the bearer token, the body's checks (nothing of a refused body is
 * stored), the size limit, and what an accepted update does: the current one, history, `regime` and
 * one `regime:alert` per change of label.
 */
import { describe, expect, it } from 'vitest';
import type { RegimeAlert, RegimeUpdate } from '../../src/contract/index.js';
import {
  BTC_1H,
  TOKEN,
  client,
  connected,
  getJson,
  ingest,
  node,
  queue,
  subscribe,
  update,
} from './helpers.js';

const T0 = Date.now() - 60_000;
const REGIME = '/api/regime?symbol=BTCUSDT&timeframe=1h';

describe('the token', () => {
  it.each`
    what                            | authorization
    ${'no Authorization'}           | ${undefined}
    ${'a wrong token'}              | ${'Bearer wrong'}
    ${'the token with more after'}  | ${`Bearer ${TOKEN}x`}
    ${'a prefix of the token'}      | ${`Bearer ${TOKEN.slice(0, -1)}`}
    ${'the token as Basic'}         | ${`Basic ${TOKEN}`}
    ${'the token without a scheme'} | ${TOKEN}
    ${'an empty bearer'}            | ${'Bearer '}
  `('refuses $what with 401, storing nothing', async ({ authorization }) => {
    const server = await node();
    const answer = await ingest(server, update(T0), authorization ? { authorization } : {});
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(answer.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    expect(await server.store.size()).toBe(0);
  });

  it('takes the scheme in any case', async () => {
    const server = await node();
    expect((await ingest(server, update(T0), { authorization: `bearer ${TOKEN}` })).status).toBe(202);
  });

  it('refuses everything when the server has no token', async () => {
    const server = await node({ ingestToken: undefined });
    const answer = await ingest(server, update(T0));
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ error: { message: expect.stringContaining('INGEST_TOKEN') } });
  });

  it('answers 401 to a stranger before reading a body over the limit', async () => {
    const server = await node();
    const answer = await ingest(server, 'x'.repeat(2 * 1024 * 1024), {});
    expect(answer.status).toBe(401);
  });
});

describe('the body', () => {
  const valid = update(T0);
  it.each`
    what                                   | body
    ${'a missing regime'}                  | ${{ ...valid, regime: undefined }}
    ${'a blank regime'}                    | ${{ ...valid, regime: '   ' }}
    ${'a regime over 32 characters'}       | ${{ ...valid, regime: 'x'.repeat(33) }}
    ${'adx above 100'}                     | ${{ ...valid, adx: 100.5 }}
    ${'adx as a string'}                   | ${{ ...valid, adx: '20' }}
    ${'a negative atrPct'}                 | ${{ ...valid, atrPct: -0.01 }}
    ${'a symbol with a space'}             | ${{ ...valid, symbol: 'BTC USDT' }}
    ${'a timeframe without a unit'}        | ${{ ...valid, timeframe: '60' }}
    ${'no timestamp'}                      | ${{ ...valid, timestamp: undefined }}
    ${'a timestamp that is no date'}       | ${{ ...valid, timestamp: '2026-02-30T00:00:00Z' }}
    ${'a negative timestamp'}              | ${{ ...valid, timestamp: -1 }}
    ${'a timestamp an hour ahead'}         | ${{ ...valid, timestamp: Date.now() + 3600_000 }}
    ${'a timestamp in microseconds'}       | ${{ ...valid, timestamp: T0 * 1000 }}
    ${'a string'}                          | ${'"BTCUSDT"'}
    ${'a number'}                          | ${'42'}
    ${'null'}                              | ${'null'}
    ${'JSON cut short'}                    | ${'{"symbol":"BTCUSDT",'}
    ${'an array with one bad update last'} | ${[valid, update(T0 + 1), { ...valid, adx: -1 }]}
    ${'an array of arrays'}                | ${[[valid]]}
  `('refuses $what with 400, storing nothing of it', async ({ body }) => {
    const server = await node();
    const answer = await ingest(server, body);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
    expect(await server.store.size()).toBe(0);
  });

  it('names the update at fault in an array', async () => {
    const server = await node();
    const answer = await ingest(server, [update(T0), { ...update(T0 + 1), adx: 101 }]);
    expect(answer.body).toEqual({
      error: { code: 'invalid_update', message: '[1]: adx must be a number from 0 to 100' },
    });
  });

  it('refuses a body not sent as JSON with 400', async () => {
    const server = await node();
    const answer = await ingest(server, JSON.stringify(update(T0)), {
      authorization: `Bearer ${TOKEN}`,
      'content-type': 'text/plain',
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { message: expect.stringContaining('application/json') } });
  });

  it('refuses a body over 1 MB with 413, storing nothing', async () => {
    const server = await node();
    const many = Array.from({ length: 12_000 }, (_, i) => update(T0 + i));
    expect(JSON.stringify(many).length).toBeGreaterThan(1024 * 1024);
    const answer = await ingest(server, many);
    expect(answer.status).toBe(413);
    expect(answer.body).toEqual({ error: { code: 'too_large', message: expect.any(String) } });
    expect(await server.store.size()).toBe(0);
    expect((await ingest(server, many.slice(0, 8000))).status).toBe(202); // under the limit
  });
});

describe('an accepted update', () => {
  it('becomes the current one and joins the history; an older one changes nothing', async () => {
    const server = await node();
    expect(await ingest(server, update(T0 + 10, 'range', 21))).toMatchObject({
      status: 202,
      body: { accepted: 1, stale: 0 },
    });
    expect(
      await ingest(server, [update(T0 + 5, 'volatile', 50), update(T0 + 20, 'range', 22)]),
    ).toMatchObject({
      status: 202,
      body: { accepted: 1, stale: 1 },
    });
    expect((await getJson(server, REGIME)).body).toEqual(update(T0 + 20, 'range', 22));
    const history = await getJson(server, '/api/regime/history?symbol=BTCUSDT&timeframe=1h');
    expect((history.body as { points: { adx: number }[] }).points.map((p) => p.adx)).toEqual([21, 22]);
    expect(await ingest(server, [])).toMatchObject({ status: 202, body: { accepted: 0, stale: 0 } });
  });

  it('goes out as regime, and as one regime:alert when its label changes', async () => {
    const server = await node();
    await ingest(server, update(T0, 'range'));
    const socket = client(server);
    const regimes = queue<RegimeUpdate>(socket, 'regime');
    const alerts = queue<RegimeAlert>(socket, 'regime:alert');
    await connected(socket);
    expect(await subscribe(socket, BTC_1H)).toEqual({ ok: true });
    expect(await regimes.next('the current regime')).toEqual(update(T0, 'range'));

    await ingest(server, update(T0 + 1, 'range', 23));
    expect(await regimes.next('the update of the same label')).toEqual(update(T0 + 1, 'range', 23));
    await ingest(server, update(T0 + 2, 'trend_up', 31));
    expect(await regimes.next('the update of the new label')).toEqual(update(T0 + 2, 'trend_up', 31));
    expect(await alerts.next('the alert of the change')).toEqual({
      ...BTC_1H,
      from: 'range',
      to: 'trend_up',
      severity: 'info',
      message: 'BTCUSDT 1h: range → trend up',
      timestamp: T0 + 2,
    });
    await ingest(server, update(T0 + 1, 'volatile')); // older: nothing goes out
    await ingest(server, update(T0 + 3, 'trend_up', 32));
    expect(await regimes.next('the next update')).toEqual(update(T0 + 3, 'trend_up', 32));
    expect(alerts.pending).toEqual([]);
  });

  it('is what a served node without a demo market answers; an unknown key is a 404', async () => {
    const server = await node();
    expect(await getJson(server, REGIME)).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found' } },
    });
    const socket = client(server);
    const regimes = queue<RegimeUpdate>(socket, 'regime');
    await connected(socket);
    expect(await subscribe(socket, BTC_1H)).toEqual({ ok: true }); // subscribed before the source's first update
    await ingest(server, update(T0));
    expect(await regimes.next('the first update of the key')).toEqual(update(T0));
  });
});
