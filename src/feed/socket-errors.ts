/** The message of a Socket.IO server's `connect_error` for a namespace it does not serve. */
export const INVALID_NAMESPACE = 'Invalid namespace';
/** What python-socketio says instead, as plain string data. */
export const UNABLE_TO_CONNECT = 'Unable to connect';
/** The message of a refusal that gave no words (no data, or an object without `message`). */
export const NO_REASON = 'refused without a reason';

/** The most characters of a server's words (an error message, code or description) the widget passes on to a tooltip or warning. */
export const REASON_MAX_CHARS = 200;

/**
 * A server's words, cut to REASON_MAX_CHARS.
 * @example capReason('x'.repeat(1000)).length // 200
 */
export function capReason(words: string): string {
  return words.length > REASON_MAX_CHARS ? `${words.slice(0, REASON_MAX_CHARS - 1)}\u2026` : words;
}

/** Whether the server said it does not serve the namespace, in Node's words or python-socketio's. */
export function isUnknownNamespace(info: SocketErrorInfo): boolean {
  return info.message === INVALID_NAMESPACE || info.message === UNABLE_TO_CONNECT;
}

/** How socket.io-client begins its error for a Socket.IO 2 server, which no namespace can fix. */
const SOCKET_IO_V2 = 'It seems you are trying to reach a Socket.IO server in v2.x';

/** Whether the server speaks Socket.IO 2, which a v4 client cannot: no other namespace will do. */
export function isSocketIoV2(info: SocketErrorInfo): boolean {
  return info.message.startsWith(SOCKET_IO_V2);
}

/** What a socket failure was, in words an integrator can act on. */
export interface SocketErrorInfo {
  /** The error's message: `websocket error`, `timeout`, `Invalid namespace`, a middleware's message. */
  message: string;
  /** A code when the server or the transport gave one. */
  code?: string;
  /** The transport's description: an HTTP status, a close code, an event type. */
  description?: string;
  /** `transport` (nothing answered, or it broke), `refused` (the server said no), `timeout`, `disconnect`. */
  kind: 'transport' | 'refused' | 'timeout' | 'disconnect';
}

function describe(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number') return capReason(String(value));
  if (typeof value === 'object') {
    const obj = value as { message?: unknown; type?: unknown; code?: unknown };
    if (typeof obj.message === 'string' && obj.message) return capReason(obj.message);
    if (typeof obj.code === 'number' || typeof obj.code === 'string')
      return `code ${capReason(String(obj.code))}`;
    if (typeof obj.type === 'string') return capReason(obj.type);
  }
  return undefined;
}

/**
 * Reads a `connect_error` from socket.io-client, whatever its shape; a refusal's words come in as
 * the message (socket-io.ts makes python-socketio's plain string one).
 * @example socketErrorInfo(new Error('Invalid namespace')) // { message: 'Invalid namespace', kind: 'refused' }
 */
export function socketErrorInfo(error: unknown): SocketErrorInfo {
  const err = (error ?? {}) as {
    message?: unknown;
    type?: unknown;
    description?: unknown;
    code?: unknown;
    data?: unknown;
  };
  const text = typeof err.message === 'string' ? capReason(err.message) : '';
  const data = err.data as { code?: unknown; message?: unknown } | undefined;
  const rawCode =
    typeof err.code === 'string' || typeof err.code === 'number'
      ? err.code
      : typeof data?.code === 'string' || typeof data?.code === 'number'
        ? data.code
        : undefined;
  const code = rawCode === undefined ? undefined : capReason(String(rawCode));
  const description = describe(err.description) ?? describe(data?.message);
  const kind = err.type === 'TransportError' ? 'transport' : text === 'timeout' ? 'timeout' : 'refused';
  const message = text || (kind === 'refused' ? NO_REASON : 'the connection failed');
  return {
    message,
    kind,
    ...(code !== undefined && { code }),
    ...(description !== undefined && { description }),
  };
}

/** One line for a warning or a tooltip: `websocket error (description: 403)`. */
export function formatSocketError(info: SocketErrorInfo): string {
  const extra = [
    info.code !== undefined ? `code: ${info.code}` : '',
    info.description !== undefined ? `description: ${info.description}` : '',
  ].filter(Boolean);
  return extra.length ? `${info.message} (${extra.join(', ')})` : info.message;
}
