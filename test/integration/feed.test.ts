/**
 * The feed against the real reference server: real REST over HTTP, real Socket.IO over WebSocket,
 * faults switched on the server. No fakes.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startServer, type ReferenceServer } from '../../server/src/app.js';
import type { ConnectionChange, RegimeUpdate } from '../../src/contract/types.js';
import { LOSS_REFRESH_SPREAD_MS, RegimeFeed } from '../../src/feed/regime-feed.js';
import type { FeedTarget } from '../../src/feed/target.js';
import { RestHub } from '../../src/feed/rest-hub.js';
import { SocketHub } from '../../src/feed/socket-hub.js';
import { loggerSpy } from '../fakes/index.js';

interface Probe {
  feed: RegimeFeed;
  updates: RegimeUpdate[];
  modes: ConnectionChange[];
  historyLoads: number;
}

let server: ReferenceServer;
let sockets: SocketHub;
let rest: RestHub;
let logger: ReturnType<typeof loggerSpy>;
const feeds: RegimeFeed[] = [];

beforeEach(async () => {
  server = await startServer({ port: 0, host: '127.0.0.1', logLevel: 'silent', tickMs: 200 });
  logger = loggerSpy();
  sockets = new SocketHub({ logger });
  rest = new RestHub({ logger });
});

afterEach(async () => {
  for (const feed of feeds.splice(0)) feed.dispose();
  await server.close();
});

function target(overrides: Partial<FeedTarget> & { namespace?: string } = {}): FeedTarget {
  const { namespace, ...rest } = overrides;
  return {
    symbol: 'BTCUSDT',
    timeframe: '1h',
    apiUrl: `${server.url}/api`,
    socket: {
      url: server.url,
      path: '/socket.io',
      namespace: namespace ?? '/signals',
      namespaceExplicit: namespace !== undefined,
    },
    ...rest,
  };
}

function open(feedTarget: FeedTarget, pollInterval = 1000): Probe {
  const probe: Probe = { updates: [], modes: [], historyLoads: 0 } as unknown as Probe;
  probe.feed = new RegimeFeed(
    { target: feedTarget, pollInterval, history: 50, sockets, rest, logger },
    {
      update: (update) => probe.updates.push(update),
      mode: (change) => probe.modes.push(change),
      history: () => probe.historyLoads++,
    },
  );
  feeds.push(probe.feed);
  probe.feed.start();
  return probe;
}

/** Waits for a feed's mode, saying which it waited for and what it saw. */
async function modeOf(probe: Probe, mode: string, timeout = 5000): Promise<void> {
  await vi.waitFor(
    () => {
      if (probe.feed.mode !== mode) {
        throw new Error(
          `waited for mode ${mode}; saw ${probe.modes.map((m) => m.mode).join(' -> ') || 'none'}`,
        );
      }
    },
    { timeout, interval: 20 },
  );
}

