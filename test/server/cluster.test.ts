/**
 * Several nodes on one Redis (a real redis-server on a free port): an update ingested on one node
 * reaches subscribers on the others, one alert per subscriber per change across all nodes, REST from
 * any node, a node killed (a real process, SIGKILL), and Redis restarted under the nodes.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RegimeAlert, RegimeUpdate } from '../../src/contract/index.js';
import type { Backend } from '../../server/src/backend.js';
import { startNodeProcess, type NodeProcess } from '../../scripts/node-process.js';
import { startRedis, type RedisServer } from '../../scripts/redis-server.js';
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
  type EventQueue,
} from './helpers.js';

const T0 = Date.now() - 60_000;
const REGIME = '/api/regime?symbol=BTCUSDT&timeframe=1h';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis.stop());
beforeEach(async () => {
  await redis.start();
  const admin = new Redis(redis.url);
  await admin.flushall();
  admin.disconnect();
});

/** Two nodes on the test's Redis. */
async function pair(): Promise<[Backend, Backend]> {
  return [await node({ redisUrl: redis.url }), await node({ redisUrl: redis.url })];
}

/** A client of `server` subscribed to BTC 1h, with its regimes and alerts. */
async function subscriber(server: { url: string }) {
  const socket = client(server);
  const regimes = queue<RegimeUpdate>(socket, 'regime');
  const alerts = queue<RegimeAlert>(socket, 'regime:alert');
  await connected(socket);
  expect(await subscribe(socket, BTC_1H)).toEqual({ ok: true });
  return { socket, regimes, alerts };
}

/** Takes regimes until one with `adx` comes; every client has then had whatever was sent before it. */
async function until(regimes: EventQueue<RegimeUpdate>, adx: number): Promise<RegimeUpdate[]> {
  const seen: RegimeUpdate[] = [];
  for (;;) {
    const next = await regimes.next(`the update with ADX ${adx}`, 5000);
    seen.push(next);
    if (next.adx === adx) return seen;
  }
}

describe('two nodes on one Redis', () => {
  it('deliver an update ingested on A to subscribers on B, and answer REST from either', async () => {
    const [a, b] = await pair();
    await ingest(a, update(T0, 'range', 20));
    const onB = await subscriber(b);
    expect(await onB.regimes.next('the current regime, from the shared store')).toEqual(
      update(T0, 'range', 20),
    );

    expect((await ingest(a, update(T0 + 1, 'range', 21))).status).toBe(202);
    expect(await onB.regimes.next('the update ingested on A')).toEqual(update(T0 + 1, 'range', 21));
    for (const server of [a, b]) {
      expect((await getJson(server, REGIME)).body).toEqual(update(T0 + 1, 'range', 21));
      const history = await getJson(server, '/api/regime/history?symbol=BTCUSDT&timeframe=1h');
      expect((history.body as { points: unknown[] }).points).toHaveLength(2);
      expect((await getJson(server, '/api/health')).body).toMatchObject({
        status: 'ok',
        keys: 1,
        store: 'redis',
      });
    }
  });

  it('send exactly one alert per subscriber per change, whichever nodes ingest it and however often', async () => {
    const [a, b] = await pair();
    await ingest(a, update(T0, 'range', 20));
    const subscribers = await Promise.all([a, a, b, b, b].map(subscriber));
    for (const s of subscribers) await s.regimes.next('the current regime');

    // The same change sent to both nodes at once, five times over (a source that retries, two sources).
    const change = update(T0 + 1, 'trend_up', 30);
    const answers = await Promise.all([a, b, a, b, a].map((server) => ingest(server, change)));
    expect(answers.map((r) => (r.body as { accepted: number }).accepted).sort()).toEqual([0, 0, 0, 0, 1]);
    // Then a second change from B, and a marker after it.
    await ingest(b, update(T0 + 2, 'volatile', 40));
    await ingest(a, update(T0 + 3, 'volatile', 41));

    for (const s of subscribers) {
      expect((await until(s.regimes, 41)).map((u) => u.adx)).toEqual([30, 40, 41]);
      expect(s.alerts.pending.map((alert) => `${alert.from} → ${alert.to}`)).toEqual([
        'range → trend_up',
        'trend_up → volatile',
      ]);
    }
  });

  it('change nothing for an older update, on any node', async () => {
    const [a, b] = await pair();
    await ingest(a, update(T0 + 10, 'range', 20));
    const onA = await subscriber(a);
    await onA.regimes.next('the current regime');
    expect((await ingest(b, update(T0 + 5, 'volatile', 60))).body).toEqual({ accepted: 0, stale: 1 });
    await ingest(b, update(T0 + 11, 'range', 21));
    expect(await until(onA.regimes, 21)).toEqual([update(T0 + 11, 'range', 21)]);
    expect((await getJson(a, REGIME)).body).toEqual(update(T0 + 11, 'range', 21));
  });
});

