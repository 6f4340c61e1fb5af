/**
 * The shipped TypeScript declarations as an app sees them. The package is laid out in a temporary
 * node_modules as `npm install` would (its package.json with the exports, declarations emitted from
 * the sources now by tsconfig.types.json, types/react.d.ts and types/vue.d.ts), and small consumer
 * files are type-checked against it with the resolution of bundlers and of Node: the DOM typings,
 * typed events, React 19 JSX (the real @types/react) and Vue (a stub of the types Vue declares, as
 * Vue itself is not a dependency). `@ts-expect-error` lines prove that mistakes are caught.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { RegimeWidgetEventMap } from '../../src/element/api.js';
import type { WidgetEvents } from '../../src/element/widget-state.svelte.js';

const ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
let app: string;
let emitted: string[];

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

function format(diagnostics: readonly ts.Diagnostic[]): string[] {
  return diagnostics.map((d) => {
    const where = d.file
      ? `${d.file.fileName.replace(app, '')}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
      : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/** Emits the declarations as `npm run build` does, into the package in the temporary node_modules. */
function emitDeclarations(outDir: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, 'tsconfig.types.json'),
    { outDir },
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => {},
    },
  );
  if (!config) throw new Error('tsconfig.types.json did not parse');
  const program = ts.createProgram(config.fileNames, config.options);
  const result = program.emit();
  return format([...ts.getPreEmitDiagnostics(program), ...result.diagnostics]);
}

function check(files: string[], options: ts.CompilerOptions): string[] {
  const program = ts.createProgram(
    files.map((file) => join(app, file)),
    {
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
      types: [],
      jsx: ts.JsxEmit.ReactJSX,
      ...options,
    },
  );
  return format(ts.getPreEmitDiagnostics(program));
}

const VUE_STUB = `// The part of Vue's types that types/vue.d.ts builds on, shaped as Vue 3.5 declares it.
export interface GlobalComponents {}
export interface HTMLAttributes { id?: string; class?: unknown; style?: unknown; title?: string; onClick?: (event: MouseEvent) => void }
export type PublicProps = { key?: PropertyKey; ref?: unknown; ref_for?: boolean; ref_key?: string };
type UnionToIntersection<U> = (U extends any ? (k: U) => void : never) extends (k: infer I) => void ? I : never;
export type ObjectEmitsOptions = Record<string, ((...args: any[]) => any) | null>;
export type EmitFn<Options = ObjectEmitsOptions, Event extends keyof Options = keyof Options> =
  Options extends Array<infer V> ? (event: V, ...args: any[]) => void
  : {} extends Options ? (event: string, ...args: any[]) => void
  : UnionToIntersection<{ [key in Event]: Options[key] extends (...args: infer Args) => any ? (event: key, ...args: Args) => void : (event: key, ...args: any[]) => void }[Event]>;
`;

const DOM_CONSUMER = `import { define, RegimeWidgetElement, TAG, checkUpdate, type Mode, type RegimeWidgetAttributes } from 'regime-widget';
import type { RegimeSignal, RegimeSignalsAttributes, RegimeSignalsElement } from 'regime-widget';
import { checkAlert, type RegimeUpdate } from 'regime-widget/contract';

const widget = document.createElement('regime-widget');
const typed: RegimeWidgetElement = widget;
widget.symbol = 'BTCUSDT';
widget.apiUrl = '/api';
widget.pollInterval = 2000;
widget.theme = 'dark';
widget.transparent = true;
// @ts-expect-error: not a theme
widget.theme = 'blue';
// @ts-expect-error: a number
widget.history = '60';
// @ts-expect-error: read-only
widget.mode = 'live';
const mode: Mode = widget.mode;
const adx: number | undefined = widget.regime?.adx;
widget.addEventListener('regime-update', (event) => event.detail.atrPct.toFixed(2));
widget.addEventListener('regime-connection', (event) => {
  const next: Mode = event.detail.mode;
  const previous: Mode = event.detail.previous;
  return [next, previous];
});
document.addEventListener('regime-alert', (event) => event.detail.to.toUpperCase());
document.body.addEventListener('regime-update', (event) => event.detail.regime);
// @ts-expect-error: an update has no "to"
widget.addEventListener('regime-update', (event) => event.detail.to);
const png: Promise<Blob> = widget.toPNG({ scale: 2 });
const url: string = widget.toDataURL();
const found = document.querySelector('regime-widget');
const attributes: RegimeWidgetAttributes = { 'api-url': '/api', 'poll-interval': '2000', 'no-alerts': true, theme: 'auto' };
// @ts-expect-error: attributes are spelt with dashes
const camel: RegimeWidgetAttributes = { pollInterval: 2000 };
const Widget = customElements.get(TAG) as typeof RegimeWidgetElement | undefined;
const made: RegimeWidgetElement | undefined = Widget && new Widget();
define(customElements);
const checked = checkUpdate({});
const alert = checkAlert({});
const update: RegimeUpdate | undefined = checked.ok ? checked.value : undefined;
// @ts-expect-error: the contract entry has no element
import('regime-widget/contract').then((contract) => contract.define);
const list = document.createElement('regime-signals');
const typedList: RegimeSignalsElement = list;
list.symbols = 'BTCUSDT ETHUSDT';
list.limit = 10;
// @ts-expect-error: read-only
list.signals = [];
const rows: readonly RegimeSignal[] = list.signals;
const listMode: Mode = list.mode;
list.addEventListener('regime-signal', (event) => event.detail.from.toUpperCase());
// @ts-expect-error: a signal has no "regime"
list.addEventListener('regime-signal', (event) => event.detail.regime);
const foundList: RegimeSignalsElement | null = document.querySelector('regime-signals');
const listAttributes: RegimeSignalsAttributes = { symbols: 'BTCUSDT', limit: '5', 'api-url': '/api' };
export { typed, mode, adx, png, url, found, attributes, camel, made, checked, alert, update };
export { typedList, rows, listMode, foundList, listAttributes };
`;

