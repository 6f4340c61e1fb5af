/**
 * A fleet of simulated widgets in one process, driven by the benchmark over IPC: socket.io-client
 * connections speaking the widget's protocol (WebSocket, `/signals`, `subscribe` with an
 * acknowledgement), each on one key, counting what arrives and when, and reconnecting after a loss
 * either as the widget does (its jittered backoff) or as socket.io-client does by default.
 */
import { Manager, type Socket } from 'socket.io-client';
import { routeKey, type RegimeUpdate, type SubscriptionKey } from '../../src/contract/index.js';
import { retryDelay } from '../../src/feed/backoff.js';
import { TRANSPORT_BACKOFF } from '../../src/feed/socket-connection.js';
import type { FleetReply, FleetRequest, Strategy } from './protocol.js';

interface Widget {
  key: string;
  socket: Socket;
  /** Live: connected and its subscribe acknowledged `{ ok: true }`. */
  live: boolean;
  failures: number;
}

const widgets: Widget[] = [];
/** Per key: arrival latencies (ms) of updates whose timestamp falls in the window. */
let window: { from: number; to: number; latencies: number[]; received: Map<string, number> } | undefined;
/** Epoch ms of every connection attempt, and of every return to live, since the last watch. */
let attempts: number[] = [];
let backLive: number[] = [];

function send(reply: FleetReply): void {
  process.send?.(reply);
}

function subscribe(widget: Widget, key: SubscriptionKey): void {
  widget.socket
    .timeout(10_000)
    .emit('subscribe', key, (error: Error | null, ack: { ok?: boolean } | undefined) => {
      if (error || !ack?.ok) return;
      widget.live = true;
      widget.failures = 0;
      backLive.push(Date.now());
    });
}

function open(url: string, key: SubscriptionKey, strategy: Strategy): Widget {
  const manager = new Manager(url, {
    transports: ['websocket'],
    reconnection: strategy === 'socket.io',
    autoConnect: false,
  });
  const socket = manager.socket('/signals');
  const widget: Widget = { key: routeKey(key), socket, live: false, failures: 0 };
  const attempt = () => {
    attempts.push(Date.now());
    socket.connect();
  };
  // The widget's own loop: every failure waits a jittered, growing delay (src/feed/backoff.ts).
  const retry = () => setTimeout(attempt, retryDelay(widget.failures++, TRANSPORT_BACKOFF, Math.random));
  manager.on('reconnect_attempt', () => attempts.push(Date.now()));
  socket.on('connect', () => subscribe(widget, key));
  socket.on('disconnect', (reason) => {
    widget.live = false;
    if (strategy === 'widget' && reason !== 'io client disconnect') retry();
  });
  socket.on('connect_error', () => {
    if (strategy === 'widget') retry();
  });
  socket.on('regime', (update: RegimeUpdate) => {
    const sent = update.timestamp as number;
    if (!window || sent < window.from || sent > window.to) return;
    window.latencies.push(Date.now() - sent);
    window.received.set(widget.key, (window.received.get(widget.key) ?? 0) + 1);
  });
  attempt();
  return widget;
}

async function connect(
  url: string,
  keys: SubscriptionKey[],
  count: number,
  strategy: Strategy,
): Promise<void> {
  const start = widgets.length;
  for (let i = 0; i < count; i++) {
    widgets.push(open(url, keys[(start + i) % keys.length] as SubscriptionKey, strategy));
    // Bounded rate: a burst of thousands of handshakes at once measures the ramp, not the steady state.
    if (i % 100 === 99) await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function subscribersPerKey(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const widget of widgets) if (widget.live) counts[widget.key] = (counts[widget.key] ?? 0) + 1;
  return counts;
}

process.on('message', (request: FleetRequest) => {
  switch (request.type) {
    case 'connect':
      void connect(request.url, request.keys, request.count, request.strategy).then(() =>
        send({ type: 'connecting', total: widgets.length }),
      );
      break;
    case 'status':
      send({
        type: 'status',
        total: widgets.length,
        live: widgets.filter((w) => w.live).length,
        perKey: subscribersPerKey(),
      });
      break;
    case 'window':
      window = { from: request.from, to: request.to, latencies: [], received: new Map() };
      send({ type: 'window-open' });
      break;
    case 'collect': {
      const done = window ?? { latencies: [], received: new Map<string, number>() };
      window = undefined;
      send({ type: 'collected', latencies: done.latencies, received: Object.fromEntries(done.received) });
      break;
    }
    case 'watch':
      attempts = [];
      backLive = [];
      send({ type: 'watching' });
      break;
    case 'recovery':
      send({
        type: 'recovery',
        live: widgets.filter((w) => w.live).length,
        total: widgets.length,
        attempts,
        backLive,
      });
      break;
    case 'close':
      for (const widget of widgets.splice(0)) widget.socket.disconnect();
      send({ type: 'closed' });
      setTimeout(() => process.exit(0), 100);
      break;
  }
});
send({ type: 'ready' });