const children: NodeProcess[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => child.kill()));
});

/** A node as its own process (`npm run serve`), so that it can be killed outright. */
async function nodeProcess(): Promise<NodeProcess> {
  const child = await startNodeProcess(['--port', '0', '--redis', redis.url], {
    INGEST_TOKEN: TOKEN,
    LOG_LEVEL: 'info',
  });
  children.push(child);
  return child;
}

describe('a node killed', () => {
  it(
    'leaves the others serving; its clients resubscribe on another node and miss nothing of the state',
    { timeout: 60_000 },
    async () => {
      const [a] = await pair();
      const victim = await nodeProcess();
      await ingest(a, update(T0, 'range', 20));
      const onVictim = await subscriber(victim);
      await onVictim.regimes.next('the current regime on the doomed node');
      const onA = await subscriber(a);
      await onA.regimes.next('the current regime on A');
      await ingest(victim, update(T0 + 1, 'range', 21));
      expect(await onA.regimes.next('an update ingested on the doomed node')).toMatchObject({ adx: 21 });

      const gone = new Promise((resolve) => onVictim.socket.once('disconnect', resolve));
      await victim.kill();
      expect(await gone).toBe('transport close');

      // The survivor ingests and fans out, and its cross-node calls no longer wait for the dead node.
      await ingest(a, update(T0 + 2, 'trend_down', 33));
      expect(await onA.regimes.next('an update after the kill')).toMatchObject({ adx: 33 });
      expect(await onA.alerts.next('the alert after the kill')).toMatchObject({
        from: 'range',
        to: 'trend_down',
      });
      // The dead node's client, sent to the survivor (as a load balancer does), gets the current state.
      const moved = await subscriber(a);
      expect(await moved.regimes.next('the current regime after moving')).toMatchObject({ adx: 33 });
    },
  );
});

describe('Redis restarted', () => {
  it(
    'the nodes say so in health and their logs, refuse what needs it, and recover by themselves',
    { timeout: 60_000 },
    async () => {
      const [a] = await pair();
      const b = await nodeProcess();
      await ingest(a, update(T0, 'range', 20));
      const onB = await subscriber(b);
      await onB.regimes.next('the current regime');

      await redis.stop();
      for (const server of [a, b]) {
        await expect
          .poll(async () => (await getJson(server, '/api/health')).status, { timeout: 10_000 })
          .toBe(503);
        expect((await getJson(server, '/api/health')).body).toMatchObject({
          status: 'unavailable',
          store: 'redis',
          error: { code: 'unavailable', message: expect.stringContaining('store is unreachable') },
        });
        expect((await getJson(server, REGIME)).status).toBe(503);
        expect((await ingest(server, update(T0 + 1))).status).toBe(503);
      }
      const late = client(a);
      await connected(late);
      expect(await subscribe(late, BTC_1H)).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      expect(b.log()).toMatch(/"msg":"redis lost/);

      await redis.start(); // empty: nothing is persisted in the tests
      for (const server of [a, b]) {
        await expect
          .poll(async () => (await getJson(server, '/api/health')).status, { timeout: 15_000 })
          .toBe(200);
      }
      expect(b.log()).toMatch(/"msg":"redis is back"/);
      expect(onB.socket.connected).toBe(true); // the widgets' sockets never noticed
      // Fan-out is back too: the adapter subscribed again by itself.
      await expect
        .poll(
          async () => {
            await ingest(a, update(Date.now(), 'range', 25));
            return onB.regimes.pending.some((u) => u.adx === 25);
          },
          { timeout: 15_000, interval: 500 },
        )
        .toBe(true);
      expect(await subscribe(late, BTC_1H)).toEqual({ ok: true });
    },
  );
});
