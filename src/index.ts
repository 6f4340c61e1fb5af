/**
 * The bundle's entry: defines `<regime-widget>` and `<regime-signals>` (where there is a DOM: importing it in Node defines
 * nothing and throws nothing) and exports its types and the pieces an app may reuse (the validation
 * of payloads, also alone in `regime-widget/contract`).
 */
import { define } from './define.js';

define();

export { define, TAG, SIGNALS_TAG, RegimeWidgetElement, RegimeSignalsElement } from './define.js';
export type {
  RegimeSignalsAttributes,
  RegimeSignalsElementConstructor,
  RegimeSignalsEventMap,
  RegimeSignalsMembers,
  RegimeSignalsProperties,
  RegimeWidgetAttributes,
  RegimeWidgetElementConstructor,
  RegimeWidgetEventMap,
  RegimeWidgetMembers,
  RegimeWidgetProperties,
  RegimeWidgetTheme,
  SnapshotOptions,
} from './element/api.js';
export * from './contract/index.js';
export type { FeedDiagnostics } from './feed/regime-feed.js';
export type { RegimeSignal } from './feed/signal-log.js';
