/**
 * `<regime-widget>` in React 19's JSX: completion and checking of its attributes, properties and
 * events. Load it once in the app, next to the import that defines the element:
 *
 *   import 'regime-widget';
 *   import type {} from 'regime-widget/react';
 *
 * React 19 sets a prop the element has as a property (`apiUrl`, `noAlerts`), any other as an
 * attribute (`api-url`), and `on` + an event's exact name as a listener (`onregime-update`).
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type {
  RegimeWidgetAttributes,
  RegimeWidgetElement,
  RegimeWidgetEventMap,
  RegimeWidgetProperties,
} from '../dist/types/index.js';

/** `onregime-update` and the others: listeners for the element's events. */
export type RegimeWidgetEventProps = {
  [K in keyof RegimeWidgetEventMap as `on${K}`]?: (event: RegimeWidgetEventMap[K]) => void;
};

/** The props of `<regime-widget>` in JSX. */
export type RegimeWidgetJsxProps = DetailedHTMLProps<
  HTMLAttributes<RegimeWidgetElement>,
  RegimeWidgetElement
> &
  RegimeWidgetProperties &
  RegimeWidgetAttributes &
  RegimeWidgetEventProps;

declare module 'react' {
  // React 19 keeps its JSX types in React.JSX.
  namespace JSX {
    interface IntrinsicElements {
      'regime-widget': RegimeWidgetJsxProps;
    }
  }
}
