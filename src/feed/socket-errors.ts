/** The message of a Socket.IO server's `connect_error` for a namespace it does not serve. */
export const INVALID_NAMESPACE = 'Invalid namespace';

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
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (typeof value === 'object') {
    const obj = value as { message?: unknown; type?: unknown; code?: unknown };
    if (typeof obj.message === 'string' && obj.message) return obj.message;
    if (typeof obj.code === 'number' || typeof obj.code === 'string') return `code ${String(obj.code)}`;
    if (typeof obj.type === 'string') return obj.type;
  }
  return undefined;
}

/** Reads a `connect_error` from socket.io-client, whatever its shape. */
export function socketErrorInfo(error: unknown): SocketErrorInfo {
  const err = (error ?? {}) as {
    message?: unknown;
    type?: unknown;
    description?: unknown;
    code?: unknown;
    data?: unknown;
  };
  const message = typeof err.message === 'string' && err.message ? err.message : 'unknown error';
  const data = err.data as { code?: unknown; message?: unknown } | undefined;
  const code =
    typeof err.code === 'string' || typeof err.code === 'number'
      ? String(err.code)
      : typeof data?.code === 'string' || typeof data?.code === 'number'
        ? String(data.code)
        : undefined;
  const description = describe(err.description) ?? describe(data?.message);
  const kind = err.type === 'TransportError' ? 'transport' : message === 'timeout' ? 'timeout' : 'refused';
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
