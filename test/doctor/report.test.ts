/**
 * The human lines of a check: its evidence and fix made printable, and the configuration lines of a
 * fix below it, one per server, aligned.
 */
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/doctor/check.js';
import { checkLines } from '../../src/doctor/report.js';

const FAILED: CheckResult = {
  id: 'websocket',
  title: 'WebSocket transport',
  status: 'fail',
  evidence: 'answered through nginx/1.22.1\u001b[2J',
  fix: 'nginx/1.22.1 drops the WebSocket upgrade: pass the headers.',
  config: { nginx: 'proxy_set_header Upgrade $http_upgrade;', HAProxy: 'timeout tunnel 1h' },
  ms: 3,
};

describe('checkLines', () => {
  it('prints the evidence and the fix printable, then each server line of the fix', () => {
    expect(checkLines(FAILED)).toEqual([
      'FAIL  websocket     answered through nginx/1.22.1\\u001b[2J',
      '                    fix: nginx/1.22.1 drops the WebSocket upgrade: pass the headers.',
      '                         nginx    proxy_set_header Upgrade $http_upgrade;',
      '                         HAProxy  timeout tunnel 1h',
    ]);
  });

  it('prints neither fix nor configuration under a passing check', () => {
    expect(checkLines({ ...FAILED, status: 'pass' })).toHaveLength(1);
  });
});
