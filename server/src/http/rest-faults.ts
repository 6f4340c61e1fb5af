/**
 * The REST faults (`Faults.rest`): a 503, a slow answer, a body of the wrong shape, or one that is not
 * JSON at all.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { RequestHandler, Response } from 'express';
import type { FaultState } from '../fault-state.js';
import { sendError } from './errors.js';

/**
 * Runs before the REST routes: `error` answers 503, `slow` waits `slowMs` first. `closing` aborts the
 * wait when the server shuts down.
 */
export function restFaults(faults: FaultState, closing: AbortSignal): RequestHandler {
  return async (_req, res, next) => {
    const { rest, slowMs } = faults.get();
    if (rest === 'error') return sendError(res, 503, 'unavailable', 'the REST API is down (demo fault)');
    if (rest === 'slow') {
      try {
        await sleep(slowMs, undefined, { signal: closing });
      } catch {
        return; // shutting down: the connection is being closed
      }
    }
    next();
  };
}

/**
 * Sends a 200 body, unless a fault says to spoil it: `bad-shape` wraps it in `{ data }` (a common
 * mismatch between a backend and a client), `invalid-json` cuts it in half.
 */
export function sendBody(res: Response, faults: FaultState | undefined, body: object): void {
  const rest = faults?.get().rest;
  if (rest === 'bad-shape') {
    res.json({ data: body });
  } else if (rest === 'invalid-json') {
    const json = JSON.stringify(body);
    res.type('application/json').send(json.slice(0, Math.ceil(json.length / 2)));
  } else {
    res.json(body);
  }
}
