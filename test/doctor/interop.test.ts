/**
 * The doctor against real third-party backends (test/interop/servers.ts): for each, the verdict, the
 * exit code and the cause it names.
 */
import { describe, it } from 'vitest';
import {
  startNginx,
  startPythonBackend,
  startSocketIoV2,
  startTroubleshootingBackend,
  type Backend,
} from '../interop/servers.js';
import { type Cleanup, diagnose, LOADED_MACHINE_MS, referenceServer } from './run.js';

/** Starts a backend that the test's end stops. */
async function started(cleanup: Cleanup, backend: Promise<Backend>): Promise<Backend> {
  const running = await backend;
  cleanup(() => running.close());
  return running;
}

/** The doctor's arguments for a backend: its socket, its REST and its path. */
function argsFor(backend: Backend): string[] {
  return [
    '--ws',
    backend.url,
    ...(backend.apiUrl ? ['--api', backend.apiUrl] : []),
    ...(backend.wsPath ? ['--path', backend.wsPath] : []),
    '--timeout',
    '3s',
  ];
}

describe('doctor: real backends', { timeout: LOADED_MACHINE_MS }, () => {
  it('python-socketio 5 serving /signals: every check passes, live, exit 0', async ({
    expect,
    onTestFinished,
  }) => {
    const python = await started(onTestFinished, startPythonBackend());
    const run = await diagnose(argsFor(python));
    expect(run.code).toBe(0);
    expect(run.report.verdict).toMatchObject({ mode: 'live', exitCode: 0, failed: [] });
    expect(run.check('subscribe').evidence).toContain('acknowledged');
    expect(run.check('regime').status).toBe('pass');
    expect(run.check('rest-history').evidence).toContain('120 points, oldest first');
  });

  it('nginx in front, with the Upgrade and Connection headers: live, exit 0', async ({
    expect,
    onTestFinished,
  }) => {
    const server = await referenceServer(onTestFinished);
    const proxy = await started(onTestFinished, startNginx(server.url, 'upgrade'));
    const run = await diagnose(argsFor(proxy));
    expect(run.code).toBe(0);
    expect(run.report.verdict).toMatchObject({ mode: 'live', exitCode: 0, failed: [] });
  });

  it('nginx under a path prefix (location /rt/, --path /rt/socket.io): live, exit 0', async ({
    expect,
    onTestFinished,
  }) => {
    const server = await referenceServer(onTestFinished);
    const proxy = await started(onTestFinished, startNginx(server.url, 'prefix'));
    const run = await diagnose(argsFor(proxy));
    expect(run.report.options.path).toBe('/rt/socket.io');
    expect(run.code).toBe(0);
    expect(run.report.verdict).toMatchObject({ mode: 'live', exitCode: 0, failed: [] });
  });

  it('python-socketio serving only /: "Unable to connect" read as no such namespace, / tried as the widget does: live, exit 0', async ({
    expect,
    onTestFinished,
  }) => {
    const python = await started(onTestFinished, startPythonBackend({ namespace: '/' }));
    const run = await diagnose(argsFor(python));
    expect(run.code).toBe(0);
    expect(run.report.verdict).toMatchObject({
      mode: 'live',
      exitCode: 0,
      failed: [],
      cause: 'no namespace /signals on the server',
    });
    const namespace = run.check('namespace');
    expect(namespace.status).toBe('warn');
    expect(namespace.evidence).toMatch(
      /^\/signals does not exist on the server \(python-socketio: "Unable to connect"\); \/ connects/,
    );
    expect(namespace.evidence).not.toContain('middleware');
    expect(run.check('regime').evidence).toContain('(on /)');
  });

  it("python-socketio whose connect handler refuses: its own words, told from a missing namespace; / (python's default) connects but serves nothing: live and silent, exit 1", async ({
    expect,
    onTestFinished,
  }) => {
    const python = await started(onTestFinished, startPythonBackend({ refuse: 'token required' }));
    const run = await diagnose(argsFor(python));
    expect(run.code).toBe(1);
    expect(run.report.verdict).toMatchObject({
      mode: 'live',
      degraded: true,
      failed: ['regime'],
      cause: '/signals refused by the server ("token required")',
    });
    expect(run.report.verdict.summary).toMatch(
      /Cause: \/signals refused by the server \("token required"\)\.$/,
    );
    const namespace = run.check('namespace');
    expect(namespace.evidence).toMatch(
      /^\/signals refused by the server's middleware or connect handler: "token required"; \/ connects/,
    );
    expect(namespace.fix).toMatch(/connect handler that returns False or raises/);
    // python-socketio acknowledges an event it has no handler for, with nothing.
    expect(run.check('subscribe')).toMatchObject({
      status: 'warn',
      evidence: expect.stringContaining('(on /): acknowledged in'),
    });
  });

  it('nginx without the upgrade headers: the proxy named as the cause, its fix lines, live over long-polling: exit 1', async ({
    expect,
    onTestFinished,
  }) => {
    const server = await referenceServer(onTestFinished);
    const proxy = await started(onTestFinished, startNginx(server.url, 'no-upgrade'));
    const run = await diagnose(argsFor(proxy));
    expect(run.code).toBe(1);
    expect(run.report.verdict).toMatchObject({
      mode: 'live',
      transport: 'polling',
      degraded: true,
      exitCode: 1,
      failed: ['websocket'],
      cause: expect.stringMatching(/^nginx\/[\d.]+ drops the WebSocket upgrade$/),
    });
    expect(run.report.verdict.summary).toMatch(/^live over long-polling, degraded: /);
    const websocket = run.check('websocket');
    expect(websocket.evidence).toContain('Unexpected server response: 400');
    expect(websocket.evidence).toContain('the server got the upgrade request without its Upgrade header');
    expect(websocket.evidence).toContain('so the widget will be live over long-polling');
    expect(websocket.fix).toContain('Nothing in the Socket.IO server needs changing');
    expect(websocket.fix).not.toContain('transports');
    expect(Object.keys(websocket.config ?? {})).toEqual(['nginx', 'Apache', 'Caddy', 'HAProxy']);
    expect(websocket.config?.nginx).toContain('proxy_set_header Upgrade $http_upgrade;');
    expect(run.check('handshake').status).toBe('pass');
    expect(run.check('regime').status).toBe('pass');
  });

  it("nginx without the upgrade headers, the page's origin given: long-polling passes CORS too", async ({
    expect,
    onTestFinished,
  }) => {
    const page = 'http://localhost:5173';
    const server = await referenceServer(onTestFinished, { corsOrigins: [page] });
    const proxy = await started(onTestFinished, startNginx(server.url, 'no-upgrade'));
    const run = await diagnose([...argsFor(proxy), '--origin', page]);
    expect(run.report.verdict).toMatchObject({ mode: 'live', transport: 'polling', exitCode: 1 });
  });

  it('a Socket.IO 2 server: the Engine.IO 3 answer and the CONNECT of v2 named: polling over REST, exit 1', async ({
    expect,
    onTestFinished,
  }) => {
    const rest = await referenceServer(onTestFinished);
    const v2 = await started(onTestFinished, startSocketIoV2());
    const run = await diagnose([...argsFor(v2), '--api', `${rest.url}/api`]);
    expect(run.code).toBe(1);
    expect(run.report.verdict).toMatchObject({
      mode: 'polling',
      exitCode: 1,
      failed: ['handshake', 'namespace'],
      cause: 'a Socket.IO 2 server (Engine.IO 3)',
    });
    expect(run.report.verdict.summary).toMatch(
      /^polling: a Socket.IO 2 server \(Engine.IO 3\), so the widget shows ○ API/,
    );
    expect(run.check('handshake').evidence).toContain('an Engine.IO 3 answer');
    expect(run.check('handshake').fix).toContain('allowEIO3');
    expect(run.check('namespace').evidence).toContain("answered in Socket.IO 2's format");
  });

  it('the classic troubleshooting backend, no --api: its keyless test event taken for the key: live, exit 0', async ({
    expect,
    onTestFinished,
  }) => {
    const classic = await started(onTestFinished, startTroubleshootingBackend());
    const run = await diagnose(argsFor(classic));
    expect(run.report.options.api).toBeNull();
    expect(run.code).toBe(0);
    expect(run.report.verdict).toMatchObject({
      mode: 'live',
      exitCode: 0,
      failed: [],
      warned: ['subscribe', 'regime'],
      cause: 'regime without symbol and timeframe',
    });
    const regime = run.check('regime');
    expect(regime.evidence).toMatch(
      /^BTCUSDT 1h (on connection, before subscribe|after \d+ ms), without symbol and timeframe: range, ADX 18\.5, ATR 1\.56%/,
    );
    expect(regime.fix).toContain('Add symbol and timeframe');
    expect(run.check('other-keys').evidence).toMatch(/^none/);
    for (const id of ['api-dns-tcp', 'rest-regime', 'rest-history', 'rest-health'] as const) {
      expect(run.check(id)).toMatchObject({ status: 'skip', evidence: expect.stringContaining('no --api') });
    }
  });
});
