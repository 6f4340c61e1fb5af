/**
 * The socket side of the feed against real Socket.IO servers set up as other people's backends are
 * (test/socket-server.ts): only the root namespace, long-polling only. Real socket.io-client, real
 * loopback sockets, no fakes.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RegimeUpdate, SubscriptionKey } from '../../src/contract/types.js';
import type { SocketStatus, SocketSubscriber } from '../../src/feed/key-subscription.js';
import { NO_REASON } from '../../src/feed/socket-errors.js';
import { TRANSPORT_BACKOFF } from '../../src/feed/socket-connection.js';
import { SocketHub } from '../../src/feed/socket-hub.js';
import { openSocketIo } from '../../src/feed/socket-io.js';
import type { SocketTarget } from '../../src/feed/target.js';
import { FakePage, loggerSpy } from '../fakes/index.js';
import { startScriptedSocketServer, type ScriptedSocketServer } from '../scripted-socket-server.js';
import { startSocketServer, type SocketServer } from '../socket-server.js';

const BTC: SubscriptionKey = { symbol: 'BTCUSDT', timeframe: '1h' };
const ETH: SubscriptionKey = { symbol: 'ETHUSDT', timeframe: '1h' };

let server: SocketServer | ScriptedSocketServer | undefined;
const leaves: (() => void)[] = [];

afterEach(async () => {
  for (const leave of leaves.splice(0)) leave();
  await server?.close();
  server = undefined;
});

function reading(key: SubscriptionKey, adx = 20): RegimeUpdate {
  return { ...key, regime: 'range', adx, atrPct: 0.01, timestamp: Date.now() };
}

/** A subscriber that keeps what it was told. */
function probe(key: SubscriptionKey) {
  const seen = { statuses: [] as SocketStatus[], regimes: [] as RegimeUpdate[] };
  const subscriber: SocketSubscriber = {
    key,
    status: (status) => seen.statuses.push(status),
    regime: (checked) => {
      if (checked.ok) seen.regimes.push(checked.value);
    },
    alert: () => undefined,
  };
  return {
    subscriber,
    seen,
    get state() {
      return seen.statuses.at(-1)?.state;
    },
  };
}

function socketTarget(url: string, namespace?: string): SocketTarget {
  return {
    url,
    path: '/socket.io',
    namespace: namespace ?? '/signals',
    namespaceExplicit: namespace !== undefined,
  };
}

describe('a server the WebSocket cannot reach (only long-polling passes, as behind a proxy that drops the Upgrade)', () => {
  it('the feed is live over long-polling, one connection for every key, the value shown', async () => {
    const pollingOnly = await startSocketServer({
      namespaces: ['/signals'],
      transports: ['polling'],
      current: (key) => reading(key),
    });
    server = pollingOnly;
    const logger = loggerSpy();
    const hub = new SocketHub({ logger });
    const [btc, eth] = [probe(BTC), probe(ETH)];
    leaves.push(hub.subscribe(socketTarget(pollingOnly.url), btc.subscriber));
    leaves.push(hub.subscribe(socketTarget(pollingOnly.url), eth.subscriber));
    await vi.waitFor(() => expect([btc.state, eth.state]).toEqual(['live', 'live']));
    expect(hub.diagnostics(socketTarget(pollingOnly.url))).toMatchObject({
      transport: 'polling',
      attempts: 1,
    });
    expect(pollingOnly.handshakes).toEqual({ websocket: 1, polling: 1 });
    await vi.waitFor(() => expect(btc.seen.regimes).toHaveLength(1));
    pollingOnly.send(reading(ETH, 33));
    await vi.waitFor(() => expect(eth.seen.regimes.map((r) => r.adx)).toEqual([20, 33]));
    expect(pollingOnly.sockets()).toBe(1);
    expect(logger.warn).not.toHaveBeenCalled();
  });
});

