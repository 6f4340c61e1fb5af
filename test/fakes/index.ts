/**
 * Fakes for the feed's unit tests: a Socket.IO socket driven by the test, a `fetch` that answers
 * from a script, the page's visibility and connectivity, and a logger spy. Nothing here touches the network.
 */
import { vi, type Mock } from 'vitest';
import type { RegimeUpdate } from '../../src/contract/types.js';
import type { Logger } from '../../src/feed/logger.js';
import type { BrowserPage } from '../../src/feed/page.js';
import type { OpenSocket, SocketLike } from '../../src/feed/socket-io.js';
import type { Transport } from '../../src/feed/target.js';

type Listener = (...args: never[]) => void;
type Ack = (err: Error | null, response?: unknown) => void;

interface PendingAck {
  event: string;
  payload: unknown;
  ack: Ack;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * A socket.io-client `Socket` as far as the hub sees it. The test plays the server: `serverConnect()`,
 * `connectError(err)`, `serverDisconnect(reason)`, `serverEmit(event, payload)`, `answerSubscribe(...)`.
 */
export class FakeSocket implements SocketLike {
  connected = false;
  connectCalls = 0;
  disconnectCalls = 0;
  /** When set, every `connect()` fails at once with this error, as a server nothing answers for. */
  failConnect: (() => unknown) | undefined;
  /** Everything sent with `emit` or `timeout().emit`, in order. */
  readonly emitted: { event: string; payload: unknown }[] = [];
  readonly io: { engine: { transport: { name: Transport } } };
  readonly #listeners = new Map<string, Set<Listener>>();
  #acks: PendingAck[] = [];

  constructor(
    readonly url: string,
    readonly path: string,
    readonly namespace: string,
    readonly transport: Transport = 'websocket',
  ) {
    this.io = { engine: { transport: { name: transport } } };
  }

  on(event: string, listener: Listener): this {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener);
    return this;
  }

  off(event: string, listener: Listener): this {
    this.#listeners.get(event)?.delete(listener);
    return this;
  }

  connect(): this {
    this.connectCalls++;
    if (this.failConnect) this.connectError(this.failConnect());
    return this;
  }

  disconnect(): this {
    this.disconnectCalls++;
    const was = this.connected;
    this.connected = false;
    if (was) this.#fire('disconnect', 'io client disconnect');
    this.#failAcks();
    return this;
  }

  emit(event: string, ...args: unknown[]): this {
    this.emitted.push({ event, payload: args[0] });
    return this;
  }

  /** Like socket.io-client: the ack is called with an error if no answer comes within `ms`. */
  timeout(ms: number): ReturnType<SocketLike['timeout']> {
    return {
      emit: (event: string, payload: unknown, ack: Ack) => {
        this.emitted.push({ event, payload });
        const pending: PendingAck = {
          event,
          payload,
          ack,
          timer: setTimeout(() => {
            this.#acks = this.#acks.filter((p) => p !== pending);
            ack(new Error('operation has timed out'));
          }, ms),
        };
        this.#acks.push(pending);
        return this;
      },
    };
  }

  /** How many listeners are bound, over all events. */
  get listenerCount(): number {
    let n = 0;
    for (const set of this.#listeners.values()) n += set.size;
    return n;
  }

  /** The payloads of every `event` emitted, in order. */
  sent(event: string): unknown[] {
    return this.emitted.filter((e) => e.event === event).map((e) => e.payload);
  }

  /** Acknowledgements not answered yet. */
  get pendingAcks(): number {
    return this.#acks.length;
  }

  serverConnect(): void {
    this.connected = true;
    this.#fire('connect');
  }

  connectError(error: unknown): void {
    this.connected = false;
    this.#fire('connect_error', error);
  }

  /** As socket.io-client's `onclose`: `disconnect` first, then the pending acks fail. */
  serverDisconnect(reason = 'transport close'): void {
    this.connected = false;
    this.#fire('disconnect', reason);
    this.#failAcks();
  }

  serverEmit(event: string, payload: unknown): void {
    this.#fire(event, payload);
  }

  /** Answers the oldest pending `subscribe` (or the one for `symbol`); returns false when none is pending. */
  answerSubscribe(response: unknown, symbol?: string): boolean {
    const pending = this.#acks.find(
      (p) =>
        p.event === 'subscribe' &&
        (symbol === undefined || (p.payload as { symbol: string }).symbol === symbol),
    );
    if (!pending) return false;
    clearTimeout(pending.timer);
    this.#acks = this.#acks.filter((p) => p !== pending);
    pending.ack(null, response);
    return true;
  }

  #failAcks(): void {
    // socket.io-client calls pending timed acks with an error when the socket closes.
    const acks = this.#acks;
    this.#acks = [];
    for (const pending of acks) {
      clearTimeout(pending.timer);
      pending.ack(new Error('socket has been disconnected'));
    }
  }

  #fire(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])])
      (listener as (...a: unknown[]) => void)(...args);
  }
}

