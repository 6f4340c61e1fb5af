/**
 * `<regime-widget>` and `<regime-signals>` in Vue templates (vue-tsc, the Vue language tools): completion and checking of
 * its properties and events, through Vue's `GlobalComponents`. Load it once in the app:
 *
 *   import 'regime-widget';
 *   import type {} from 'regime-widget/vue';
 *
 * and tell Vue's compiler the tag is a custom element:
 * `compilerOptions: { isCustomElement: (tag) => tag.startsWith('regime-') }`.
 */
import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';
import type {
  RegimeSignalsElement,
  RegimeSignalsEventMap,
  RegimeSignalsProperties,
  RegimeWidgetElement,
  RegimeWidgetEventMap,
  RegimeWidgetProperties,
} from '../dist/types/index.js';

/** `@regime-update` and the others, with their `CustomEvent`s. */
export type RegimeWidgetEmits = EmitFn<{
  [K in keyof RegimeWidgetEventMap]: (event: RegimeWidgetEventMap[K]) => void;
}>;

/** The element as Vue's template type-checker sees a component: its props and its events. */
export type RegimeWidgetVueComponent = new () => RegimeWidgetElement & {
  /** For template type-checking only: the props a template may set (`api-url` is `apiUrl`). */
  $props: HTMLAttributes & RegimeWidgetProperties & PublicProps;
  /** For template type-checking only: the events a template may listen to. */
  $emit: RegimeWidgetEmits;
};

/** `@regime-signal`, with its `CustomEvent`. */
export type RegimeSignalsEmits = EmitFn<{
  [K in keyof RegimeSignalsEventMap]: (event: RegimeSignalsEventMap[K]) => void;
}>;

/** `<regime-signals>` as Vue's template type-checker sees a component. */
export type RegimeSignalsVueComponent = new () => RegimeSignalsElement & {
  /** For template type-checking only: the props a template may set. */
  $props: HTMLAttributes & RegimeSignalsProperties & PublicProps;
  /** For template type-checking only: the events a template may listen to. */
  $emit: RegimeSignalsEmits;
};

declare module 'vue' {
  interface GlobalComponents {
    'regime-widget': RegimeWidgetVueComponent;
    'regime-signals': RegimeSignalsVueComponent;
  }
}
