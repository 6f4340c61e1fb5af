/**
 * What the elements add to the classes Svelte compiles: `<regime-widget>`'s read-only `mode`,
 * `regime` and `diagnostics` and its PNG export, `<regime-signals>`'s `mode` and `signals`, read
 * from the state each component registers on its host; both mount through the page's mount queue.
 */
import type { Mode, RegimeUpdate } from '../contract/types.js';
import type { FeedDiagnostics } from '../feed/regime-feed.js';
import type { RegimeSignal } from '../feed/signal-log.js';
import type { RegimeSignalsMembers, RegimeWidgetMembers, SnapshotOptions } from './api.js';
import { readingInEffect } from './defaults.js';
import { deferMount } from './deferred-mount.js';
import { keepRoom } from './placeholder.js';
import { snapshot, snapshotPNG } from './snapshot.js';

/** The live state behind an element, as the component registers it. */
export interface HostView {
  readonly mode: Mode;
  readonly regime: RegimeUpdate | null;
  readonly diagnostics: FeedDiagnostics | { problem: string };
}

/** The live state behind a `<regime-signals>`. */
export interface SignalsView {
  readonly mode: Mode;
  readonly signals: readonly RegimeSignal[];
}

export const VIEW = Symbol('regime-widget view');

type HostWithView = HTMLElement & { [VIEW]?: HostView | SignalsView };

const viewOf = <V extends HostView | SignalsView>(host: HTMLElement) =>
  (host as HostWithView)[VIEW] as V | undefined;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeScript's mixin rule demands any[].
export function extendElement<T extends new (...args: any[]) => HTMLElement>(Base: T) {
  return class RegimeWidgetElement
    extends deferMount(readingInEffect(Base), keepRoom)
    implements RegimeWidgetMembers
  {
    /** `connecting`, `live`, `polling` or `offline`. */
    get mode(): Mode {
      return viewOf<HostView>(this)?.mode ?? 'connecting';
    }

    /** The last accepted `RegimeUpdate`, or `null`. */
    get regime(): RegimeUpdate | null {
      return viewOf<HostView>(this)?.regime ?? null;
    }

    /** What an integrator needs to file a bug: mode, URLs, namespace, transport, attempts, last errors. */
    get diagnostics(): HostView['diagnostics'] | null {
      return viewOf<HostView>(this)?.diagnostics ?? null;
    }

    /** A PNG of the widget as shown, for reports and chat messages. */
    toPNG(options?: SnapshotOptions): Promise<Blob> {
      return snapshotPNG(this, options);
    }

    /** The same picture as `toPNG()`, as a data URL. */
    toDataURL(options?: SnapshotOptions): string {
      return snapshot(this, options).toDataURL('image/png');
    }
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeScript's mixin rule demands any[].
export function extendSignals<T extends new (...args: any[]) => HTMLElement>(Base: T) {
  return class RegimeSignalsElement
    extends deferMount(readingInEffect(Base))
    implements RegimeSignalsMembers
  {
    /** `connecting`, `live`, `polling` or `offline`: the least good of its keys'. */
    get mode(): Mode {
      return viewOf<SignalsView>(this)?.mode ?? 'connecting';
    }

    /** The rows shown, newest first. */
    get signals(): readonly RegimeSignal[] {
      return viewOf<SignalsView>(this)?.signals ?? [];
    }
  };
}

/** Registers the state behind a host element. */
export function setView(host: HTMLElement, view: HostView | SignalsView | undefined): void {
  (host as HostWithView)[VIEW] = view;
}
