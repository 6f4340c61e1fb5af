/**
 * The page the feed runs in, as far as its retries care: whether it is hidden, and the moments to
 * try again at once (the page is shown, the browser is back online). Tests pass a fake.
 */

/** The page's visibility and connectivity. */
export interface BrowserPage {
  hidden(): boolean;
  /** Calls `onVisible` when the page is shown and `onOnline` when the browser is back online; returns the undo. */
  listen(onVisible: () => void, onOnline: () => void): () => void;
}

/**
 * The browser's page, when there is one (none in Node).
 * @example const page = browserPage(); const stop = page?.listen(refreshNow, retryNow);
 */
export function browserPage(): BrowserPage | undefined {
  if (typeof document === 'undefined' || typeof window === 'undefined') return undefined;
  return {
    hidden: () => document.visibilityState === 'hidden',
    listen(onVisible, onOnline) {
      const visibility = () => {
        if (document.visibilityState === 'visible') onVisible();
      };
      document.addEventListener('visibilitychange', visibility);
      window.addEventListener('online', onOnline);
      return () => {
        document.removeEventListener('visibilitychange', visibility);
        window.removeEventListener('online', onOnline);
      };
    },
  };
}
