/**
 * The doctor against the reference server's REST faults, with a healthy socket: the widget is live
 * but has no REST to start from or fall back to, so the verdict is degraded (exit 1).
 */
import { describe, it } from 'vitest';
import { type Cleanup, diagnose, LOADED_MACHINE_MS, referenceServer } from './run.js';

async function against(
  cleanup: Cleanup,
  rest: 'error' | 'bad-shape' | 'invalid-json' | 'slow',
  slowMs?: number,
) {
  const server = await referenceServer(cleanup);
  server.faults.set({ rest, ...(slowMs !== undefined && { slowMs }) });
  return diagnose(['--ws', server.url, '--api', `${server.url}/api`, '--timeout', '3s']);
}

describe('doctor: REST faults', { timeout: LOADED_MACHINE_MS }, () => {
  it("503: the REST checks fail with the server's message; the socket works: live, degraded, exit 1", async ({
    expect,
    onTestFinished,
  }) => {
    const run = await against(onTestFinished, 'error');
    expect(run.code).toBe(1);
    expect(run.report.verdict).toMatchObject({
      mode: 'live',
      degraded: true,
      exitCode: 1,
      failed: ['rest-regime', 'rest-history'],
    });
    expect(run.report.verdict.warned).toContain('rest-health');
    expect(run.check('rest-regime').evidence).toMatch(
      /^503 in \d+ ms: "the REST API is down \(demo fault\)"/,
    );
    expect(run.check('rest-regime').fix).toMatch(/answer 200/);
    expect(run.check('regime').status).toBe('pass');
  });

  it("bad shape: the contract's validation says why, and sees the { data } wrapper", async ({
    expect,
    onTestFinished,
  }) => {
    const run = await against(onTestFinished, 'bad-shape');
    expect(run.code).toBe(1);
    expect(run.report.verdict).toMatchObject({
      mode: 'live',
      degraded: true,
      failed: ['rest-regime', 'rest-history'],
    });
    const regime = run.check('rest-regime');
    expect(regime.evidence).toContain(
      'the body does not fit: symbol is not a symbol (what fits is inside "data")',
    );
    expect(regime.fix).toContain('not wrapped in { data: ... }');
  });

  it("invalid JSON: says the body is not JSON, with the parser's reason", async ({
    expect,
    onTestFinished,
  }) => {
    const run = await against(onTestFinished, 'invalid-json');
    expect(run.code).toBe(1);
    expect(run.report.verdict.failed).toEqual(['rest-regime', 'rest-history']);
    expect(run.check('rest-regime').evidence).toMatch(/the body is not JSON \(application\/json.*JSON/);
  });

  it('slower than 1 s: a warning with the latency, still live, exit 0', async ({
    expect,
    onTestFinished,
  }) => {
    const run = await against(onTestFinished, 'slow', 1200);
    expect(run.code).toBe(0);
    expect(run.report.verdict).toMatchObject({ mode: 'live', exitCode: 0, failed: [] });
    expect(run.report.verdict.warned).toEqual(['rest-regime', 'rest-history', 'rest-health']);
    expect(run.check('rest-regime').evidence).toMatch(/slow: 1\d{3} ms/);
  });

  it('api-url without its base path: 404 pages, not the API: the fix says what api-url must be', async ({
    expect,
    onTestFinished,
  }) => {
    const server = await referenceServer(onTestFinished);
    const run = await diagnose(['--ws', server.url, '--api', server.url, '--timeout', '3s']);
    expect(run.code).toBe(1);
    expect(run.report.verdict).toMatchObject({
      mode: 'live',
      degraded: true,
      failed: ['rest-regime', 'rest-history'],
    });
    expect(run.check('rest-regime').evidence).toMatch(/^404 in \d+ ms: a text\/html.*not the contract's/);
    expect(run.check('rest-regime').fix).toMatch(/api-url \(--api\) must be the base/);
  });
});
