/**
 * The verdict follows the widget's mode rules from the checks' statuses alone.
 */
import { describe, expect, it } from 'vitest';
import { CHECK_IDS, TITLES, type CheckId, type CheckStatus } from '../../src/doctor/check.js';
import type { DoctorOptions } from '../../src/doctor/options.js';
import { verdictOf } from '../../src/doctor/verdict.js';

const OPTIONS: DoctorOptions = {
  ws: 'http://127.0.0.1:4202',
  api: 'http://127.0.0.1:4202/api',
  symbol: 'BTCUSDT',
  timeframe: '1h',
  namespace: '/signals',
  namespaceExplicit: false,
  path: '/socket.io',
  timeoutMs: 10_000,
};

function verdict(statuses: Partial<Record<CheckId, CheckStatus>>) {
  const checks = CHECK_IDS.map((id) => ({
    id,
    title: TITLES[id],
    status: statuses[id] ?? 'pass',
    evidence: '',
    ms: 0,
  }));
  return verdictOf(checks, OPTIONS);
}

describe('verdictOf', () => {
  it('all passing: live, exit 0', () => {
    expect(verdict({})).toMatchObject({ mode: 'live', degraded: false, exitCode: 0 });
  });

  it('warnings alone do not degrade a live widget', () => {
    expect(
      verdict({ namespace: 'warn', subscribe: 'warn', 'other-keys': 'warn', 'rest-health': 'warn' }),
    ).toMatchObject({
      mode: 'live',
      exitCode: 0,
      warned: ['namespace', 'subscribe', 'other-keys', 'rest-health'],
    });
  });

  it('the long-polling handshake is not what the widget uses: its failure alone keeps it live', () => {
    expect(verdict({ handshake: 'fail' })).toMatchObject({
      mode: 'live',
      exitCode: 0,
      failed: ['handshake'],
    });
  });

  it.each<[CheckId, CheckStatus]>([
    ['ws-dns-tcp', 'fail'],
    ['websocket', 'fail'],
    ['namespace', 'fail'],
    ['subscribe', 'fail'],
    ['namespace', 'skip'],
  ])('%s %s with REST answering: polling, exit 1', (id, status) => {
    const result = verdict({ [id]: status });
    expect(result).toMatchObject({ mode: 'polling', degraded: true, exitCode: 1 });
    expect(result.summary).toContain(`fails at ${id}`);
  });

  it.each<CheckId>(['regime', 'rest-regime', 'rest-history', 'api-dns-tcp'])(
    'live, but %s failing: degraded, exit 1',
    (id) => {
      expect(verdict({ [id]: 'fail' })).toMatchObject({ mode: 'live', degraded: true, exitCode: 1 });
    },
  );

  it('neither the socket nor REST /regime: offline, exit 2', () => {
    expect(verdict({ websocket: 'fail', 'rest-regime': 'fail' })).toMatchObject({
      mode: 'offline',
      exitCode: 2,
    });
    expect(verdict({ 'ws-dns-tcp': 'fail', 'api-dns-tcp': 'fail', 'rest-regime': 'skip' })).toMatchObject({
      mode: 'offline',
      exitCode: 2,
    });
  });

  it('REST history failing does not make a polling widget offline', () => {
    expect(verdict({ websocket: 'fail', 'rest-history': 'fail' })).toMatchObject({
      mode: 'polling',
      exitCode: 1,
    });
  });
});
