/**
 * Whatever `navigator.language` says, the element loads, defines itself and renders in English: `C`
 * (WebKitGTK under `LANG=C.UTF-8`), `C.UTF-8` and an empty tag are not BCP 47, and `Intl` throws on
 * them, uPlot's number format at module load included. The real browsers are in test/engines.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

const update = {
  symbol: 'BTCUSDT',
  timeframe: '1h',
  regime: 'trend_up',
  adx: 18.54,
  atrPct: 0.0156,
  timestamp: 1764331200000,
};

/** REST answers: the current regime, and an empty history. */
function serveRest(): void {
  vi.stubGlobal('fetch', async (input: string | URL | Request) => {
    const history = new URL(String(input)).pathname.endsWith('/history');
    return new Response(
      JSON.stringify(history ? { symbol: 'BTCUSDT', timeframe: '1h', points: [] } : update),
    );
  });
}

afterEach(() => {
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
  delete (navigator as { language?: string }).language;
});

describe.each(['C', 'C.UTF-8', ''])('navigator.language %j', (language) => {
  it('loads the script, defines <regime-widget> and renders its data in English', async () => {
    Object.defineProperty(navigator, 'language', { value: language, configurable: true });
    expect(() => new Intl.NumberFormat(navigator.language)).toThrow(RangeError);
    serveRest();
    // A fresh evaluation of the entry and everything it imports, uPlot included, under this language.
    vi.resetModules();
    await import('../../src/index.js');
    expect(customElements.get('regime-widget')).toBeDefined();

    const el = document.createElement('regime-widget');
    el.setAttribute('symbol', 'BTCUSDT');
    el.setAttribute('timeframe', '1h');
    el.setAttribute('api-url', 'http://api.test/api');
    document.body.append(el);
    const text = (selector: string) => el.shadowRoot?.querySelector(selector)?.textContent;
    await vi.waitFor(() => expect(text('[part=label]')).toBe('Trend up'));
    expect(text('[data-value=adx]')).toBe('18.5');
    expect(text('[data-value=atr]')).toBe('1.56%');
    expect(text('[part=badge]')).toMatch(/^○ API/);
    await vi.waitFor(() => expect(el.shadowRoot!.querySelector('[part=sparkline] canvas')).not.toBeNull());
  });
});
