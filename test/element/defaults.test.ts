/**
 * What the element's properties read: on a bare element, the defaults custom-elements.json (and the
 * README) document; after a value is set, the value the widget uses. Reading a default never turns
 * it into a value set: no attribute appears, and an unset namespace still falls back to `/`.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ElementDeclaration, Manifest } from '../../scripts/manifest.js';
import { define, RegimeWidgetElement } from '../../src/define.js';
import { ERRORS, type fakeOpen } from '../fakes/index.js';
import { releasePageHubs, useFakePageHubs } from './page-hubs.js';

const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8')) as Manifest;
const element = manifest.modules[0]!.declarations[0] as ElementDeclaration;

type Props = Record<string, unknown>;

/** A manifest default (`'auto'`, `15000`, `false`) as a value. */
const valueOf = (text: string): unknown => JSON.parse(text.replace(/^'(.*)'$/, '"$1"'));

const documented = element.attributes.filter((a) => a.default !== undefined);

let open: ReturnType<typeof fakeOpen>;

beforeAll(() => define());

beforeEach(() => {
  open = useFakePageHubs(async () => new Response('{}', { status: 503 }));
});

afterEach(releasePageHubs);

describe('property defaults', () => {
  it('are documented for the attributes that have one', () => {
    expect(documented.map((a) => a.fieldName).sort()).toEqual(
      [
        'debug',
        'history',
        'noAlerts',
        'pollInterval',
        'theme',
        'transparent',
        'wsNamespace',
        'wsPath',
      ].sort(),
    );
  });

  it('read back on a bare element, before and after it is connected, and add no attribute', async () => {
    const el = document.createElement('regime-widget') as unknown as Props & HTMLElement;
    const read = () => Object.fromEntries(documented.map((a) => [a.fieldName, el[a.fieldName]]));
    const expected = Object.fromEntries(documented.map((a) => [a.fieldName, valueOf(a.default!)]));
    expect(read()).toEqual(expected);
    document.body.append(el);
    await vi.waitFor(() => expect(el.shadowRoot?.querySelector('[part=card]')).not.toBeNull());
    expect(read()).toEqual(expected);
    expect(el.getAttributeNames()).toEqual([]);
  });

  it('read what is in effect once set, by property or attribute', async () => {
    const el = document.createElement('regime-widget') as unknown as Props & HTMLElement;
    document.body.append(el);
    await vi.waitFor(() => expect(el.shadowRoot?.querySelector('[part=card]')).not.toBeNull());
    el.pollInterval = 500;
    el.history = 5000;
    el.theme = 'dark';
    el.wsNamespace = 'feed';
    el.setAttribute('transparent', '');
    expect([el.pollInterval, el.history, el.theme, el.wsNamespace, el.transparent]).toEqual([
      1000,
      1000,
      'dark',
      '/feed',
      true,
    ]);
    el.setAttribute('poll-interval', '2500');
    el.theme = 'sepia';
    expect([el.pollInterval, el.theme]).toEqual([2500, 'auto']);
    el.removeAttribute('poll-interval');
    el.removeAttribute('transparent');
    expect([el.pollInterval, el.transparent]).toEqual([15000, false]);
  });

  it('leave an unset namespace unset: refused, the widget still tries /', async () => {
    const el = document.createElement('regime-widget') as unknown as Props & HTMLElement;
    for (const [name, value] of Object.entries({
      symbol: 'BTCUSDT',
      timeframe: '1h',
      'ws-url': 'http://ws.test',
    }))
      el.setAttribute(name, value);
    expect(el.wsNamespace).toBe('/signals');
    document.body.append(el);
    await vi.waitFor(() => expect(open.sockets).toHaveLength(1));
    expect(open.last().namespace).toBe('/signals');
    open.last().connectError(ERRORS.namespace());
    await vi.waitFor(() => expect(open.sockets.map((s) => s.namespace)).toEqual(['/signals', '/']));
  });

  it('keep a value set before the element was defined', async () => {
    const el = document.createElement('regime-widget-late') as unknown as Props & HTMLElement;
    el.pollInterval = 2000;
    el.theme = 'dark';
    document.body.append(el);
    customElements.define('regime-widget-late', class extends RegimeWidgetElement {});
    expect([el.pollInterval, el.theme, el.history]).toEqual([2000, 'dark', 120]);
    await vi.waitFor(() => expect(el.getAttribute('theme')).toBe('dark'));
  });
});
