/**
 * The bundle's entry: defines `<regime-widget>` (where there is a DOM: importing it in Node defines
 * nothing and throws nothing) and exports its types and the pieces an app may reuse (the validation
 * of payloads, also alone in `regime-widget/contract`).
 */
import { define } from './define.js';

define();

export { define, TAG, RegimeWidgetElement } from './define.js';
export type {
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
