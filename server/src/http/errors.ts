/**
 * The error body of every non-2xx answer under `/api`: `{ error: { code, message } }`.
 */
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { ApiError } from '../../../src/contract/index.js';

/** Sends `{ error: { code, message } }` with a status. */
export function sendError(res: Response, status: number, code: string, message: string): void {
  const body: ApiError = { error: { code, message } };
  res.status(status).json(body);
}

/** The last handler under `/api`: an unknown route is a JSON 404, not Express's HTML page. */
export const apiNotFound: RequestHandler = (req, res) => {
  sendError(res, 404, 'not_found', `no such endpoint: ${req.method} ${req.baseUrl}${req.path}`);
};

/** Turns thrown errors into the error body: a client's mistake (such as bad JSON) is a 4xx, the rest a 500. */
export function apiErrors(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const status = (err as { status?: unknown } | null)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const message = (err as { message?: unknown }).message;
      return sendError(res, status, 'bad_request', typeof message === 'string' ? message : 'bad request');
    }
    log.error({ err, method: req.method, url: req.originalUrl }, 'request failed');
    sendError(res, 500, 'internal', 'internal server error');
  };
}
