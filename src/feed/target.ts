/**
 * Where a feed gets its data, as the widget's attributes name it and as the doctor checks it: the
 * defaults, the rules for a namespace and a path, and the id under which connections are shared.
 * The element and the doctor both read these rules from here, so both mean the same server.
 */
import type { SubscriptionKey } from '../contract/types.js';

/** The defaults of the attributes that say where the data comes from and how much of it. */
export const DEFAULTS = {
  wsNamespace: '/signals',
  wsPath: '/socket.io',
  pollInterval: 15000,
  history: 120,
} as const;

/** Where a socket connection goes. */
export interface SocketTarget {
  /** The server's URL, absolute, without a trailing slash. */
  url: string;
  /** The Socket.IO path, as `socketPath` gives it. */
  path: string;
  /** The namespace, with its leading slash. */
  namespace: string;
  /** The namespace was set by the integrator: no fallback to `/` when it is refused. */
  namespaceExplicit: boolean;
}

/** What a feed shows and where it gets it. */
export interface FeedTarget extends SubscriptionKey {
  /** Absolute REST base URL, or none. */
  apiUrl?: string;
  /** The socket to use, or none for API-only. */
  socket?: SocketTarget;
}

/** An Engine.IO transport: the WebSocket, or HTTP long-polling when the WebSocket cannot pass. */
export type Transport = 'websocket' | 'polling';

/**
 * `text` without its trailing slashes. A loop, not `/\/+$/`: that regex is quadratic on a long run
 * of slashes followed by another character.
 * @example withoutTrailingSlashes('https://example.com/api//') // 'https://example.com/api'
 */
export function withoutTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 47) end--;
  return text.slice(0, end);
}

/**
 * A namespace as `ws-namespace` may give it (`signals`) as Socket.IO names it (`/signals`).
 * @example withLeadingSlash('signals') // '/signals'
 */
export function withLeadingSlash(namespace: string): string {
  return namespace.startsWith('/') ? namespace : `/${namespace}`;
}

/**
 * A Socket.IO path as `ws-path` (or the doctor's `--path`) may give it, as the client must use it:
 * with its leading slash and without trailing ones, so `socket.io` never becomes
 * `ws://host:portsocket.io/`. `undefined` when nothing is left: the caller's default applies.
 * @example socketPath(' socket.io/ ') // '/socket.io'
 */
export function socketPath(raw: string): string | undefined {
  const path = withoutTrailingSlashes(raw.trim());
  return path ? withLeadingSlash(path) : undefined;
}

/**
 * The id under which a connection is shared: by URL and path, then by namespace and transports
 * when given. socket.io-client's Managers are cached under `{ url, path, transports }` (one
 * Engine.IO connection), the hub's connections under `{ url, path, namespace }`.
 * @example connectionId({ url: 'https://example.com', path: '/socket.io', transports: ['websocket'] })
 * // 'https://example.com|/socket.io|websocket'
 */
export function connectionId(where: {
  url: string;
  path: string;
  namespace?: string;
  transports?: readonly Transport[];
}): string {
  const parts = [where.url, where.path];
  if (where.namespace !== undefined) parts.push(where.namespace);
  if (where.transports !== undefined) parts.push(where.transports.join(','));
  return parts.join('|');
}