describe('feed against the reference server', () => {
  it('goes live, gets the current regime and history, and follows new candles', async () => {
    const probe = open(target());
    await modeOf(probe, 'live');
    await vi.waitFor(() => expect(probe.historyLoads).toBe(1));
    const seen = probe.updates.length;
    server.tick();
    await vi.waitFor(() => expect(probe.updates.length).toBeGreaterThan(seen));
    expect(probe.updates.every((u) => u.symbol === 'BTCUSDT' && u.timeframe === '1h')).toBe(true);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('falls back to polling within 1 s when the socket is cut, and is live again after', async () => {
    const probe = open(target());
    await modeOf(probe, 'live');
    const requestsBefore = rest.requests;
    const cutAt = Date.now();
    server.faults.set({ socket: 'refuse' });
    await modeOf(probe, 'polling', 1000);
    expect(Date.now() - cutAt).toBeLessThan(1000);
    // A REST refresh at once, spread at random over LOSS_REFRESH_SPREAD_MS (a node's widgets do not
    // ask together), not one a poll interval (15 s) later. Waiting only 500 ms failed whenever the
    // random delay fell in the second half of the spread.
    await vi.waitFor(() => expect(rest.requests).toBeGreaterThan(requestsBefore), {
      timeout: LOSS_REFRESH_SPREAD_MS + 500,
    });
    expect(logger.warn).toHaveBeenCalledTimes(1);

    const historyBefore = probe.historyLoads;
    const restoredAt = Date.now();
    server.faults.reset();
    await modeOf(probe, 'live', 10_000);
    expect(Date.now() - restoredAt).toBeLessThan(10_000);
    await vi.waitFor(() => expect(probe.historyLoads).toBe(historyBefore + 1));
    // Re-subscribed: new candles arrive over the socket again.
    const seen = probe.updates.length;
    server.tick();
    await vi.waitFor(() => expect(probe.updates.length).toBeGreaterThan(seen));
  }, 20_000);

  it('tries the root namespace when /signals is refused and no namespace was set', async () => {
    server.faults.set({ noNamespace: true });
    const probe = open(target());
    await modeOf(probe, 'live');
    expect(sockets.diagnostics(target().socket!)?.namespace).toBe('/');
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('polls with a warning naming the namespace when an explicit namespace is refused', async () => {
    server.faults.set({ noNamespace: true });
    const probe = open(target({ namespace: '/signals' }));
    await modeOf(probe, 'polling', 3000);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(String(logger.warn.mock.calls[0]![0])).toContain('refused namespace "/signals"');
  });

  it('treats a server that ignores subscribe and broadcasts as live, keeping only its own key', async () => {
    server.faults.set({ broadcast: true });
    const probe = open(target());
    await modeOf(probe, 'live', 5000);
    server.tick();
    server.tick();
    await vi.waitFor(() => expect(probe.updates.length).toBeGreaterThan(1));
    expect(probe.updates.every((u) => u.symbol === 'BTCUSDT' && u.timeframe === '1h')).toBe(true);
  });

  it('says which middleware refused, and does not retry in a storm', async () => {
    server.faults.set({ authRefuse: true });
    const probe = open(target());
    await modeOf(probe, 'polling', 3000);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(String(logger.warn.mock.calls[0]![0])).toContain('unauthorized');
    const attempts = sockets.diagnostics(target().socket!)!.attempts;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    // A refusal backs off from 5 s: no new attempt within 2 s.
    expect(sockets.diagnostics(target().socket!)!.attempts).toBe(attempts);
  });

  it('is offline with the last data kept when neither source answers', async () => {
    const probe = open(target());
    await modeOf(probe, 'live');
    const last = probe.feed.regime;
    expect(last).not.toBeNull();
    server.faults.set({ rest: 'error' });
    server.faults.set({ socket: 'refuse' });
    await modeOf(probe, 'offline', 3000);
    expect(probe.feed.regime).toEqual(last);
    expect(probe.feed.diagnostics.rest.lastError?.status).toBe(503);
  });

  it('shares one connection between widgets on one server, and closes it with the last', async () => {
    const probes = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'BTCUSDT'].map((symbol) => open(target({ symbol })));
    for (const probe of probes) await modeOf(probe, 'live');
    expect(sockets.connections).toBe(1);
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as { clients: number };
    expect(health.clients).toBe(1);
    for (const probe of probes) probe.feed.dispose();
    expect(sockets.connections).toBe(0);
    await vi.waitFor(async () => {
      const after = (await (await fetch(`${server.url}/api/health`)).json()) as { clients: number };
      expect(after.clients).toBe(0);
    });
  });

  it('drops a REST answer of the wrong shape and keeps the last good state', async () => {
    const probe = open(target({ socket: undefined }));
    await modeOf(probe, 'polling');
    await vi.waitFor(() => expect(probe.updates.length).toBe(1));
    const good = probe.feed.regime;
    server.faults.set({ rest: 'bad-shape' });
    await vi.waitFor(() => expect(probe.feed.diagnostics.droppedPayloads).toBeGreaterThan(1), {
      timeout: 5000,
    });
    expect(probe.feed.regime).toEqual(good);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(String(logger.warn.mock.calls[0]![0])).toContain('dropped an invalid');
  });
});