describe('a server that serves only the root namespace', () => {
  it('after the fallback, two widgets on "/" share one Socket, and one leaving leaves the other live', async () => {
    server = await startSocketServer({ namespaces: ['/'] });
    const hub = new SocketHub({ logger: loggerSpy() });
    const fallen = probe(BTC);
    const rooted = probe(ETH);
    const leaveFallen = hub.subscribe(socketTarget(server.url), fallen.subscriber);
    leaves.push(hub.subscribe(socketTarget(server.url, '/'), rooted.subscriber));
    await vi.waitFor(() => expect([fallen.state, rooted.state]).toEqual(['live', 'live']));
    expect(hub.diagnostics(socketTarget(server.url))?.namespace).toBe('/');
    expect(hub.connections).toBe(1);

    leaveFallen();
    server.send(reading(ETH, 31));
    await vi.waitFor(() => expect(rooted.seen.regimes.map((r) => r.adx)).toEqual([31]));
    expect(rooted.state).toBe('live');
    expect(server.sockets()).toBe(1);
  });
});

describe('a server that refuses the default namespace in its own words', () => {
  it.each([
    ["Node's object with a message", JSON.stringify({ message: 'Invalid namespace' })],
    ["python-socketio's plain string", JSON.stringify('Unable to connect')],
    ['an object without a message', '{}'],
    ['no data at all', ''],
  ])('%s: the widget tries "/" once and is live there', async (_, refusal) => {
    const scripted = await startScriptedSocketServer({ serve: ['/'], refusal });
    server = scripted;
    const hub = new SocketHub({ logger: loggerSpy() });
    const btc = probe(BTC);
    leaves.push(hub.subscribe(socketTarget(scripted.url), btc.subscriber));
    await vi.waitFor(() => expect(btc.state).toBe('live'));
    expect(scripted.asked).toEqual(['/signals', '/']);
    expect(hub.diagnostics(socketTarget(scripted.url))?.namespace).toBe('/');
  });

  it.each([
    ["python-socketio's plain string", JSON.stringify('Unable to connect'), 'Unable to connect'],
    ['no data at all', '', NO_REASON],
  ])('%s, and "/" refused too: the first refusal is reported in words', async (_, refusal, words) => {
    const scripted = await startScriptedSocketServer({ serve: [], refusal });
    server = scripted;
    const logger = loggerSpy();
    const hub = new SocketHub({ logger });
    const btc = probe(BTC);
    leaves.push(hub.subscribe(socketTarget(scripted.url), btc.subscriber));
    await vi.waitFor(() => expect(btc.state).toBe('down'));
    expect(scripted.asked).toEqual(['/signals', '/']);
    expect(btc.seen.statuses.at(-1)).toEqual({ state: 'down', error: { message: words, kind: 'refused' } });
    expect(logger.warn).toHaveBeenCalledOnce();
    expect(String(logger.warn.mock.calls[0]?.[0])).toContain(`refused namespace "/signals" (${words})`);
  });
});

describe('a server whose payloads carry no symbol and timeframe (the classic troubleshooting test event)', () => {
  const keyless = () => ({ regime: 'range', adx: 18.5, atrPct: 0.0156, timestamp: new Date().toISOString() });

  it("one key on the connection: the payload is that key's", async () => {
    const socketServer = await startSocketServer({ namespaces: ['/signals'] });
    server = socketServer;
    const hub = new SocketHub({ logger: loggerSpy() });
    const btc = probe(BTC);
    leaves.push(hub.subscribe(socketTarget(socketServer.url), btc.subscriber));
    await vi.waitFor(() => expect(btc.state).toBe('live'));
    socketServer.broadcast('regime', keyless());
    await vi.waitFor(() => expect(btc.seen.regimes).toHaveLength(1));
    expect(btc.seen.regimes[0]).toMatchObject({ ...BTC, regime: 'range', adx: 18.5 });
  });

  it('two keys on the connection: dropped, counted, one warning', async () => {
    const socketServer = await startSocketServer({ namespaces: ['/signals'] });
    server = socketServer;
    const logger = loggerSpy();
    const hub = new SocketHub({ logger });
    const [btc, eth] = [probe(BTC), probe(ETH)];
    leaves.push(hub.subscribe(socketTarget(socketServer.url), btc.subscriber));
    leaves.push(hub.subscribe(socketTarget(socketServer.url), eth.subscriber));
    await vi.waitFor(() => expect([btc.state, eth.state]).toEqual(['live', 'live']));
    socketServer.broadcast('regime', keyless());
    socketServer.broadcast('regime', keyless());
    await vi.waitFor(() => expect(hub.diagnostics(socketTarget(socketServer.url))?.droppedKeyless).toBe(2));
    expect([btc.seen.regimes, eth.seen.regimes]).toEqual([[], []]);
    expect(logger.warn).toHaveBeenCalledOnce();
    expect(String(logger.warn.mock.calls[0]?.[0])).toContain('Add symbol and timeframe');
  });
});

