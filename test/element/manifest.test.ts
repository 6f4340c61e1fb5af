/**
 * custom-elements.json against the element itself, so the documentation cannot drift: the file is
 * what `npm run manifest` writes from the sources now, and it lists exactly the attributes the element
 * observes, the events it dispatches and the parts it renders.
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RegimeUpdate } from '../../src/contract/types.js';
import { define } from '../../src/define.js';
import { buildManifest, type ElementDeclaration, type Manifest } from '../../scripts/manifest.js';
import type { fakeOpen } from '../fakes/index.js';
import { releasePageHubs, useFakePageHubs } from './page-hubs.js';

const committed = JSON.parse(readFileSync('custom-elements.json', 'utf8')) as Manifest;
const element = committed.modules[0]!.declarations[0] as ElementDeclaration;
const names = (list: { name: string }[]) => list.map((item) => item.name).sort();

const NOW = 1764331200000;
const UPDATE: RegimeUpdate = {
  symbol: 'BTCUSDT',
  timeframe: '1h',
  regime: 'range',
  adx: 18.5,
  atrPct: 0.0156,
  timestamp: NOW,
};

let open: ReturnType<typeof fakeOpen>;

beforeAll(() => define());

beforeEach(() => {
  open = useFakePageHubs(async (input) => {
    const url = new URL(String(input));
    const body = url.pathname.endsWith('/history')
      ? {
          symbol: 'BTCUSDT',
          timeframe: '1h',
          points: [
            { ...UPDATE, regime: 'trend_down', timestamp: NOW - 7200e3 },
            { ...UPDATE, timestamp: NOW - 3600e3 },
          ],
        }
      : UPDATE;
    return new Response(JSON.stringify(body));
  });
});

afterEach(releasePageHubs);

function mount(attrs: Record<string, string>): HTMLElement {
  const el = document.createElement('regime-widget');
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  document.body.append(el);
  return el;
}

const LIVE = {
  symbol: 'BTCUSDT',
  timeframe: '1h',
  'api-url': 'http://api.test/api',
  'ws-url': 'http://ws.test',
};

/** A live widget with data, its sparkline, and an alert's toast: every state that adds a part. */
async function busyWidget(): Promise<HTMLElement> {
  const el = mount(LIVE);
  await vi.waitFor(() => expect(open.sockets).toHaveLength(1));
  const socket = open.last();
  socket.serverConnect();
  socket.answerSubscribe({ ok: true });
  socket.serverEmit('regime', { ...UPDATE, regime: 'trend_up', timestamp: NOW + 1000 });
  socket.serverEmit('regime:alert', {
    symbol: 'BTCUSDT',
    timeframe: '1h',
    from: 'range',
    to: 'trend_up',
    timestamp: NOW,
  });
  await vi.waitFor(() => expect(el.shadowRoot!.querySelector('[part~=toast]')).not.toBeNull());
  await vi.waitFor(() => expect(el.shadowRoot!.querySelector('[part~=label]')?.textContent).toBe('Trend up'));
  return el;
}

