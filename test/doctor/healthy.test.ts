/**
 * The doctor against a healthy reference server: every check passes, the verdict is live, exit 0;
 * and the command line itself: --help, human lines, usage errors.
 */
import { describe, expect, it } from 'vitest';
import { CHECK_IDS } from '../../src/doctor/check.js';
import { diagnose, LOADED_MACHINE_MS, referenceServer, regimeWidget } from './run.js';

const ORIGIN = 'http://localhost:5173'; // on the reference server's default allow-list

describe('doctor: healthy server', { timeout: LOADED_MACHINE_MS }, () => {
  it('passes every check, says live and exits 0, promptly and by itself', async ({
    expect,
    onTestFinished,
  }) => {
    const server = await referenceServer(onTestFinished);
    const run = await diagnose(['--ws', server.url, '--api', `${server.url}/api`, '--origin', ORIGIN]);

    expect(run.code).toBe(0);
    expect(run.report.verdict).toMatchObject({
      mode: 'live',
      degraded: false,
      exitCode: 0,
      failed: [],
    });
    expect(run.report.checks.map((check) => check.id)).toEqual([...CHECK_IDS]);
    for (const check of run.report.checks) {
      // A loaded machine may push a REST answer past 1 s: a "slow" warning is the only one allowed here.
      if (check.status === 'warn') expect(check.evidence).toMatch(/slow: \d+ ms/);
      else expect(check.status).toBe('pass');
    }
    expect(run.check('handshake').data).toMatchObject({
      status: 200,
      allowOrigin: ORIGIN,
      pingInterval: 25000,
    });
    expect(run.check('handshake').data?.sid).toEqual(expect.any(String));
    expect(run.check('regime').data?.update).toMatchObject({ symbol: 'BTCUSDT', timeframe: '1h' });
    for (const id of ['rest-regime', 'rest-history', 'rest-health'] as const) {
      expect(run.check(id).data).toMatchObject({ status: 200, allowOrigin: ORIGIN, ms: expect.any(Number) });
    }
    expect(run.report.options).toMatchObject({
      namespace: '/signals',
      namespaceExplicit: false,
      timeoutMs: 10_000,
    });
    // Everything answers at once on loopback; a second more is the watch for other keys.
    expect(run.ms).toBeLessThan(10_000);
  });

  it('checks the key it is given', async ({ expect, onTestFinished }) => {
    const server = await referenceServer(onTestFinished);
    const run = await diagnose([
      '--ws',
      server.url,
      '--api',
      `${server.url}/api`,
      '--symbol',
      'ETHUSDT',
      '--timeframe',
      '4h',
      '--timeout',
      '3s',
    ]);
    expect(run.code).toBe(0);
    expect(run.check('regime').data?.update).toMatchObject({ symbol: 'ETHUSDT', timeframe: '4h' });
    expect(run.report.options).toMatchObject({ symbol: 'ETHUSDT', timeframe: '4h', timeoutMs: 3000 });
  });
});

describe('doctor: the command line', { timeout: LOADED_MACHINE_MS }, () => {
  it('prints the header, one line per check, a fix under each failure, and the verdict', async ({
    expect,
    onTestFinished,
  }) => {
    const server = await referenceServer(onTestFinished, { corsOrigins: ['http://evil.test'] });
    server.faults.set({ refuseOrigin: true });
    const run = await regimeWidget([
      'doctor',
      '--ws',
      server.url,
      '--api',
      `${server.url}/api`,
      '--origin',
      'http://evil.test',
      '--timeout',
      '3s',
    ]);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    const checkLines = lines.filter((line) => /^(PASS|WARN|FAIL|SKIP) {2}/.test(line));
    expect(checkLines.map((line) => line.split(/\s+/)[1])).toEqual([...CHECK_IDS]);
    lines.forEach((line, i) => {
      if (line.startsWith('FAIL')) expect(lines[i + 1]).toMatch(/^\s+fix: \S/);
    });
    expect(lines[0]).toMatch(/^regime-widget doctor \d+\.\d+\.\d+/);
    expect(lines.at(-1)).toMatch(/^verdict {2}polling: .*\(exit 1\)$/);
    expect(run.stderr).toBe('');
  });

  it('--help lists every option and the exit codes', async ({ expect }) => {
    const run = await regimeWidget(['doctor', '--help']);
    expect(run.code).toBe(0);
    for (const option of [
      '--ws',
      '--api',
      '--origin',
      '--symbol',
      '--timeframe',
      '--namespace',
      '--path',
      '--timeout',
      '--json',
    ]) {
      expect(run.stdout).toContain(option);
    }
    expect(run.stdout).toMatch(/Exit codes:[\s\S]*0 +live[\s\S]*1 +degraded[\s\S]*2 +unusable/);
    const root = await regimeWidget(['--help']);
    expect(root.code).toBe(0);
    expect(root.stdout).toContain('doctor');
  });

  it.each([
    [['doctor', '--api', 'http://127.0.0.1:1/api'], /required option '--ws <url>'/],
    [['doctor', '--ws', 'localhost:4202', '--api', 'http://x/api'], /--ws must be an absolute/],
    [['doctor', '--ws', 'http://x', '--api', 'http://x/api', '--timeout', '5'], /did you mean 5s/],
    [
      ['doctor', '--ws', 'http://x', '--api', 'http://x/api', '--origin', 'http://x/page'],
      /--origin must be an origin/,
    ],
    [
      ['doctor', '--ws', 'http://x', '--api', 'http://x/api', '--timeframe', 'hourly'],
      /timeframe is not a timeframe/,
    ],
  ])('refuses %j with exit 64 before checking anything', async (args, message) => {
    const run = await regimeWidget(args);
    expect(run.code).toBe(64);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });
});
