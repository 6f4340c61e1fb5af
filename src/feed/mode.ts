/**
 * The connection mode is derived, never stored: it follows from what the socket and REST last
 * said, and from whether the socket's grace period at start is over.
 */
import type { Mode } from '../contract/types.js';

/** The socket's part: not configured, not yet answered, connected and subscribed, or failed. */
export type SocketPart = 'none' | 'pending' | 'live' | 'down';
/** REST's part: not configured, no answer yet, its last answer was good, or its last answer failed. */
export type RestPart = 'none' | 'pending' | 'ok' | 'failing';

/**
 * How long the badge may say "connecting" while the socket has not answered. After that a widget
 * whose REST answers is `polling` even if the socket is still trying (a black-holed port).
 */
export const SOCKET_GRACE_MS = 1000;

/**
 * @example deriveMode('down', 'ok', true) // 'polling'
 */
export function deriveMode(socket: SocketPart, rest: RestPart, graceOver: boolean): Mode {
  if (socket === 'live') return 'live';
  const awaitingSocket = socket === 'pending' && (!graceOver || rest === 'none');
  if (awaitingSocket || rest === 'pending') return 'connecting';
  return rest === 'ok' ? 'polling' : 'offline';
}
