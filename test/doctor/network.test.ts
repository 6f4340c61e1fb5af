/**
 * The doctor against network failures: a black-holed port (accepts, never answers) and a closed
 * one. Each check is bounded by --timeout, so these finish in about two timeouts.
 */
import { describe, it } from 'vitest';
import { blackHole, closedPort, diagnose, LOADED_MACHINE_MS, referenceServer, statuses } from './run.js';

describe('doctor: network failures', { timeout: LOADED_MACHINE_MS }, () => {
  it('black-holed socket port: TCP passes, the handshake and the WebSocket time out: polling, exit 1', async ({
    expect,
    onTestFinished,
  }) => {
    const [hole, server] = await Promise.all([blackHole(onTestFinished), referenceServer(onTestFinished)]);
    const run = await diagnose(['--ws', hole, '--api', `${server.url}/api`, '--timeout', '1s']);
    expect(run.code).toBe(1);
    expect(run.report.verdict).toMatchObject({
      mode: 'polling',
      exitCode: 1,
      failed: ['handshake', 'websocket'],
    });
    expect(run.check('ws-dns-tcp').status).toBe('pass');
    expect(run.check('handshake').evidence).toMatch(/no answer within 1 s/);
    expect(run.check('websocket').evidence).toMatch(/no connection within 1 s/);
    expect(run.check('handshake').ms).toBeLessThan(2500);
    // Two timeouts of 1 s, the REST checks beside them, and Node's start.
    expect(run.ms).toBeLessThan(10_000);
  });

  it('closed port for both: TCP fails, everything after it is skipped: offline, exit 2', async ({
    expect,
  }) => {
    const closed = await closedPort();
    const run = await diagnose(['--ws', closed, '--api', `${closed}/api`, '--timeout', '1s']);
    expect(run.code).toBe(2);
    expect(run.report.verdict).toMatchObject({
      mode: 'offline',
      exitCode: 2,
      failed: ['ws-dns-tcp', 'api-dns-tcp'],
    });
    expect(run.check('ws-dns-tcp').evidence).toContain('connection refused');
    expect(run.check('ws-dns-tcp').fix).toMatch(/Nothing listens on 127\.0\.0\.1:\d+/);
    const skipped = Object.entries(statuses(run.report)).filter(([, status]) => status === 'skip');
    expect(skipped.map(([id]) => id)).toEqual([
      'handshake',
      'websocket',
      'namespace',
      'subscribe',
      'regime',
      'other-keys',
      'rest-regime',
      'rest-history',
      'rest-health',
    ]);
    expect(run.check('handshake').evidence).toBe('ws-dns-tcp failed: no TCP connection');
  });

  it('black hole everywhere: REST times out too: offline, exit 2', async ({ expect, onTestFinished }) => {
    const hole = await blackHole(onTestFinished);
    const run = await diagnose(['--ws', hole, '--api', `${hole}/api`, '--timeout', '1s']);
    expect(run.code).toBe(2);
    expect(run.report.verdict).toMatchObject({ mode: 'offline', exitCode: 2 });
    expect(run.report.verdict.failed).toEqual(['handshake', 'websocket', 'rest-regime', 'rest-history']);
    expect(run.ms).toBeLessThan(10_000);
  });
});
