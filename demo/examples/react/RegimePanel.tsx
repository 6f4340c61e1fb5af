/**
 * <regime-widget> in a React 19 app. React 19 passes a prop the element has as a property
 * (`apiUrl`, `noAlerts`), other props as attributes, and `on` + an event's exact name as a listener.
 *
 *   npm install regime-widget
 */
import { useRef, useState } from 'react';
// Defines <regime-widget> (the ES build; its dependencies come from your bundler).
import 'regime-widget';
// JSX typings: completion and checking of the element's props and events.
import type {} from 'regime-widget/react';
import type { Mode, RegimeUpdate, RegimeWidgetElement } from 'regime-widget';

export function RegimePanel({ symbol, dark }: { symbol: string; dark: boolean }) {
  const widget = useRef<RegimeWidgetElement>(null);
  const [last, setLast] = useState<RegimeUpdate | null>(null);
  const [mode, setMode] = useState<Mode>('connecting');
  const [picture, setPicture] = useState<string>();

  return (
    <section>
      <regime-widget
        ref={widget}
        symbol={symbol}
        timeframe="1h"
        apiUrl="https://example.com/api"
        wsUrl="https://example.com"
        theme={dark ? 'dark' : 'light'}
        pollInterval={30_000}
        onregime-update={(event) => setLast(event.detail)}
        onregime-connection={(event) => setMode(event.detail.mode)}
        onregime-alert={(event) => console.info('alert', event.detail.to)}
      />
      <p>
        {mode}: {last ? `${last.regime}, ADX ${last.adx.toFixed(1)}` : 'no data yet'}
      </p>
      <button type="button" onClick={() => setPicture(widget.current?.toDataURL({ scale: 2 }))}>
        Snapshot
      </button>
      {picture && <img src={picture} alt={`${symbol} regime`} />}
    </section>
  );
}
