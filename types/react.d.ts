/**
 * `<regime-widget>` and `<regime-signals>` in React 19's JSX: completion and checking of its attributes, properties and
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
  RegimeSignalsAttributes,
  RegimeSignalsElement,
  RegimeSignalsEventMap,
  RegimeSignalsProperties,
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

/** `onregime-signal`: the listener for `<regime-signals>`' event. */
export type RegimeSignalsEventProps = {
  [K in keyof RegimeSignalsEventMap as `on${K}`]?: (event: RegimeSignalsEventMap[K]) => void;
};

/** The props of `<regime-signals>` in JSX. */
export type RegimeSignalsJsxProps = DetailedHTMLProps<
  HTMLAttributes<RegimeSignalsElement>,
  RegimeSignalsElement
> &
  // `limit` is spelt alike as a property and an attribute: the attribute's type (a number or its text) wins.
  Omit<RegimeSignalsProperties, keyof RegimeSignalsAttributes> &
  RegimeSignalsAttributes &
  RegimeSignalsEventProps;

declare module 'react' {
  // React 19 keeps its JSX types in React.JSX.
  namespace JSX {
    interface IntrinsicElements {
      'regime-widget': RegimeWidgetJsxProps;
      'regime-signals': RegimeSignalsJsxProps;
    }
  }
}
