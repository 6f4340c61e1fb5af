/**
 * The REST API of the contract (CONTRACT.md section 3): the current regime, its history, and health.
 */
import { Router, type Request, type Response } from 'express';
import { checkKey, type RegimeHistory } from '../../../src/contract/index.js';
import type { FaultState } from '../fault-state.js';
import type { Market } from '../market/market.js';
import { HISTORY_CAP, type RegimeSeries } from '../market/series.js';
import { sendError } from './errors.js';
import { sendBody } from './rest-faults.js';

/** Points in a history answer when the request names no `limit`. */
export const DEFAULT_HISTORY_LIMIT = 120;

export interface RegimeRoutesOptions {
  market: Market;
  faults: FaultState;
  /** When the server started, epoch ms. */
  startedAt: number;
  /** Socket.IO clients connected now. */
  clients: () => number;
  /** Sockets subscribed per key now. */
  subscriptions: () => Record<string, number>;
}

/** `GET /regime`, `GET /regime/history`, `GET /health`. */
export function regimeRoutes({
  market,
  faults,
  startedAt,
  clients,
  subscriptions,
}: RegimeRoutesOptions): Router {
  const router = Router();

  /** The series of the query's key, or an error answer (and `undefined`). */
  const seriesFor = (req: Request, res: Response): RegimeSeries | undefined => {
    const key = checkKey(req.query);
    if (!key.ok) {
      sendError(res, 400, 'bad_request', key.reason);
      return undefined;
    }
    const opened = market.open(key.value);
    if (!opened.ok) {
      sendError(res, opened.code === 'not_found' ? 404 : 503, opened.code, opened.message);
      return undefined;
    }
    market.touch(key.value);
    return opened.series;
  };

  router.get('/regime', (req, res) => {
    const series = seriesFor(req, res);
    if (series) sendBody(res, faults, series.current);
  });

  router.get('/regime/history', (req, res) => {
    const limit = parseLimit(req.query.limit);
    if (limit === undefined) {
      return sendError(
        res,
        400,
        'bad_request',
        `limit must be a whole number from 1 (at most ${HISTORY_CAP} are sent)`,
      );
    }
    const series = seriesFor(req, res);
    if (!series) return;
    const body: RegimeHistory = { ...series.key, points: series.history(limit) };
    sendBody(res, faults, body);
  });

  router.get('/health', (_req, res) => {
    const uptimeS = Math.floor((Date.now() - startedAt) / 1000);
    sendBody(res, faults, {
      status: 'ok',
      uptimeS,
      keys: market.size,
      clients: clients(),
      subscriptions: subscriptions(),
    });
  });

  return router;
}

/** The `limit` of a history request, capped at HISTORY_CAP; `undefined` when it is not a whole number >= 1. */
export function parseLimit(raw: unknown): number | undefined {
  if (raw === undefined) return DEFAULT_HISTORY_LIMIT;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || Number(raw) < 1) return undefined;
  return Math.min(Number(raw), HISTORY_CAP);
}
