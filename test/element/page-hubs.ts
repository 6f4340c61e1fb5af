/**
 * The page's hubs over fakes for an element test: REST through the `fetch` given, sockets through a
 * fake `open` the test drives; console.warn muted. Widgets created afterwards use them.
 */
import { vi } from 'vitest';
import { setPageHubs } from '../../src/element/hubs.js';
import { RestHub } from '../../src/feed/rest-hub.js';
import { SocketHub } from '../../src/feed/socket-hub.js';
import { fakeOpen, loggerSpy } from '../fakes/index.js';

/** Call in `beforeEach`; returns the fake `open`. */
export function useFakePageHubs(fetch: (input: string | URL | Request) => Promise<Response>) {
  const logger = loggerSpy();
  const open = fakeOpen();
  setPageHubs({
    rest: new RestHub({ fetch: fetch as unknown as typeof globalThis.fetch, logger }),
    sockets: new SocketHub({ open: open.open, logger, random: () => 0.5 }),
  });
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  return open;
}

/** Call in `afterEach`: the page emptied, its hubs back to the real ones. */
export function releasePageHubs(): void {
  document.body.innerHTML = '';
  setPageHubs(undefined);
}
