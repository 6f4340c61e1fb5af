/**
 * The REST API (README, "The backend it needs"), answered from the store: the current regime,
 * its history, and health.
 */
import { Router, type Request, type Response } from 'express';
import { checkKey, type RegimeHistory, type SubscriptionKey } from '../../../src/contract/index.js';
import type { FaultState } from '../fault-state.js';
import { REFUSAL_STATUS, type KeyOpener } from '../key-opener.js';
import { HISTORY_CAP, StoreUnavailableError, type RegimeStore } from '../store/store.js';
import { sendError } from './errors.js';
import { sendBody } from './rest-faults.js';

/** Points in a history answer when the request names no `limit`. */
export const DEFAULT_HISTORY_LIMIT = 120;

export interface RegimeRoutesOptions {
  store: RegimeStore;
  /** Creates keys on demand (the demo market). */
  opener?: KeyOpener;
  faults?: FaultState;
  /** When the server started, epoch ms. */
  startedAt: number;
  /** Socket.IO clients connected to this node now. */
  clients: () => number;
  /** Sockets of this node subscribed per key now. */
  subscriptions: () => Record<string, number>;
}

/** `GET /regime`, `GET /regime/history`, `GET /health`. */
export function regimeRoutes(options: RegimeRoutesOptions): Router {
  const { store, opener, faults } = options;
  const router = Router();

  /** The query's key once it may be served, or an error answer (and `undefined`). */
  const keyFor = async (req: Request, res: Response): Promise<SubscriptionKey | undefined> => {
    const key = checkKey(req.query);
    if (!key.ok) {
      sendError(res, 400, 'bad_request', key.reason);
      return undefined;
    }
    const opened = await opener?.open(key.value, req.ip ?? '');
    if (opened && !opened.ok) {
      sendError(res, REFUSAL_STATUS[opened.code], opened.code, opened.message);
      return undefined;
    }
    return key.value;
  };

  router.get('/regime', async (req, res) => {
    const key = await keyFor(req, res);
    if (!key) return;
    const current = await store.current(key);
    if (!current) return sendUnknown(res, key);
    sendBody(res, faults, current);
  });

  router.get('/regime/history', async (req, res) => {
    const limit = parseLimit(req.query.limit);
    if (limit === undefined) {
      return sendError(
        res,
        400,
        'bad_request',
        `limit must be a whole number from 1 (at most ${HISTORY_CAP} are sent)`,
      );
    }
    const key = await keyFor(req, res);
    if (!key) return;
    const points = await store.history(key, limit);
    if (points.length === 0) return sendUnknown(res, key);
    const body: RegimeHistory = { ...key, points };
    sendBody(res, faults, body);
  });

  router.get('/health', async (_req, res) => {
    const node = {
      uptimeS: Math.floor((Date.now() - options.startedAt) / 1000),
      clients: options.clients(),
      subscriptions: options.subscriptions(),
      store: store.kind,
    };
    try {
      sendBody(res, faults, { status: 'ok', keys: await store.size(), ...node });
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      res
        .status(503)
        .json({ status: 'unavailable', error: { code: 'unavailable', message: error.message }, ...node });
    }
  });

  return router;
}

function sendUnknown(res: Response, key: SubscriptionKey): void {
  sendError(res, 404, 'not_found', `no regime for ${key.symbol} ${key.timeframe} yet`);
}

/** The `limit` of a history request, capped at HISTORY_CAP; `undefined` when it is not a whole number >= 1. */
export function parseLimit(raw: unknown): number | undefined {
  if (raw === undefined) return DEFAULT_HISTORY_LIMIT;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || Number(raw) < 1) return undefined;
  return Math.min(Number(raw), HISTORY_CAP);
}
