/**
 * The doctor against real third-party backends (test/interop/servers.ts): for each, the verdict, the
 * exit code and the cause it names.
 */
import { describe, it } from 'vitest';
import { startNginx, startPythonBackend, type Backend } from '../interop/servers.js';
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
});
