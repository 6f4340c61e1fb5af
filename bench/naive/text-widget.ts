/**
 * The benchmark's text-only baseline, `<text-regime-widget>`: the same contract at its cheapest to
 * start, with no chart and no Svelte. One shared Socket.IO connection per URL (socket.io-client's own
 * multiplexing), the current regime over REST at start, the card's text set with `textContent`.
 * Built only for the benchmark's start-up figures (bench/measure/startup.ts), never shipped.
 */
import { io } from 'socket.io-client';
import type { RegimeUpdate } from '../../src/contract/index.js';

const CSS = `:host { box-sizing: border-box; display: block; min-width: 200px; font: 14px/1.35 system-ui, sans-serif; }
.card { padding: 12px; border: 1px solid #d5d9e0; border-radius: 10px; display: grid; gap: 8px; }`;

function epochMs(timestamp: string | number): number {
  return typeof timestamp === 'number' ? timestamp : Date.parse(timestamp);
}

class TextRegimeWidget extends HTMLElement {
  #root = this.attachShadow({ mode: 'open' });
  #regime: RegimeUpdate | null = null;
  #mode = 'connecting';
  #leave: (() => void) | undefined;

  get regime(): RegimeUpdate | null {
    return this.#regime;
  }

  get mode(): string {
    return this.#mode;
  }

  connectedCallback(): void {
    const symbol = this.getAttribute('symbol') ?? '';
    const timeframe = this.getAttribute('timeframe') ?? '';
    const apiUrl = this.getAttribute('api-url');
    const wsUrl = this.getAttribute('ws-url');
    this.#root.innerHTML = `<style>${CSS}</style><div class="card"><span class="badge"></span>
      <div class="label"></div><dl><dt>ADX</dt><dd data-value="adx"></dd><dt>ATR</dt><dd data-value="atr"></dd></dl></div>`;
    this.#render();
    if (apiUrl)
      void fetch(`${apiUrl}/regime?${new URLSearchParams({ symbol, timeframe })}`)
        .then((response) => response.json())
        .then((update: RegimeUpdate) => this.#receive(update))
        .catch(() => undefined);
    if (!wsUrl) return;
    const socket = io(`${wsUrl}/signals`, { transports: ['websocket'] });
    const onRegime = (update: RegimeUpdate) => {
      if (update.symbol === symbol && update.timeframe === timeframe) this.#receive(update);
    };
    const onConnect = () => socket.emit('subscribe', { symbol, timeframe }, () => this.#setMode('live'));
    socket.on('regime', onRegime);
    socket.on('connect', onConnect);
    if (socket.connected) onConnect();
    this.#leave = () => {
      socket.off('regime', onRegime);
      socket.off('connect', onConnect);
      socket.emit('unsubscribe', { symbol, timeframe });
    };
  }

  disconnectedCallback(): void {
    this.#leave?.();
  }

  #setMode(mode: string): void {
    const previous = this.#mode;
    this.#mode = mode;
    this.#render();
    this.dispatchEvent(
      new CustomEvent('regime-connection', { detail: { mode, previous }, bubbles: true, composed: true }),
    );
  }

  #receive(update: RegimeUpdate): void {
    if (this.#regime && epochMs(update.timestamp) <= epochMs(this.#regime.timestamp)) return;
    this.#regime = update;
    this.#render();
    this.dispatchEvent(new CustomEvent('regime-update', { detail: update, bubbles: true, composed: true }));
  }

  #render(): void {
    const text = (selector: string, value: string) => {
      const node = this.#root.querySelector(selector);
      if (node) node.textContent = value;
    };
    text('.badge', this.#mode === 'live' ? '● Live' : '◌ Connecting');
    text('.label', this.#regime?.regime ?? 'Waiting for data…');
    text('[data-value=adx]', this.#regime ? this.#regime.adx.toFixed(1) : '');
    text('[data-value=atr]', this.#regime ? `${(this.#regime.atrPct * 100).toFixed(2)}%` : '');
  }
}

if (!customElements.get('text-regime-widget')) customElements.define('text-regime-widget', TextRegimeWidget);
