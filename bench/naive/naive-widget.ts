/**
 * The benchmark's naive baseline, `<naive-regime-widget>`: the widget as a first attempt would write
 * it, built only for the benchmark and never shipped. Every element opens its own Socket.IO
 * connection (`forceNew`), and on every message re-renders its markup with `innerHTML` and calls
 * uPlot's `setData` at once. It fetches the current regime over REST at start, and polls REST on its
 * own timer when it has no socket. Same attributes, events and look as `<regime-widget>`, so the two
 * can be measured on the same page.
 */
import { io, type Socket } from 'socket.io-client';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import type { RegimeUpdate } from '../../src/contract/index.js';

const CSS = `${uplotCss}
:host { box-sizing: border-box; display: block; min-width: 200px; font: 14px/1.35 system-ui, sans-serif; color: #1a1d23; }
.card { padding: 12px; border: 1px solid #d5d9e0; border-radius: 10px; background: #fff; display: grid; gap: 8px; }
.head { display: flex; justify-content: space-between; gap: 8px; }
.badge { font-size: 12px; }
.label { font-weight: 600; font-size: 18px; }
.values { display: flex; gap: 16px; margin: 0; }
.values div { display: flex; gap: 4px; }
dd { margin: 0; font-variant-numeric: tabular-nums; }
.chart { height: 48px; }
.time { font-size: 12px; color: #555d6b; }`;

const LABELS: Record<string, string> = {
  trend_up: 'Trend up',
  trend_down: 'Trend down',
  range: 'Range',
  volatile: 'Volatile',
};

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string,
  );
}

function epochMs(timestamp: string | number): number {
  return typeof timestamp === 'number' ? timestamp : Date.parse(timestamp);
}

class NaiveRegimeWidget extends HTMLElement {
  #root = this.attachShadow({ mode: 'open' });
  #body!: HTMLDivElement;
  #chart: uPlot | undefined;
  #socket: Socket | undefined;
  #poll: ReturnType<typeof setInterval> | undefined;
  #points: { t: number; adx: number }[] = [];
  #regime: RegimeUpdate | null = null;
  #mode = 'connecting';

  get regime(): RegimeUpdate | null {
    return this.#regime;
  }

  connectedCallback(): void {
    const symbol = this.getAttribute('symbol') ?? '';
    const timeframe = this.getAttribute('timeframe') ?? '';
    const apiUrl = this.getAttribute('api-url');
    const wsUrl = this.getAttribute('ws-url');
    this.#root.innerHTML = `<style>${CSS}</style><div class="card"><div class="body"></div><div class="chart"></div></div>`;
    this.#body = this.#root.querySelector('.body') as HTMLDivElement;
    const chartBox = this.#root.querySelector('.chart') as HTMLDivElement;
    this.#chart = new uPlot(
      {
        width: Math.max(40, chartBox.clientWidth),
        height: 48,
        padding: [4, 2, 4, 2],
        cursor: { show: false },
        legend: { show: false },
        scales: { x: { time: false } },
        axes: [{ show: false }, { show: false }],
        series: [{}, { stroke: '#1f5fbf', width: 1.5, points: { show: false } }],
      },
      [[], []],
      chartBox,
    );
    this.#render();

    const query = new URLSearchParams({ symbol, timeframe });
    const fetchCurrent = () =>
      fetch(`${apiUrl}/regime?${query}`)
        .then((response) => response.json())
        .then((update: RegimeUpdate) => this.#receive(update))
        .catch(() => undefined);
    if (apiUrl) void fetchCurrent();
    if (apiUrl && !wsUrl) {
      this.#mode = 'polling';
      this.#poll = setInterval(fetchCurrent, Number(this.getAttribute('poll-interval') ?? 15000));
    }
    if (wsUrl) {
      const socket = io(`${wsUrl}/signals`, { forceNew: true, transports: ['websocket'] });
      this.#socket = socket;
      socket.on('connect', () => {
        this.#mode = 'live';
        socket.emit('subscribe', { symbol, timeframe });
      });
      socket.on('disconnect', () => (this.#mode = 'offline'));
      socket.on('regime', (update: RegimeUpdate) => {
        if (update.symbol === symbol && update.timeframe === timeframe) this.#receive(update);
      });
    }
  }

  disconnectedCallback(): void {
    this.#socket?.disconnect();
    clearInterval(this.#poll);
    this.#chart?.destroy();
  }

  #receive(update: RegimeUpdate): void {
    const ms = epochMs(update.timestamp);
    if (this.#regime && ms <= epochMs(this.#regime.timestamp)) return;
    this.#regime = update;
    this.#points.push({ t: ms / 1000, adx: update.adx });
    if (this.#points.length > Number(this.getAttribute('history') ?? 120)) this.#points.shift();
    this.#render();
    this.#chart?.setData([this.#points.map((p) => p.t), this.#points.map((p) => p.adx)]);
    this.dispatchEvent(new CustomEvent('regime-update', { detail: update, bubbles: true, composed: true }));
  }

  #render(): void {
    const symbol = escapeHtml(this.getAttribute('symbol') ?? '');
    const timeframe = escapeHtml(this.getAttribute('timeframe') ?? '');
    const regime = this.#regime;
    const glyph = { live: '● Live', polling: '○ API', offline: '× Offline' }[this.#mode] ?? '◌ Connecting';
    this.#body.innerHTML = `
      <div class="head"><span class="key">${symbol} <small>${timeframe}</small></span>
        <span class="badge" data-mode="${this.#mode}">${glyph}</span></div>
      ${
        regime
          ? `<div class="label" data-regime="${escapeHtml(regime.regime)}">${escapeHtml(LABELS[regime.regime] ?? regime.regime)}</div>
        <dl class="values"><div><dt>ADX</dt><dd data-value="adx">${regime.adx.toFixed(1)}</dd></div>
          <div><dt>ATR</dt><dd data-value="atr">${(regime.atrPct * 100).toFixed(2)}%</dd></div></dl>
        <div class="time">Updated <time datetime="${new Date(epochMs(regime.timestamp)).toISOString()}">${new Date(
          epochMs(regime.timestamp),
        ).toLocaleTimeString('en')}</time></div>`
          : '<div class="label">Waiting for data…</div>'
      }`;
  }
}

if (!customElements.get('naive-regime-widget'))
  customElements.define('naive-regime-widget', NaiveRegimeWidget);
