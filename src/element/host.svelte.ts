/**
 * What both elements do with their host alike, called once from a component's script: the shared
 * stylesheet, the locale, debug tracing and visibility (`hostSetup`); the warning for wrong
 * attributes, starting the state of the current configuration, the view the element's properties
 * read and its custom states (`hostState`).
 */
import { untrack } from 'svelte';
import type { Mode } from '../contract/types.js';
import { traceShared } from '../feed/logger.js';
import { setView, type HostView, type SignalsView } from './element-class.js';
import { pickLocale, type Locale } from './i18n.js';
import { OnScreen } from './on-screen.js';
import { showStates } from './states.js';
import { adoptStyles } from './styles.js';

/**
 * @example const host = hostSetup(element, () => ({ locale, debug })); // host.lang, host.onScreen
 */
export function hostSetup(
  element: HTMLElement,
  props: () => { locale: string | undefined; debug: boolean },
): { readonly lang: Locale; readonly onScreen: OnScreen } {
  if (element.shadowRoot) adoptStyles(element.shadowRoot);
  const lang = $derived(
    pickLocale(
      props().locale,
      element.closest('[lang]')?.getAttribute('lang'),
      typeof navigator === 'undefined' ? undefined : navigator.language,
    ),
  );
  $effect(() => (props().debug ? traceShared() : undefined));
  const onScreen = new OnScreen();
  $effect(() => onScreen.watch(element));
  return {
    get lang() {
      return lang;
    },
    onScreen,
  };
}

export interface HostStateOptions {
  /** What the element is called in its warning: `the widget`. */
  name: string;
  /** What is wrong with the attributes, if anything. */
  problem: () => string | undefined;
  /** The state of the current configuration, started while it is current. */
  state: () => { start(): () => void } | undefined;
  view: HostView | SignalsView;
  stale?: () => boolean;
}

/**
 * @example hostState(element, { name: 'the list', problem: () => config.problem, state: () => view, view: hostView });
 */
export function hostState(element: HTMLElement, options: HostStateOptions): void {
  let warnedProblem: string | undefined;
  $effect(() => {
    const problem = options.problem();
    if (!problem || warnedProblem === problem) return;
    warnedProblem = problem;
    console.warn(`[${element.localName}] ${problem}; ${options.name} shows nothing until it is fixed.`);
  });
  $effect(() => {
    const current = options.state();
    // Only the state re-runs this: what it does while it starts (a mode change) must not.
    return current && untrack(() => current.start());
  });
  $effect(() => {
    setView(element, options.view);
    return () => setView(element, undefined);
  });
  $effect(() => showStates(element, options.view.mode as Mode, options.stale?.() ?? false));
}