const REACT_CONSUMER = `import 'regime-widget';
import type {} from 'regime-widget/react';

export const ok = (
  <regime-widget
    symbol="BTCUSDT"
    timeframe="1h"
    api-url="/api"
    poll-interval="2000"
    no-alerts
    theme="dark"
    className="widget"
    onregime-update={(event) => event.detail.adx.toFixed(1)}
    onregime-alert={(event) => event.detail.to}
  />
);
// @ts-expect-error: not a theme
export const badTheme = <regime-widget theme="blue" />;
// @ts-expect-error: no such property
export const typo = <regime-widget symbl="BTCUSDT" />;
// @ts-expect-error: an update has no "to"
export const badEvent = <regime-widget onregime-update={(event) => event.detail.to} />;
export const list = (
  <regime-signals symbols="BTCUSDT ETHUSDT" timeframes="1h 4h" limit="10" api-url="/api" onregime-signal={(event) => event.detail.to} />
);
// @ts-expect-error: no such property on the list
export const listTypo = <regime-signals symbol="BTCUSDT" />;
`;

const VUE_CONSUMER = `import 'regime-widget';
import type {} from 'regime-widget/vue';
import type { GlobalComponents } from 'vue';
import type { RegimeUpdate } from 'regime-widget';

type Widget = InstanceType<GlobalComponents['regime-widget']>;
export const props: Widget['$props'] = { symbol: 'BTCUSDT', apiUrl: '/api', theme: 'dark', noAlerts: true, id: 'w' };
// @ts-expect-error: not a theme
export const badTheme: Widget['$props'] = { theme: 'blue' };
declare const widget: Widget;
declare const update: RegimeUpdate;
widget.$emit('regime-update', new CustomEvent('regime-update', { detail: update }));
// @ts-expect-error: no such event
widget.$emit('regime-updated', new CustomEvent('x'));
type List = InstanceType<GlobalComponents['regime-signals']>;
export const listProps: List['$props'] = { symbols: 'BTCUSDT', timeframes: '1h', limit: 5 };
// @ts-expect-error: a list has no symbol
export const badList: List['$props'] = { symbol: 'BTCUSDT' };
`;

beforeAll(() => {
  app = mkdtempSync(join(tmpdir(), 'regime-widget-types-'));
  const pkg = join(app, 'node_modules/regime-widget');
  mkdirSync(pkg, { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
  cpSync(join(ROOT, 'types'), join(pkg, 'types'), { recursive: true });
  cpSync(join(ROOT, 'custom-elements.json'), join(pkg, 'custom-elements.json'));
  for (const dep of ['@types/react', 'csstype']) {
    mkdirSync(dirname(join(app, 'node_modules', dep)), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', dep), join(app, 'node_modules', dep), 'dir');
  }
  write(join(app, 'node_modules/vue/package.json'), '{ "name": "vue", "types": "index.d.ts" }');
  write(join(app, 'node_modules/vue/index.d.ts'), VUE_STUB);
  write(join(app, 'package.json'), '{ "name": "app", "type": "module", "private": true }');
  write(join(app, 'dom.ts'), DOM_CONSUMER);
  write(join(app, 'react.tsx'), REACT_CONSUMER);
  write(join(app, 'vue.ts'), VUE_CONSUMER);
  cpSync(join(ROOT, 'demo/examples/react/RegimePanel.tsx'), join(app, 'RegimePanel.tsx'));
  emitted = emitDeclarations(join(pkg, 'dist/types'));
}, 60_000);

afterAll(() => rmSync(app, { recursive: true, force: true }));

describe('the shipped declarations', () => {
  it('are emitted from the sources without errors', () => {
    expect(emitted).toEqual([]);
    const index = readFileSync(join(app, 'node_modules/regime-widget/dist/types/index.d.ts'), 'utf8');
    expect(index).toContain('RegimeWidgetElement');
  });

  it('type an app through the exports, for bundlers and for Node', () => {
    const files = ['dom.ts', 'react.tsx', 'vue.ts', 'RegimePanel.tsx'];
    expect(
      check(files, { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler }),
    ).toEqual([]);
    expect(
      check(files, { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext }),
    ).toEqual([]);
  }, 60_000);
});

// Checked by `tsc --noEmit` (npm run check): the typed events are exactly the events the element sends.
expectTypeOf<keyof RegimeWidgetEventMap>().toEqualTypeOf<keyof WidgetEvents>();
expectTypeOf<{
  [K in keyof WidgetEvents]: RegimeWidgetEventMap[K]['detail'];
}>().toEqualTypeOf<WidgetEvents>();
