import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  QUIET_AFTER_MS,
  QUIET_CAP_MS,
  SocketConnection,
  TRANSPORT_BACKOFF,
  type ConnectionOwner,
} from '../../src/feed/socket-connection.js';
import type { OpenSocket } from '../../src/feed/socket-io.js';
import type { Transport } from '../../src/feed/target.js';
import { ERRORS, FakeSocket, loggerSpy } from '../fakes/index.js';

const MINUTE = 60_000;

/** A port that refuses every connection while `closed`: the WebSocket and long-polling fail at once. */
class ClosedPort {
  closed = true;
  /** When each attempt began (with its WebSocket), and every request the browser would log as failed. */
  readonly attemptsAt: number[] = [];
  readonly failedAt: number[] = [];
  readonly sockets = new Map<Transport, PortSocket>();

  readonly open: OpenSocket = (url, path, namespace, transport) => {
    let socket = this.sockets.get(transport);
    if (!socket)
      this.sockets.set(transport, (socket = new PortSocket(this, url, path, namespace, transport)));
    return socket;
  };
}

class PortSocket extends FakeSocket {
  constructor(
    readonly port: ClosedPort,
    url: string,
    path: string,
    namespace: string,
    transport: Transport,
  ) {
    super(url, path, namespace, transport);
  }

  override connect(): this {
    super.connect();
    if (this.transport === 'websocket') this.port.attemptsAt.push(Date.now());
    if (!this.port.closed) this.serverConnect();
    else {
      this.port.failedAt.push(Date.now());
      this.connectError(this.transport === 'websocket' ? ERRORS.transport() : ERRORS.polling());
    }
    return this;
  }
}

function setup(random: () => number) {
  const port = new ClosedPort();
  const open = port.open;
  const owner: ConnectionOwner = { up: vi.fn(), down: vi.fn(), message: vi.fn(), refused: () => false };
  const logger = loggerSpy();
  const connection = new SocketConnection({
    url: 'http://ws.test',
    path: '/socket.io',
    namespace: '/signals',
    open,
    random,
    logger,
    owner,
  });
  return { connection, logger, port };
}

/** Attempts in each minute of the outage, from its start. */
function perMinute(attemptsAt: number[], minutes: number): number[] {
  const start = attemptsAt[0]!;
  const counts = new Array<number>(minutes).fill(0);
  for (const at of attemptsAt) {
    const minute = Math.floor((at - start) / MINUTE);
    if (minute < minutes) counts[minute]!++;
  }
  return counts;
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('SocketConnection: quiet retries', () => {
  it.each([
    ['the shortest delays (random 0)', () => 0],
    ['the longest delays (random 1)', () => 1],
    ['random delays', Math.random],
  ])(
    'a closed port for 10 minutes, %s: fast in the first minute, then at most one attempt a minute',
    (_, random) => {
      const t = setup(random);
      t.connection.start();
      vi.advanceTimersByTime(10 * MINUTE);
      const counts = perMinute(t.port.attemptsAt, 10);
      // The first minute retries within TRANSPORT_BACKOFF's cap: back within 10 s of a short outage.
      expect(counts[0]).toBeGreaterThanOrEqual(MINUTE / TRANSPORT_BACKOFF.cap);
      for (const count of counts.slice(1)) expect(count).toBeLessThanOrEqual(1);
      // An attempt is a WebSocket and, as it cannot pass, one long-polling request: two failed requests.
      expect(t.port.failedAt).toHaveLength(2 * t.port.attemptsAt.length);
      // And it keeps trying: at least one attempt in every two minutes.
      expect(counts.slice(1).reduce((a, b) => a + b)).toBeGreaterThanOrEqual(4);
      // One warning for the whole outage.
      expect(t.logger.warn).toHaveBeenCalledOnce();
    },
  );

  it('waits at most TRANSPORT_BACKOFF.cap between attempts while the outage is under a minute', () => {
    const t = setup(() => 1);
    t.connection.start();
    vi.advanceTimersByTime(QUIET_AFTER_MS - 1);
    const { attemptsAt } = t.port;
    const gaps = attemptsAt.slice(1).map((at, i) => at - attemptsAt[i]!);
    expect(Math.max(...gaps)).toBe(TRANSPORT_BACKOFF.cap);
    vi.advanceTimersByTime(10 * MINUTE);
    const later = attemptsAt.slice(1).map((at, i) => at - attemptsAt[i]!);
    expect(Math.max(...later)).toBe(QUIET_CAP_MS);
  });

  it('starts the quiet clock over once connected', () => {
    const t = setup(() => 1);
    t.connection.start();
    vi.advanceTimersByTime(3 * MINUTE);
    t.port.closed = false;
    t.connection.retryNow();
    t.port.sockets.get('websocket')!.serverDisconnect('transport close');
    t.port.closed = true;
    const before = t.port.attemptsAt.length;
    vi.advanceTimersByTime(TRANSPORT_BACKOFF.base);
    expect(t.port.attemptsAt.length).toBe(before + 1);
  });

  it('retries at once when asked, and only while it waits to retry', () => {
    const t = setup(() => 1);
    t.connection.start();
    vi.advanceTimersByTime(5 * MINUTE);
    const waiting = t.port.attemptsAt.length;
    t.connection.retryNow();
    expect(t.port.attemptsAt.length).toBe(waiting + 1);
    expect(vi.getTimerCount()).toBe(1);
    t.port.closed = false;
    t.connection.retryNow();
    expect(t.connection.state).toBe('up');
    expect(vi.getTimerCount()).toBe(0);
    t.connection.retryNow();
    expect(t.port.attemptsAt.length).toBe(waiting + 2);
  });
});