/**
 * An `OpenSocket` that records every socket it opens and, as socket.io-client's Managers do, hands
 * out the same socket again for the same URL, path, namespace and transport. Long-polling reaches
 * nothing unless `polling` is `'answers'`: its sockets fail at once, as a closed port's do.
 */
export function fakeOpen(polling: 'fails' | 'answers' = 'fails'): {
  open: Mock<OpenSocket>;
  sockets: FakeSocket[];
  last(): FakeSocket;
} {
  const sockets: FakeSocket[] = [];
  let last: FakeSocket | undefined;
  const open = vi.fn<OpenSocket>((url, path, namespace, transport) => {
    last = sockets.find(
      (s) => s.url === url && s.path === path && s.namespace === namespace && s.transport === transport,
    );
    if (!last) {
      last = new FakeSocket(url, path, namespace, transport);
      if (transport === 'polling' && polling === 'fails') last.failConnect = ERRORS.polling;
      sockets.push(last);
    }
    return last;
  });
  return {
    open,
    sockets,
    /** The socket `open` handed out last. */
    last() {
      if (!last) throw new Error('no socket opened');
      return last;
    },
  };
}

/** The connect_error shapes socket.io-client produces. */
export const ERRORS = {
  /** Nothing listens on the port, or the proxy refused the upgrade. */
  transport: () =>
    Object.assign(new Error('websocket error'), { type: 'TransportError', description: { message: 'x' } }),
  namespace: () => new Error('Invalid namespace'),
  timeout: () => new Error('timeout'),
  /** Long-polling (Engine.IO's fetch transport) reached nothing. */
  polling: () =>
    Object.assign(new Error('fetch read error'), {
      type: 'TransportError',
      description: new TypeError('Failed to fetch'),
    }),
};

export function loggerSpy(): Logger & { warn: Mock; info: Mock; debug: Mock } {
  return { warn: vi.fn(), info: vi.fn(), debug: vi.fn() };
}

/** Page visibility and connectivity the test switches. */
export class FakePage implements BrowserPage {
  isHidden = false;
  listening = 0;
  #visible: (() => void)[] = [];
  #online: (() => void)[] = [];

  hidden(): boolean {
    return this.isHidden;
  }

  listen(onVisible: () => void, onOnline: () => void): () => void {
    this.listening++;
    this.#visible.push(onVisible);
    this.#online.push(onOnline);
    return () => {
      this.listening--;
      this.#visible = this.#visible.filter((f) => f !== onVisible);
      this.#online = this.#online.filter((f) => f !== onOnline);
    };
  }

  hide(): void {
    this.isHidden = true;
  }

  show(): void {
    this.isHidden = false;
    for (const f of [...this.#visible]) f();
  }

  goOnline(): void {
    for (const f of [...this.#online]) f();
  }
}

export type Answer =
  { status?: number; json: unknown } | { status?: number; text: string } | { reject: Error } | 'never';

interface Call {
  url: string;
  signal: AbortSignal | undefined;
}

/**
 * A `fetch` that answers each request with `route(url)`: a JSON body, a raw text, a rejection, or
 * never (it then rejects when its signal aborts, as the real one does).
 */
export function fakeFetch(route: (url: URL) => Answer): Mock<typeof fetch> & {
  calls: Call[];
  count(pathname: string): number;
} {
  const calls: Call[] = [];
  const fn = vi.fn(async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    const signal = init?.signal ?? undefined;
    calls.push({ url, signal });
    const answer = route(new URL(url));
    if (answer === 'never') {
      return new Promise<Response>((_, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    }
    if ('reject' in answer) throw answer.reject;
    const body = 'json' in answer ? JSON.stringify(answer.json) : answer.text;
    return new Response(body, {
      status: answer.status ?? 200,
      headers: { 'content-type': 'application/json' },
    });
  });
  return Object.assign(fn as unknown as Mock<typeof fetch>, {
    calls,
    count: (pathname: string) => calls.filter((c) => new URL(c.url).pathname.endsWith(pathname)).length,
  });
}

/** Lets pending promise chains (a fake fetch, `Response.text()`) settle without moving the clock. */
export async function settle(): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

let clock = Date.UTC(2025, 0, 1);

/** A valid update for BTCUSDT 1h (or the given key), newer than the previous one made. */
export function update(overrides: Partial<RegimeUpdate> = {}): RegimeUpdate {
  clock += 60_000;
  return {
    symbol: 'BTCUSDT',
    timeframe: '1h',
    regime: 'trend_up',
    adx: 31.4,
    atrPct: 0.0156,
    timestamp: clock,
    ...overrides,
  };
}

export function history(points = 3, overrides: { symbol?: string; timeframe?: string } = {}) {
  const start = Date.UTC(2024, 0, 1);
  return {
    symbol: 'BTCUSDT',
    timeframe: '1h',
    ...overrides,
    points: Array.from({ length: points }, (_, i) => ({
      regime: 'range',
      adx: 10 + i,
      atrPct: 0.01,
      timestamp: start + i * 3600e3,
    })),
  };
}
