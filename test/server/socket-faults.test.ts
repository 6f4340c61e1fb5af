/**
 * Each socket fault of `Faults`, as a real Socket.IO client meets it, and the recovery after reset.
 */
import { describe, expect, it } from 'vitest';
import type { RegimeUpdate } from '../../src/contract/index.js';
import { BTC_1H, client, connected, getJson, nextEvent, queue, serve, subscribe } from './helpers.js';

describe('socket: refuse', () => {
  it('disconnects every socket, refuses new handshakes, and lets clients back after reset', async () => {
    const server = await serve();
    const signals = client(server, '/signals', {
      reconnection: true,
      reconnectionDelay: 20,
      reconnectionDelayMax: 50,
    });
    const root = client(server, '/');
    await Promise.all([connected(signals), connected(root)]);

    const signalsDropped = nextEvent(signals, 'disconnect', 'the /signals socket to be dropped');
    const rootDropped = nextEvent(root, 'disconnect', 'the / socket to be dropped');
    const retryRefused = nextEvent<Error>(signals, 'connect_error', 'a refused reconnection');
    server.faults.set({ socket: 'refuse' });
    expect(await signalsDropped).toBe('transport close'); // not "io server disconnect": clients retry
    expect(await rootDropped).toBe('transport close');
    expect((await retryRefused).message).toBe('websocket error');
    await expect(connected(client(server))).rejects.toThrow();

    const back = nextEvent(signals, 'connect', 'the reconnection after reset');
    server.faults.reset();
    await back;
  });

  it('also refuses a client with an allowed origin', async () => {
    const server = await serve();
    server.faults.set({ socket: 'refuse' });
    await expect(
      connected(client(server, '/signals', { extraHeaders: { Origin: server.url } })),
    ).rejects.toThrow();
  });
});

describe('refuseOrigin', () => {
  it('refuses handshakes that carry any Origin, as if the page were not on the allow-list', async () => {
    const server = await serve();
    server.faults.set({ refuseOrigin: true });
    for (const origin of [server.url, 'http://localhost:5173']) {
      await expect(
        connected(client(server, '/signals', { extraHeaders: { Origin: origin } })),
      ).rejects.toThrow('websocket error');
    }
    await connected(client(server)); // no Origin: a Node client still gets in
    server.faults.reset();
    await connected(client(server, '/signals', { extraHeaders: { Origin: 'http://localhost:5173' } }));
  });
});

describe('noNamespace', () => {
  it('answers Socket.IO\'s own "Invalid namespace" on /signals while / serves the protocol', async () => {
    const server = await serve();
    server.faults.set({ noNamespace: true });
    await expect(connected(client(server, '/signals'))).rejects.toThrow('Invalid namespace');
    const root = client(server, '/');
    const regimes = queue<RegimeUpdate>(root, 'regime');
    await connected(root);
    expect(await subscribe(root, BTC_1H)).toEqual({ ok: true });
    expect(await regimes.next('the current regime on /')).toMatchObject(BTC_1H);
  });

  it('drops a /signals that was already open: its clients reconnect into "Invalid namespace"', async () => {
    const server = await serve();
    const socket = client(server, '/signals', {
      reconnection: true,
      reconnectionDelay: 20,
      reconnectionDelayMax: 50,
    });
    await connected(socket);
    const dropped = nextEvent(socket, 'disconnect', 'the open /signals socket to be dropped');
    const refused = nextEvent<Error>(socket, 'connect_error', 'the reconnection to be refused');
    server.faults.set({ noNamespace: true });
    expect(await dropped).toBe('transport close');
    expect((await refused).message).toBe('Invalid namespace');
    server.faults.reset();
    await connected(client(server, '/signals'), '/signals to be back after reset');
  });

  it('is not fooled by a /signals left cached by refused clients', async () => {
    const server = await serve();
    server.faults.set({ authRefuse: true });
    await expect(connected(client(server, '/signals'))).rejects.toThrow('unauthorized'); // creates /signals, no socket
    server.faults.set({ authRefuse: false, noNamespace: true });
    await expect(connected(client(server, '/signals'))).rejects.toThrow('Invalid namespace');
  });
});

describe('authRefuse', () => {
  it.each(['/signals', '/'])('refuses every client on %s with "unauthorized"', async (namespace) => {
    const server = await serve();
    server.faults.set({ authRefuse: true });
    await expect(connected(client(server, namespace))).rejects.toThrow('unauthorized');
    server.faults.reset();
    await connected(client(server, namespace));
  });
});

describe('broadcast', () => {
  it('ignores subscribe (no acknowledgement) and sends every key to everybody', async () => {
    const server = await serve();
    const socket = client(server);
    const regimes = queue<RegimeUpdate>(socket, 'regime');
    await connected(socket);
    server.faults.set({ broadcast: true });
    await getJson(server, '/api/regime?symbol=SOLUSDT&timeframe=4h'); // a key asked for over REST ticks too

    server.tick();
    const keys = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const update = await regimes.next(`broadcast update ${i + 1} of 3`);
      keys.add(`${update.symbol} ${update.timeframe}`);
    }
    expect([...keys].sort()).toEqual(['BTCUSDT 1h', 'ETHUSDT 1h', 'SOLUSDT 4h']);
    // The absence of an acknowledgement can only be shown by a bounded wait for it.
    await expect(subscribe(socket, BTC_1H, 300)).rejects.toThrow(/timed out/);
  });

  it('keeps the BTCUSDT and ETHUSDT 1h keys ticking with nobody asking', async () => {
    const server = await serve({ tickMs: 40 });
    const socket = client(server);
    const regimes = queue<RegimeUpdate>(socket, 'regime');
    await connected(socket);
    server.faults.set({ broadcast: true });
    const first = await regimes.next('a broadcast from the clock', 2000);
    expect(['BTCUSDT', 'ETHUSDT']).toContain(first.symbol);
  });
});
