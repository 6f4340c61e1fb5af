/**
 * `POST /ingest`: how a regime source feeds the served backend. A bearer token, compared in constant
 * time and checked before the body is read; a JSON body of at most 1 MB, one `RegimeUpdate` or an
 * array of them, checked in full before anything is stored.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import express, { Router, type RequestHandler } from 'express';
import { INGEST_LIMIT_BYTES, type Ingest } from '../ingest.js';
import { sendError } from './errors.js';

/** SHA-256 first, so the comparison takes as long whatever the length of what was sent. */
function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Lets a request on when it carries `Authorization: Bearer <token>`; 401 otherwise, or always without a token. */
export function bearerToken(token: string | undefined): RequestHandler {
  const expected = token ? digest(token) : undefined;
  return (req, res, next) => {
    const given = /^Bearer +(\S+) *$/i.exec(req.get('authorization') ?? '')?.[1];
    if (expected && given !== undefined && timingSafeEqual(digest(given), expected)) return next();
    res.set('WWW-Authenticate', 'Bearer realm="ingest"');
    const message = expected
      ? 'ingest needs Authorization: Bearer <INGEST_TOKEN>'
      : 'ingest is closed: the server was started without INGEST_TOKEN';
    sendError(res, 401, 'unauthorized', message);
  };
}

/**
 * @example app.use('/api', ingestRoutes(ingest, process.env.INGEST_TOKEN));
 */
export function ingestRoutes(ingest: Ingest, token: string | undefined): Router {
  const router = Router();
  router.post(
    '/ingest',
    bearerToken(token),
    (req, res, next) => {
      if (req.is('application/json')) return next();
      sendError(res, 400, 'bad_request', 'send the updates as JSON, with Content-Type: application/json');
    },
    express.json({ limit: INGEST_LIMIT_BYTES }),
    async (req, res) => {
      const outcome = await ingest.accept(req.body);
      if (outcome.status === 'invalid') return sendError(res, 400, 'invalid_update', outcome.message);
      if (outcome.status === 'unavailable') return sendError(res, 503, 'unavailable', outcome.message);
      res.status(202).json({ accepted: outcome.accepted, stale: outcome.stale });
    },
  );
  return router;
}
