import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  QUIET_AFTER_MS,
  QUIET_CAP_MS,
  SocketConnection,
  TRANSPORT_BACKOFF,
  type ConnectionOwner,
} from '../../src/feed/socket-connection.js';
import type { OpenSocket } from '../../src/feed/socket-io.js';
import { ERRORS, FakeSocket, loggerSpy } from '../fakes/index.js';

const MINUTE = 60_000;

/** A port that refuses every connection while `closed`: each attempt fails at once. */
class ClosedPortSocket extends FakeSocket {
  readonly attemptsAt: number[] = [];
  closed = true;

  override connect(): this {
    super.connect();
    this.attemptsAt.push(Date.now());
    if (this.closed) this.connectError(ERRORS.transport());
    else this.serverConnect();
    return this;
  }
}

function setup(random: () => number) {
  let socket: ClosedPortSocket | undefined;
  const open: OpenSocket = (url, path, namespace) => (socket = new ClosedPortSocket(url, path, namespace));
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
  return {
    connection,
    logger,
    get socket(): ClosedPortSocket {
      if (!socket) throw new Error('not opened');
      return socket;
    },
  };
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
      const counts = perMinute(t.socket.attemptsAt, 10);
      // The first minute retries within TRANSPORT_BACKOFF's cap: back within 10 s of a short outage.
      expect(counts[0]).toBeGreaterThanOrEqual(MINUTE / TRANSPORT_BACKOFF.cap);
      for (const count of counts.slice(1)) expect(count).toBeLessThanOrEqual(1);
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
    const gaps = t.socket.attemptsAt.slice(1).map((at, i) => at - t.socket.attemptsAt[i]!);
    expect(Math.max(...gaps)).toBe(TRANSPORT_BACKOFF.cap);
    vi.advanceTimersByTime(10 * MINUTE);
    const later = t.socket.attemptsAt.slice(1).map((at, i) => at - t.socket.attemptsAt[i]!);
    expect(Math.max(...later)).toBe(QUIET_CAP_MS);
  });

  it('starts the quiet clock over once connected', () => {
    const t = setup(() => 1);
    t.connection.start();
    vi.advanceTimersByTime(3 * MINUTE);
    const socket = t.socket;
    socket.serverConnect();
    socket.serverDisconnect('transport close');
    const before = socket.attemptsAt.length;
    vi.advanceTimersByTime(TRANSPORT_BACKOFF.base);
    expect(socket.attemptsAt.length).toBe(before + 1);
  });

  it('retries at once when asked, and only while it waits to retry', () => {
    const t = setup(() => 1);
    t.connection.start();
    vi.advanceTimersByTime(5 * MINUTE);
    const waiting = t.socket.attemptsAt.length;
    t.connection.retryNow();
    expect(t.socket.attemptsAt.length).toBe(waiting + 1);
    expect(vi.getTimerCount()).toBe(1);
    t.socket.closed = false;
    t.connection.retryNow();
    expect(t.connection.state).toBe('up');
    expect(vi.getTimerCount()).toBe(0);
    t.connection.retryNow();
    expect(t.socket.attemptsAt.length).toBe(waiting + 2);
  });
});
