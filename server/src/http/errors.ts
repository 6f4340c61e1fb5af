/**
 * The error body of every non-2xx answer under `/api`: `{ error: { code, message } }`.
 */
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { ApiError } from '../../../src/contract/index.js';
import { StoreUnavailableError } from '../store/store.js';

/** Sends `{ error: { code, message } }` with a status. */
export function sendError(res: Response, status: number, code: string, message: string): void {
  const body: ApiError = { error: { code, message } };
  res.status(status).json(body);
}

/** The last handler under `/api`: an unknown route is a JSON 404, not Express's HTML page. */
export const apiNotFound: RequestHandler = (req, res) => {
  sendError(res, 404, 'not_found', `no such endpoint: ${req.method} ${req.baseUrl}${req.path}`);
};

/**
 * Turns thrown errors into the error body: a body over the limit is a 413, another client mistake
 * (such as bad JSON) a 400, a lost store a 503, the rest a 500.
 */
export function apiErrors(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof StoreUnavailableError) return sendError(res, 503, 'unavailable', err.message);
    const { status, type, message } = (err ?? {}) as { status?: unknown; type?: unknown; message?: unknown };
    if (type === 'entity.too.large') {
      return sendError(
        res,
        413,
        'too_large',
        typeof message === 'string' ? message : 'request entity too large',
      );
    }
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return sendError(res, status, 'bad_request', typeof message === 'string' ? message : 'bad request');
    }
    log.error({ err, method: req.method, url: req.originalUrl }, 'request failed');
    sendError(res, 500, 'internal', 'internal server error');
  };
}