describe('custom-elements.json', () => {
  it('is what `npm run manifest` writes from the sources now', () => {
    expect(committed, 'custom-elements.json is out of date: run `npm run manifest`').toEqual(buildManifest());
  });

  it('is a Custom Elements Manifest 2.x for <regime-widget>', () => {
    expect(committed.schemaVersion).toMatch(/^2\.\d+\.\d+$/);
    const module = committed.modules[0]!;
    expect(module.kind).toBe('javascript-module');
    expect(element).toMatchObject({ kind: 'class', customElement: true, tagName: 'regime-widget' });
    expect(module.exports).toContainEqual({
      kind: 'custom-element-definition',
      name: 'regime-widget',
      declaration: { name: element.name, module: module.path },
    });
    const documented = [
      ...element.attributes,
      ...element.members,
      ...element.events,
      ...element.cssParts,
      ...element.cssProperties,
    ];
    for (const item of documented) expect(item.description, item.name).toMatch(/\w{3}/);
    for (const attribute of element.attributes) {
      expect(element.members).toContainEqual(
        expect.objectContaining({ kind: 'field', name: attribute.fieldName, attribute: attribute.name }),
      );
    }
  });

  it('lists exactly the attributes the element observes, each with its property', () => {
    const Widget = customElements.get('regime-widget') as CustomElementConstructor & {
      observedAttributes: string[];
    };
    expect(names(element.attributes)).toEqual([...Widget.observedAttributes].sort());
    for (const attribute of element.attributes) expect(attribute.fieldName in Widget.prototype).toBe(true);
  });

  it('lists the read-only properties and the methods the element has', () => {
    const Widget = customElements.get('regime-widget')!;
    const descriptor = (name: string) => {
      for (let proto = Widget.prototype; proto; proto = Object.getPrototypeOf(proto)) {
        const found = Object.getOwnPropertyDescriptor(proto, name);
        if (found) return found;
      }
      return undefined;
    };
    for (const member of element.members) {
      if (member.kind === 'method')
        expect(typeof descriptor(member.name)?.value, member.name).toBe('function');
      else if (member.readonly) {
        expect(descriptor(member.name)?.get, member.name).toBeTypeOf('function');
        expect(descriptor(member.name)?.set, member.name).toBeUndefined();
      }
    }
    expect(element.members.filter((m) => m.kind === 'method').map((m) => m.name)).toEqual([
      'toPNG',
      'toDataURL',
    ]);
  });

  it('lists exactly the events of WidgetEvents, and the element dispatches no other', async () => {
    const source = ts.createSourceFile(
      'widget-state.svelte.ts',
      readFileSync('src/element/widget-state.svelte.ts', 'utf8'),
      ts.ScriptTarget.ES2022,
    );
    const widgetEvents = source.statements.find(
      (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'WidgetEvents',
    );
    const declared = widgetEvents!.members.map((m) => (m.name as ts.StringLiteral).text).sort();
    expect(names(element.events)).toEqual(declared);

    const dispatched = new Set<string>();
    const original = EventTarget.prototype.dispatchEvent;
    vi.spyOn(EventTarget.prototype, 'dispatchEvent').mockImplementation(function (this: EventTarget, event) {
      if (this instanceof HTMLElement && this.localName === 'regime-widget') dispatched.add(event.type);
      return original.call(this, event);
    });
    const el = await busyWidget();
    el.remove();
    expect([...dispatched].sort()).toEqual(names(element.events));
  });

  it('lists exactly the parts the element renders', async () => {
    const busy = await busyWidget();
    const broken = mount({ symbol: 'BTCUSDT', 'api-url': 'http://api.test/api' });
    await vi.waitFor(() => expect(broken.shadowRoot!.querySelector('[part~=problem]')).not.toBeNull());
    const rendered = new Set<string>();
    for (const el of [busy, broken]) {
      for (const node of el.shadowRoot!.querySelectorAll('[part]')) {
        for (const part of node.getAttribute('part')!.split(/\s+/)) rendered.add(part);
      }
    }
    expect([...rendered].sort()).toEqual(names(element.cssParts));
  });

  it('lists exactly the custom states the element sets: one per mode, and stale', async () => {
    // jsdom has ElementInternals without `states`: a Set stands in, to see what the element sets.
    const sets: Set<string>[] = [];
    const seen = new Set<string>();
    Object.defineProperty(ElementInternals.prototype, 'states', {
      configurable: true,
      get(this: { set?: Set<string> }) {
        if (!this.set) {
          const set = new Set<string>();
          const add = set.add.bind(set);
          set.add = (state: string) => (seen.add(state), add(state));
          sets.push((this.set = set));
        }
        return this.set;
      },
    });
    try {
      const busy = await busyWidget();
      const broken = mount({ symbol: 'BTCUSDT', 'api-url': 'http://api.test/api' });
      await vi.waitFor(() => expect(sets).toHaveLength(2));
      open.last().serverDisconnect('transport close');
      await vi.waitFor(() => expect(seen).toContain('polling'));
      expect((busy as unknown as { mode: string }).mode).toBe('polling');
      expect([...sets[0]!]).toEqual(['polling']);
      expect([...sets[1]!]).toEqual(['offline']);
      expect(['connecting', 'live', 'polling', 'offline'].filter((s) => !seen.has(s))).toEqual([]);
      expect(names(element.cssStates)).toEqual([...seen, 'stale'].sort());
      broken.remove();
    } finally {
      delete (ElementInternals.prototype as { states?: unknown }).states;
    }
  });

  it('lists every CSS custom property of styles.css with the default it falls back to', () => {
    const css = readFileSync('src/element/styles.css', 'utf8');
    const read = new Set([...css.matchAll(/var\((--regime-[\w-]+)/g)].map((m) => m[1]!));
    expect(names(element.cssProperties)).toEqual([...read].sort());
    const host = /:host\s*\{([\s\S]*?)\n\}/.exec(css)![1]!;
    for (const property of element.cssProperties) {
      const own = property.name.replace('--regime-', '--_');
      expect(host).toContain(`${own}: var(${property.name}, ${property.default});`);
    }
  });
});

describe('custom-elements.json for <regime-signals>', () => {
  const signals = committed.modules[0]!.declarations.find((d) => d.tagName === 'regime-signals')!;

  it('declares it and its definition', () => {
    expect(signals).toMatchObject({ kind: 'class', customElement: true, name: 'RegimeSignalsElement' });
    expect(committed.modules[0]!.exports).toContainEqual({
      kind: 'custom-element-definition',
      name: 'regime-signals',
      declaration: { name: 'RegimeSignalsElement', module: committed.modules[0]!.path },
    });
  });

  it('lists exactly the attributes it observes, and its read-only mode and signals', () => {
    const Signals = customElements.get('regime-signals') as CustomElementConstructor & {
      observedAttributes: string[];
    };
    expect(names(signals.attributes)).toEqual([...Signals.observedAttributes].sort());
    expect(signals.members.filter((m) => m.kind === 'field' && m.readonly).map((m) => m.name)).toEqual([
      'mode',
      'signals',
    ]);
    for (const name of ['mode', 'signals']) expect(name in Signals.prototype, name).toBe(true);
  });

  it('lists exactly the parts it renders', async () => {
    const list = document.createElement('regime-signals');
    for (const [name, value] of Object.entries({
      symbols: 'BTCUSDT',
      timeframes: '1h',
      'api-url': 'http://api.test/api',
    }))
      list.setAttribute(name, value);
    const broken = document.createElement('regime-signals');
    broken.setAttribute('symbols', 'BTCUSDT');
    broken.setAttribute('api-url', 'http://api.test/api');
    document.body.append(list, broken);
    await vi.waitFor(() => expect(list.shadowRoot!.querySelector('[part~=signal]')).not.toBeNull());
    await vi.waitFor(() => expect(broken.shadowRoot!.querySelector('[part~=problem]')).not.toBeNull());
    const rendered = new Set<string>();
    for (const el of [list, broken]) {
      for (const node of el.shadowRoot!.querySelectorAll('[part]')) {
        for (const part of node.getAttribute('part')!.split(/\s+/)) rendered.add(part);
      }
    }
    expect([...rendered].sort()).toEqual(names(signals.cssParts));
  });
});
