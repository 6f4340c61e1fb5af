/**
 * A scripted backend for end-to-end tests whose picture depends on the data: REST and Socket.IO on
 * loopback answering the regime a test sets per symbol, with a smooth ADX history for the sparkline,
 * and alerts on demand. The reference server (fixtures.ts) still serves the bundle and the demo page;
 * this one only feeds the widgets, so a label's colour or a toast's words are known in advance.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type { RegimeAlert, RegimeUpdate } from '../../src/contract/types.js';
import { test as base } from './fixtures.js';

export { expect, widget } from './fixtures.js';

export interface ScriptedFeed {
  /** `http://127.0.0.1:port`: use `${url}/api` as api-url and `url` as ws-url. */
  url: string;
  /** When the current readings were made (epoch ms); the history ends an hour before. */
  readonly at: number;
  /** Sets what `symbol` reads (for every timeframe) and sends it to the widgets subscribed to it. */
  set(symbol: string, patch: Partial<Omit<RegimeUpdate, 'symbol' | 'timeframe'>>): void;
  /** Sends an alert to every connected widget (each keeps its own symbol and timeframe). */
  alert(alert: Omit<RegimeAlert, 'timestamp'>): void;
}

const HISTORY_POINTS = 60;

export async function startScriptedFeed(): Promise<ScriptedFeed & { close(): Promise<void> }> {
  const at = Date.now();
  let stamp = at;
  const readings = new Map<string, Omit<RegimeUpdate, 'symbol' | 'timeframe'>>();
  const reading = (symbol: string, timeframe: string): RegimeUpdate => ({
    symbol,
    timeframe,
    ...(readings.get(symbol) ?? { regime: 'trend_up', adx: 18.54, atrPct: 0.0156, timestamp: at }),
  });

  const http = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://feed');
    const symbol = url.searchParams.get('symbol') ?? '';
    const timeframe = url.searchParams.get('timeframe') ?? '';
    const headers = { 'content-type': 'application/json', 'access-control-allow-origin': '*' };
    if (url.pathname === '/api/regime') {
      res.writeHead(200, headers).end(JSON.stringify(reading(symbol, timeframe)));
    } else if (url.pathname === '/api/regime/history') {
      const limit = Math.min(HISTORY_POINTS, Number(url.searchParams.get('limit')) || HISTORY_POINTS);
      const points = Array.from({ length: limit }, (_, i) => ({
        regime: 'range',
        adx: 25 + 12 * Math.sin(i / 5),
        atrPct: 0.012,
        timestamp: at - 3600e3 - (limit - 1 - i) * 60e3,
      }));
      res.writeHead(200, headers).end(JSON.stringify({ symbol, timeframe, points }));
    } else {
      res.writeHead(404, headers).end(JSON.stringify({ error: { code: 'not_found', message: req.url } }));
    }
  });
  const io = new Server(http, { cors: { origin: true } });
  const signals = io.of('/signals');
  signals.on('connection', (socket) => {
    socket.on('subscribe', (key: { symbol: string; timeframe: string }, ack?: (answer: unknown) => void) => {
      void socket.join(`${key.symbol}|${key.timeframe}`);
      ack?.({ ok: true });
      socket.emit('regime', reading(key.symbol, key.timeframe));
    });
    socket.on('unsubscribe', (key: { symbol: string; timeframe: string }) => {
      void socket.leave(`${key.symbol}|${key.timeframe}`);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    at,
    set(symbol, patch) {
      stamp = Math.max(Date.now(), stamp + 1);
      const { symbol: _symbol, timeframe: _timeframe, ...current } = reading(symbol, '');
      readings.set(symbol, { ...current, ...patch, timestamp: stamp });
      for (const room of signals.adapter.rooms.keys()) {
        const [roomSymbol, timeframe] = room.split('|');
        if (roomSymbol === symbol && timeframe) signals.to(room).emit('regime', reading(symbol, timeframe));
      }
    },
    alert(alert) {
      signals.emit('regime:alert', { ...alert, timestamp: Date.now() });
    },
    async close() {
      http.closeAllConnections();
      await io.close();
    },
  };
}

/** The e2e fixtures plus `feed`, a scripted backend per test. */
export const test = base.extend<{ feed: ScriptedFeed }>({
  feed: async ({}, use) => {
    const feed = await startScriptedFeed();
    await use(feed);
    await feed.close();
  },
});
