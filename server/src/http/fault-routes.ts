/**
 * Fault control, for the demo page and the tests only, and only when the server is started with it:
 * `GET /_faults`, `POST /_faults` with a partial `Faults`, `POST /_faults/reset`. Each answers the faults
 * now in force. A change must come as JSON (never a simple request a foreign page can send) from an
 * allowed Origin, and every request must name one of the server's own hosts (no DNS rebinding).
 */
import express, { Router, type RequestHandler } from 'express';
import type { OriginAllowList } from '../cors.js';
import { checkFaultPatch, type FaultState } from '../fault-state.js';
import { sendError } from './errors.js';

/** 403 unless the Host header is one the allow-list knows (its own origins among them). */
export function ownHost(allowList: OriginAllowList): RequestHandler {
  return (req, res, next) => {
    const host = req.get('host') ?? '';
    if (allowList.allowsHost(host)) return next();
    sendError(res, 403, 'forbidden', `host ${JSON.stringify(host)} is not this server`);
  };
}

/** A state change: JSON (415 otherwise) from an allowed Origin (403 otherwise, or without one). */
export function jsonFromAllowedOrigin(allowList: OriginAllowList): RequestHandler {
  return (req, res, next) => {
    const origin = req.get('origin');
    if (!allowList.allows(origin)) {
      return sendError(res, 403, 'forbidden', `origin ${origin ?? '(none)'} may not change faults`);
    }
    if (!req.is('application/json')) {
      return sendError(res, 415, 'unsupported_media_type', 'send fault changes as application/json');
    }
    next();
  };
}

export function faultRoutes(faults: FaultState, allowList: OriginAllowList): Router {
  const router = Router();
  const change = [ownHost(allowList), jsonFromAllowedOrigin(allowList), express.json()];

  router.get('/_faults', ownHost(allowList), (_req, res) => {
    res.json(faults.get());
  });

  router.post('/_faults', ...change, (req, res) => {
    const patch = checkFaultPatch(req.body);
    if (!patch.ok) return sendError(res, 400, 'bad_request', patch.reason);
    faults.set(patch.value);
    res.json(faults.get());
  });

  router.post('/_faults/reset', ...change, (_req, res) => {
    faults.reset();
    res.json(faults.get());
  });

  return router;
}
