import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  QUIET_AFTER_MS,
  QUIET_CAP_MS,
  SocketConnection,
  STABLE_AFTER_MS,
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
  /** Behind a proxy that drops the Upgrade header: the WebSocket fails even while the port is open. */
  noUpgrade = false;
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
    // An attempt begins with either transport; long-polling at the moment the WebSocket failed is its second leg.
    const secondLeg = this.transport === 'polling' && this.port.failedAt.at(-1) === Date.now();
    if (!secondLeg) this.port.attemptsAt.push(Date.now());
    if (!this.port.closed && (this.transport === 'polling' || !this.port.noUpgrade)) this.serverConnect();
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
  return { connection, logger, port, owner };
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
      // Then every failed request is a red console line: at most one a minute.
      const failed = perMinute(t.port.failedAt, 10);
      for (const count of failed.slice(1)) expect(count).toBeLessThanOrEqual(1);
      // In the first minute an attempt is a WebSocket and, as it cannot pass, one long-polling request.
      expect(failed[0]).toBe(2 * counts[0]!);
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

  it('quiet retries take turns between the transports: a server behind a proxy without Upgrade is found again', () => {
    const t = setup(() => 1);
    t.connection.start();
    vi.advanceTimersByTime(3 * MINUTE);
    t.port.closed = false;
    t.port.noUpgrade = true;
    // Two quiet retries at most (QUIET_CAP_MS each): one of them is long-polling alone.
    vi.advanceTimersByTime(2 * QUIET_CAP_MS);
    expect(t.connection.state).toBe('up');
    expect(t.connection.transport).toBe('polling');
  });

  it('starts the quiet clock over once it has stayed connected STABLE_AFTER_MS', () => {
    const t = setup(() => 1);
    t.connection.start();
    vi.advanceTimersByTime(3 * MINUTE);
    t.port.closed = false;
    t.connection.retryNow();
    vi.advanceTimersByTime(STABLE_AFTER_MS);
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
    vi.advanceTimersByTime(STABLE_AFTER_MS);
    expect(vi.getTimerCount()).toBe(0);
    t.connection.retryNow();
    expect(t.port.attemptsAt.length).toBe(waiting + 2);
  });
});

describe('SocketConnection: a server that accepts and then drops every connection', () => {
  it('retries with growing delays: the count starts over only after STABLE_AFTER_MS up, one warning', () => {
    const t = setup(() => 0);
    t.port.closed = false;
    vi.mocked(t.owner.up).mockImplementation((socket) => {
      setTimeout(() => (socket as FakeSocket).serverDisconnect('transport close'), 100);
    });
    t.connection.start();
    vi.advanceTimersByTime(30_000);
    // Delays 0.5, 1, 2, 2.5, 2.5 s... at random 0: about a dozen in 30 s; starting over on every connect, 50.
    expect(t.port.attemptsAt.length).toBeGreaterThanOrEqual(8);
    expect(t.port.attemptsAt.length).toBeLessThanOrEqual(15);
    expect(t.logger.warn).toHaveBeenCalledOnce();
    expect(t.logger.info).not.toHaveBeenCalled();
  });

  it('one that stays up STABLE_AFTER_MS is back: said once, and the next loss retries fast again', () => {
    const t = setup(() => 0);
    t.connection.start();
    vi.advanceTimersByTime(20_000);
    t.port.closed = false;
    vi.advanceTimersByTime(TRANSPORT_BACKOFF.cap);
    expect(t.connection.state).toBe('up');
    expect(t.logger.info).not.toHaveBeenCalled();
    vi.advanceTimersByTime(STABLE_AFTER_MS);
    expect(t.logger.info).toHaveBeenCalledOnce();
    t.port.closed = true;
    t.port.sockets.get('websocket')!.serverDisconnect('transport close');
    const before = t.port.attemptsAt.length;
    vi.advanceTimersByTime(TRANSPORT_BACKOFF.base / 2);
    expect(t.port.attemptsAt.length).toBe(before + 1);
  });
});
