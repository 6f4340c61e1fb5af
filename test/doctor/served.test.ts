/**
 * The doctor against the served backend (`npm run serve`), as an integrator runs it after a deploy:
 * one node in memory, and node B of two on one Redis, fed on node A. Both say live and exit 0.
 */
import { describe, it } from 'vitest';
import { startBackend, type Backend, type BackendOptions } from '../../server/src/backend.js';
import { startRedis } from '../../scripts/redis-server.js';
import { diagnose, LOADED_MACHINE_MS, type Cleanup } from './run.js';

const TOKEN = 'doctor-test-token';
const ORIGIN = 'https://shop.example';

async function served(cleanup: Cleanup, options: BackendOptions = {}): Promise<Backend> {
  const node = await startBackend({
    port: 0,
    logLevel: 'silent',
    ingestToken: TOKEN,
    corsOrigins: [ORIGIN],
    ...options,
  });
  cleanup(() => node.close());
  return node;
}

/** What the integrator's source does: POST /api/ingest with the token. */
async function feed(node: Backend): Promise<void> {
  const response = await fetch(`${node.url}/api/ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      symbol: 'BTCUSDT',
      timeframe: '1h',
      regime: 'trend_up',
      adx: 31.4,
      atrPct: 0.0156,
      timestamp: Date.now(),
    }),
  });
  if (response.status !== 202) throw new Error(`ingest answered ${response.status}`);
}

describe.concurrent('doctor: the served backend', { timeout: LOADED_MACHINE_MS }, () => {
  const args = (node: Backend) => ['--ws', node.url, '--api', `${node.url}/api`, '--origin', ORIGIN];

  it('one node fed over ingest: live, exit 0', async ({ expect, onTestFinished }) => {
    const node = await served(onTestFinished);
    await feed(node);
    const run = await diagnose(args(node));
    expect(run.code).toBe(0);
    expect(run.report.verdict).toMatchObject({ mode: 'live', exitCode: 0, failed: [] });
    expect(run.check('regime').data?.update).toMatchObject({ regime: 'trend_up', adx: 31.4 });
  });

  it('node B of two on Redis, fed on node A: live, exit 0', async ({ expect, onTestFinished }) => {
    const redis = await startRedis();
    onTestFinished(() => redis.stop());
    const a = await served(onTestFinished, { redisUrl: redis.url });
    const b = await served(onTestFinished, { redisUrl: redis.url });
    await feed(a);
    const run = await diagnose(args(b));
    expect(run.code).toBe(0);
    expect(run.report.verdict).toMatchObject({ mode: 'live', exitCode: 0, failed: [] });
    expect(run.check('rest-regime').data).toMatchObject({ status: 200, allowOrigin: ORIGIN });
  });

  it('a node fed nothing yet: not live, and says why', async ({ expect, onTestFinished }) => {
    const node = await served(onTestFinished);
    const run = await diagnose([...args(node), '--timeout', '2s']);
    expect(run.code).not.toBe(0);
    expect(run.check('rest-regime').status).toBe('fail');
  });
});