describe("socket.io-client's Manager", () => {
  it.each(['websocket', 'polling'] as const)(
    'never retries on its own over %s: the feed decides every attempt',
    async (transport) => {
      const refusing = await startSocketServer({ refuseAll: true });
      server = refusing;
      const socket = openSocketIo()(refusing.url, '/socket.io', '/signals', transport);
      const failed = new Promise((resolve) => socket.on('connect_error', resolve));
      socket.connect();
      await failed;
      expect(refusing.handshakes[transport]).toBe(1);
      // A Manager left to reconnect would be back within 1.5 s (its delay: 1 s, randomized by half).
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(refusing.handshakes).toEqual({ websocket: 0, polling: 0, [transport]: 1 });
      socket.disconnect();
    },
  );

  it('leaves every attempt to the feed, whose retries at the cap follow its own random delays, not a lock-step', async () => {
    const refusing = await startSocketServer({ refuseAll: true });
    server = refusing;
    const page = new FakePage();
    const logger = loggerSpy();
    // One value per failure: the first three are cut short by `online`, the next two wait at the cap.
    const randoms = [0.5, 0.5, 0.5, 0, 0.6, 0.5];
    let draws = 0;
    const hub = new SocketHub({ open: openSocketIo(), random: () => randoms[draws++] ?? 1, logger, page });
    const target = socketTarget(refusing.url);
    leaves.push(hub.subscribe(target, probe(BTC).subscriber));
    const retries = () =>
      logger.debug.mock.calls
        .map(([line]) => /^socket retry in (\d+) ms$/.exec(String(line))?.[1])
        .filter(Boolean);

    // Three failures, each retried at once as when the browser comes back online: the next delay is at the cap.
    for (let failed = 1; failed <= 3; failed++) {
      await vi.waitFor(() => expect(retries()).toHaveLength(failed), { timeout: 5000 });
      page.goOnline();
    }
    // Attempts 4, 5 and 6, with the two waits at the cap between them.
    await vi.waitFor(() => expect(retries()).toHaveLength(6), { timeout: 15_000 });
    leaves.pop()?.();
    const cap = TRANSPORT_BACKOFF.cap;
    // random 0 and 0.6 at the cap: cap / 2 and cap / 2 + 0.6 × cap / 2 (socket.io's backoff: the cap, twice).
    expect(retries().slice(3, 5)).toEqual([String(cap / 2), String(cap / 2 + 0.6 * (cap / 2))]);

    // Every handshake is one of the feed's attempts (the WebSocket, then long-polling at once): none of the Manager's own.
    const attempts = refusing.handshakeLog.filter((handshake) => handshake.transport === 'websocket');
    expect(attempts).toHaveLength(6);
    expect(refusing.handshakeLog.map((handshake) => handshake.transport)).toEqual(
      Array.from({ length: 6 }, () => ['websocket', 'polling']).flat(),
    );
    // The gaps at the cap are the drawn delays: not early, and apart by more than a handshake's latency
    // (a refusal takes milliseconds on loopback; the bound allows a busy machine a second).
    const gaps = [attempts[4]!.at - attempts[3]!.at, attempts[5]!.at - attempts[4]!.at];
    expect(gaps[0]).toBeGreaterThanOrEqual(cap / 2 - 20);
    expect(gaps[0]).toBeLessThan(cap / 2 + 1000);
    expect(gaps[1]).toBeGreaterThanOrEqual(cap / 2 + 0.6 * (cap / 2) - 20);
    expect(gaps[1]).toBeLessThan(cap / 2 + 0.6 * (cap / 2) + 1000);
  }, 30_000);
});
