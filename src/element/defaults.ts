/**
 * What the element's properties read: the value in effect, as the README and custom-elements.json
 * give the defaults (`theme` is `'auto'`, `pollInterval` `15000` on a bare element), not `undefined`
 * or a value the widget bounds. Setting a property or its attribute is Svelte's, unchanged.
 */
import { DEFAULTS, withLeadingSlash } from '../feed/target.js';
import { historyOf, pollIntervalOf } from './config.js';
import { limitOf } from './signals-config.js';

const trimmed = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** Each property with a default, and how what was set becomes what is in effect. */
const IN_EFFECT: Record<string, (value: unknown) => unknown> = {
  wsNamespace: (value) => (trimmed(value) ? withLeadingSlash(trimmed(value)) : DEFAULTS.wsNamespace),
  wsPath: (value) => trimmed(value) || DEFAULTS.wsPath,
  pollInterval: pollIntervalOf as (value: unknown) => number,
  history: historyOf as (value: unknown) => number,
  limit: limitOf,
  theme: (value) => (value === 'light' || value === 'dark' ? value : 'auto'),
  transparent: Boolean,
  noAlerts: Boolean,
  debug: Boolean,
};

/**
 * The element's class with properties that read what is in effect.
 * @example class RegimeWidgetElement extends readingInEffect(Base) {}
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeScript's mixin rule demands any[].
export function readingInEffect<T extends new (...args: any[]) => HTMLElement>(Base: T): T {
  const Reading = class extends Base {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above.
    constructor(...args: any[]) {
      super(...args);
      // Svelte copies a property it finds unset at connection into its props, which would turn each
      // default read below into an explicit value (a `theme="auto"` attribute, a namespace given).
      // Set to nothing through its own setter first, they count as unset. A value set before the
      // element was defined is an own property, which Svelte moves in itself.
      for (const name of Object.keys(IN_EFFECT)) {
        if (name in this && !Object.hasOwn(this, name)) Reflect.set(this, name, undefined);
      }
    }
  };
  for (const [name, inEffect] of Object.entries(IN_EFFECT)) {
    // Svelte's accessor: its setter stays, its getter is read through (an element without it has none).
    const svelte = Object.getOwnPropertyDescriptor(Base.prototype, name);
    if (!svelte) continue;
    Object.defineProperty(Reading.prototype, name, {
      ...svelte,
      get(this: HTMLElement) {
        return inEffect(svelte.get!.call(this));
      },
    });
  }
  return Reading;
}
