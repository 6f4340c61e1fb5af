/**
 * What the element adds to the class Svelte compiles: read-only `mode`, `regime` and
 * `diagnostics`, read from the state the component registers on its host, and the PNG export.
 */
import type { Mode, RegimeUpdate } from '../contract/types.js';
import type { FeedDiagnostics } from '../feed/regime-feed.js';
import type { RegimeWidgetMembers, SnapshotOptions } from './api.js';
import { readingInEffect } from './defaults.js';
import { snapshot, snapshotPNG } from './snapshot.js';

/** The live state behind an element, as the component registers it. */
export interface HostView {
  readonly mode: Mode;
  readonly regime: RegimeUpdate | null;
  readonly diagnostics: FeedDiagnostics | { problem: string };
}

export const VIEW = Symbol('regime-widget view');

type HostWithView = HTMLElement & { [VIEW]?: HostView };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeScript's mixin rule demands any[].
export function extendElement<T extends new (...args: any[]) => HTMLElement>(Base: T) {
  return class RegimeWidgetElement extends readingInEffect(Base) implements RegimeWidgetMembers {
    /** `connecting`, `live`, `polling` or `offline`. */
    get mode(): Mode {
      return (this as HostWithView)[VIEW]?.mode ?? 'connecting';
    }

    /** The last accepted `RegimeUpdate`, or `null`. */
    get regime(): RegimeUpdate | null {
      return (this as HostWithView)[VIEW]?.regime ?? null;
    }

    /** What an integrator needs to file a bug: mode, URLs, namespace, transport, attempts, last errors. */
    get diagnostics(): HostView['diagnostics'] | null {
      return (this as HostWithView)[VIEW]?.diagnostics ?? null;
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

/** Registers the state behind a host element. */
export function setView(host: HTMLElement, view: HostView | undefined): void {
  (host as HostWithView)[VIEW] = view;
}
