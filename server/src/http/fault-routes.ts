/**
 * Fault control, for the demo page and the tests only: `GET /_faults`, `POST /_faults` with a partial
 * `Faults`, `POST /_faults/reset`. Each answers the faults now in force.
 */
import express, { Router } from 'express';
import { checkFaultPatch, type FaultState } from '../fault-state.js';
import { sendError } from './errors.js';

export function faultRoutes(faults: FaultState): Router {
  const router = Router();

  router.get('/_faults', (_req, res) => {
    res.json(faults.get());
  });

  router.post('/_faults', express.json(), (req, res) => {
    const patch = checkFaultPatch(req.body);
    if (!patch.ok) return sendError(res, 400, 'bad_request', patch.reason);
    faults.set(patch.value);
    res.json(faults.get());
  });

  router.post('/_faults/reset', (_req, res) => {
    faults.reset();
    res.json(faults.get());
  });

  return router;
}
