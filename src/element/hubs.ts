/** The page's shared connections and polls: every widget of this script uses the same two hubs. */
import { RestHub } from '../feed/rest-hub.js';
import { SocketHub } from '../feed/socket-hub.js';

export interface PageHubs {
  sockets: SocketHub;
  rest: RestHub;
}

let hubs: PageHubs | undefined;

export function pageHubs(): PageHubs {
  hubs ??= { sockets: new SocketHub(), rest: new RestHub() };
  return hubs;
}

/** Replaces the page's hubs (tests pass hubs over fakes); widgets created later use them. */
export function setPageHubs(next: PageHubs | undefined): void {
  hubs = next;
}
