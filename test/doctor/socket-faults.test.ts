/**
 * The doctor against the reference server's socket faults: each names the check that fails, the
 * verdict the widget would reach, and the exit code.
 */
import { describe, it } from 'vitest';
import type { Faults } from '../../server/src/faults.js';
import { type Cleanup, diagnose, LOADED_MACHINE_MS, referenceServer, statuses } from './run.js';

const ORIGIN = 'http://localhost:5173';

async function against(cleanup: Cleanup, faults: Partial<Faults>, args: string[] = [], tickMs?: number) {
  const server = await referenceServer(cleanup, {
    corsOrigins: [ORIGIN, 'http://evil.test'],
    ...(tickMs && { tickMs }),
  });
  server.faults.set(faults);
  return diagnose(['--ws', server.url, '--api', `${server.url}/api`, '--timeout', '3s', ...args]);
}

describe('doctor: socket faults', { timeout: LOADED_MACHINE_MS }, () => {
  it('noNamespace: /signals is refused, / works, and the widget (no ws-namespace) falls back: live, exit 0', async ({
    expect,
    onTestFinished,
  }) => {
    const run = await against(onTestFinished, { noNamespace: true }, ['--origin', ORIGIN]);
    expect(run.code).toBe(0);
    expect(run.report.verdict).toMatchObject({
      mode: 'live',
      exitCode: 0,
      failed: [],
    });
    expect(run.report.verdict.warned).toContain('namespace');
    const namespace = run.check('namespace');
    expect(namespace.evidence).toMatch(
      /\/signals does not exist on the server \(Node socket.io: "Invalid namespace"\); \/ connects/,
    );
    expect(namespace.cause).toBe('no namespace /signals on the server');
    expect(namespace.fix).toContain('ws-namespace="/"');
    expect(run.check('regime').evidence).toContain('(on /)');
  });

  it('noNamespace with --namespace /signals given: a widget told so does not fall back: polling, exit 1', async ({
    expect,
    onTestFinished,
  }) => {
    const run = await against(onTestFinished, { noNamespace: true }, ['--namespace', '/signals']);
    expect(run.code).toBe(1);
    expect(run.report.options.namespaceExplicit).toBe(true);
    expect(run.report.verdict).toMatchObject({ mode: 'polling', exitCode: 1, failed: ['namespace'] });
    expect(run.check('namespace').evidence).toMatch(/\/ connects.*does not fall back/);
    expect(run.check('namespace').fix).toContain('ws-namespace="/"');
  });

  it("socket refused: the handshake shows allowRequest's words, the WebSocket fails: polling, exit 1", async ({
    expect,
    onTestFinished,
  }) => {
    const run = await against(onTestFinished, { socket: 'refuse' }, ['--origin', ORIGIN]);
    expect(run.code).toBe(1);
    expect(run.report.verdict).toMatchObject({
      mode: 'polling',
      exitCode: 1,
      failed: ['handshake', 'websocket'],
    });
    expect(run.check('handshake').evidence).toContain('sockets are refused (demo fault)');
    expect(run.check('websocket').evidence).toContain('Unexpected server response: 400');
    expect(statuses(run.report)).toMatchObject({
      namespace: 'skip',
      subscribe: 'skip',
      regime: 'skip',
      'other-keys': 'skip',
    });
    expect(run.check('namespace').evidence).toBe(
      'websocket failed: no connection, over WebSocket or long-polling',
    );
  });

  it("origin refused: accepted without an Origin, refused with the page's: polling, exit 1, fix names allowRequest", async ({
    expect,
    onTestFinished,
  }) => {
    const run = await against(onTestFinished, { refuseOrigin: true }, ['--origin', 'http://evil.test']);
    expect(run.code).toBe(1);
    expect(run.report.verdict).toMatchObject({
      mode: 'polling',
      exitCode: 1,
      failed: ['handshake', 'websocket'],
    });
    const websocket = run.check('websocket');
    expect(websocket.evidence).toContain('without an Origin it connects');
    expect(websocket.fix).toMatch(/allowRequest/);
    expect(websocket.fix).toMatch(/CORS_ORIGINS/);
    expect(websocket.data).toMatchObject({ originRefused: true });
    expect(run.check('handshake').evidence).toContain('origin http://evil.test is refused (demo fault)');
    expect(run.report.verdict.failed).not.toContain('rest-regime'); // evil.test is on the REST allow-list here
  });

  it("an origin on no allow-list: the socket and REST's CORS both refuse it: offline, exit 2", async ({
    expect,
    onTestFinished,
  }) => {
    const run = await against(onTestFinished, {}, ['--origin', 'http://stranger.test']);
    expect(run.code).toBe(2);
    expect(run.report.verdict).toMatchObject({ mode: 'offline', exitCode: 2 });
    expect(run.report.verdict.failed).toEqual(['handshake', 'websocket', 'rest-regime', 'rest-history']);
    expect(run.check('rest-regime').evidence).toContain(
      'no Access-Control-Allow-Origin for http://stranger.test',
    );
    expect(run.check('rest-health').status).toBe('warn'); // the widget does not call /health
  });

  it("auth refused on both namespaces: the middleware's message, / tried as the widget does: polling, exit 1", async ({
    expect,
    onTestFinished,
  }) => {
    const run = await against(onTestFinished, { authRefuse: true });
    expect(run.code).toBe(1);
    expect(run.report.verdict).toMatchObject({
      mode: 'polling',
      exitCode: 1,
      failed: ['namespace'],
      cause: '/signals refused by the server ("unauthorized")',
    });
    const namespace = run.check('namespace');
    expect(namespace.evidence).toContain(
      '/signals refused by the server\'s middleware or connect handler: "unauthorized"; / does not either',
    );
    expect(namespace.fix).toMatch(/middleware/);
    expect(run.check('subscribe')).toMatchObject({
      status: 'skip',
      evidence: expect.stringContaining('namespace failed'),
    });
  });

  it('broadcast: no acknowledgement and other keys arrive: warned, still live, exit 0', async ({
    expect,
    onTestFinished,
  }) => {
    const run = await against(onTestFinished, { broadcast: true }, [], 100);
    expect(run.code).toBe(0);
    expect(run.report.verdict).toMatchObject({
      mode: 'live',
      exitCode: 0,
      failed: [],
    });
    expect(run.report.verdict.warned).toEqual(expect.arrayContaining(['subscribe', 'other-keys']));
    expect(run.check('subscribe').evidence).toMatch(/no acknowledgement within 2 s/);
    expect(run.check('regime').status).toBe('pass');
    expect(run.check('other-keys').evidence).toMatch(/ETHUSDT 1h.*broadcasting server; it works.*bandwidth/);
  });

  it('wrong path: no Engine.IO there, the upgrade hangs up: polling, exit 1, fix names ws-path', async ({
    expect,
    onTestFinished,
  }) => {
    const run = await against(onTestFinished, {}, ['--path', '/wrong']);
    expect(run.code).toBe(1);
    expect(run.report.verdict).toMatchObject({ mode: 'polling', failed: ['handshake', 'websocket'] });
    expect(run.check('handshake').evidence).toMatch(/404 in \d+ ms, not an Engine\.IO answer/);
    expect(run.check('handshake').fix).toContain('ws-path');
    expect(run.check('websocket').fix).toContain('ws-path');
  });

  it("unknown symbol: subscribe is refused with the server's reason, REST says 404: offline, exit 2", async ({
    expect,
    onTestFinished,
  }) => {
    const run = await against(onTestFinished, {}, ['--symbol', 'NOSUCHCOIN']);
    expect(run.code).toBe(2);
    expect(run.report.verdict).toMatchObject({
      mode: 'offline',
      failed: ['subscribe', 'rest-regime', 'rest-history'],
    });
    expect(run.check('subscribe').evidence).toContain('refused');
    expect(run.check('subscribe').evidence).toContain('NOSUCHCOIN');
    expect(run.check('regime')).toMatchObject({ status: 'skip', evidence: 'subscribe was refused' });
    expect(run.check('rest-regime').fix).toContain('check --symbol and --timeframe');
  });
});
