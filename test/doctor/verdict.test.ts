/**
 * The verdict follows the widget's mode rules from the checks' statuses alone.
 */
import { describe, expect, it } from 'vitest';
import {
  CHECK_IDS,
  TITLES,
  type CheckId,
  type CheckResult,
  type CheckStatus,
} from '../../src/doctor/check.js';
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

function verdict(
  statuses: Partial<Record<CheckId, CheckStatus>>,
  more: Partial<Record<CheckId, Pick<CheckResult, 'cause' | 'data'>>> = {},
  options: DoctorOptions = OPTIONS,
) {
  const checks = CHECK_IDS.map((id) => ({
    id,
    title: TITLES[id],
    status: statuses[id] ?? 'pass',
    evidence: '',
    ms: 0,
    ...more[id],
  }));
  return verdictOf(checks, options);
}

/** A widget without api-url: the REST checks are skipped. */
const SOCKET_ONLY = {
  'api-dns-tcp': 'skip',
  'rest-regime': 'skip',
  'rest-history': 'skip',
  'rest-health': 'skip',
} as const;
const { api: _api, ...NO_API } = OPTIONS;

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

  it('the long-polling handshake failing while the WebSocket connects keeps it live', () => {
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

  it('the WebSocket failing while long-polling carries the connection: live over long-polling, degraded, exit 1, its cause named', () => {
    const result = verdict(
      { websocket: 'fail' },
      { websocket: { cause: 'nginx/1.22.1 drops the WebSocket upgrade', data: { transport: 'polling' } } },
    );
    expect(result).toMatchObject({
      mode: 'live',
      transport: 'polling',
      degraded: true,
      exitCode: 1,
      cause: 'nginx/1.22.1 drops the WebSocket upgrade',
    });
    expect(result.summary).toMatch(
      /^live over long-polling, degraded: .*nginx\/1\.22\.1 drops the WebSocket upgrade/,
    );
  });

  it("the socket's named cause is the verdict's, and its summary's", () => {
    const result = verdict(
      { namespace: 'fail' },
      { namespace: { cause: 'a Socket.IO 2 server (Engine.IO 3)' } },
    );
    expect(result).toMatchObject({ mode: 'polling', cause: 'a Socket.IO 2 server (Engine.IO 3)' });
    expect(result.summary).toMatch(
      /^polling: a Socket.IO 2 server \(Engine.IO 3\), so the widget shows ○ API/,
    );
  });

  it('no --api: a live socket is live, exit 0, and says what a widget without REST goes without', () => {
    const result = verdict(SOCKET_ONLY, {}, NO_API);
    expect(result).toMatchObject({ mode: 'live', degraded: false, exitCode: 0 });
    expect(result.summary).toContain('no --api (no api-url): no first data from REST, no history');
  });

  it('no --api and the socket failing: offline, exit 2, nothing to fall back to', () => {
    const result = verdict({ ...SOCKET_ONLY, websocket: 'fail' }, {}, NO_API);
    expect(result).toMatchObject({ mode: 'offline', exitCode: 2 });
    expect(result.summary).toContain('there is no api-url (no --api) to fall back to');
  });

  it('a warning with a named cause is named in a healthy verdict', () => {
    const result = verdict({ regime: 'warn' }, { regime: { cause: 'regime without symbol and timeframe' } });
    expect(result).toMatchObject({ mode: 'live', exitCode: 0, cause: 'regime without symbol and timeframe' });
    expect(result.summary).toMatch(/Warning: regime without symbol and timeframe\.$/);
  });
});
