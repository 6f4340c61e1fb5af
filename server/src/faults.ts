/**
 * Faults the reference server can be told to show, for the demo's buttons, the end-to-end tests and
 * the doctor's tests. Every field at its default is a healthy server.
 */
export interface Faults {
  /** `refuse`: every socket is disconnected and new handshakes are refused (allowRequest says no). */
  socket: 'ok' | 'refuse';
  /** The `/signals` namespace is absent: clients get `Invalid namespace`; the root namespace `/` serves the protocol. */
  noNamespace: boolean;
  /** allowRequest refuses every origin, as a server whose allow-list lacks the page's origin. */
  refuseOrigin: boolean;
  /** Middleware on the namespace refuses every client with `new Error('unauthorized')`. */
  authRefuse: boolean;
  /** The server ignores `subscribe` (no ack) and broadcasts every key to every client. */
  broadcast: boolean;
  /** `error`: 503 JSON error; `slow`: answers after `slowMs`; `bad-shape`: 200 with a body that is not the contract's; `invalid-json`: 200 with a body that is not JSON. */
  rest: 'ok' | 'error' | 'slow' | 'bad-shape' | 'invalid-json';
  slowMs: number;
}

export const HEALTHY: Faults = {
  socket: 'ok',
  noNamespace: false,
  refuseOrigin: false,
  authRefuse: false,
  broadcast: false,
  rest: 'ok',
  slowMs: 3000,
};
