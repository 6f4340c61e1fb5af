/**
 * The origins allowed to call the REST API and open sockets from a browser.
 */
import { networkInterfaces } from 'node:os';

/** The widget's dev server (3003) and Vite's default port (5173), by both loopback names. */
export const DEV_ORIGINS: readonly string[] = [
  'http://localhost:3003',
  'http://127.0.0.1:3003',
  'http://localhost:5173',
  'http://127.0.0.1:5173',
];

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARD = ['0.0.0.0', '::', ''];

/** A host as it goes into a URL: IPv6 literals in brackets. */
export function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * The origins of the server itself: the page's own WebSocket handshake always carries an Origin. On a
 * loopback address a browser may use any loopback name; on a wildcard address, any of the machine's.
 */
export function ownOrigins(host: string, port: number): string[] {
  const name = urlHost(host);
  let names = [name];
  if (LOOPBACK.includes(name)) names = LOOPBACK;
  if (WILDCARD.includes(host)) {
    const addresses = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
    names = [...LOOPBACK, ...addresses.map((a) => urlHost(a.address))];
  }
  return [...new Set(names)].map((n) => `http://${n}:${port}`);
}

/** Parses `CORS_ORIGINS`: comma-separated origins; throws on an entry that is not an http(s) origin. */
export function parseOrigins(list: string): string[] {
  return list
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const url = URL.canParse(entry) ? new URL(entry) : undefined;
      const bare = url && url.pathname === '/' && !url.search && !url.hash && !url.username;
      if (!url || !bare || !['http:', 'https:'].includes(url.protocol)) {
        throw new Error(`CORS origin ${entry} is not an origin such as https://example.com`);
      }
      return url.origin;
    });
}

/**
 * @example const allow = new OriginAllowList(DEV_ORIGINS); allow.allows('http://localhost:5173'); // true
 */
export class OriginAllowList {
  #origins: Set<string>;

  constructor(origins: Iterable<string>) {
    this.#origins = new Set(origins);
  }

  /** Adds origins, such as the server's own once its port is known. */
  add(origins: Iterable<string>): void {
    for (const origin of origins) this.#origins.add(origin);
  }

  /** Whether a request's Origin header is on the list; a missing Origin is not. */
  allows(origin: string | undefined): boolean {
    return origin !== undefined && this.#origins.has(origin);
  }

  /** Whether a Host header names the host of an allowed origin: `127.0.0.1:4202` for `http://127.0.0.1:4202`. */
  allowsHost(host: string): boolean {
    const name = host.toLowerCase();
    return this.#origins.has(`http://${name}`) || this.#origins.has(`https://${name}`);
  }

  /** The origins, for the startup log. */
  list(): string[] {
    return [...this.#origins];
  }
}
