import { describe, expect, it } from 'vitest';
import type { Mode } from '../../src/contract/types.js';
import { deriveMode, SOCKET_GRACE_MS, type RestPart, type SocketPart } from '../../src/feed/mode.js';

/**
 * Every combination, written out from the README's "Modes" and the rules in mode.ts:
 * - a live socket is `live`, whatever REST says;
 * - `connecting` while REST has not answered yet, or while the socket has not answered and either
 *   its grace period runs or there is no REST to fall back on;
 * - otherwise `polling` when REST's last answer was good, else `offline`.
 */
const TABLE: [SocketPart, RestPart, boolean, Mode][] = [
  // socket not configured: API only
  ['none', 'none', false, 'offline'],
  ['none', 'none', true, 'offline'],
  ['none', 'pending', false, 'connecting'],
  ['none', 'pending', true, 'connecting'],
  ['none', 'ok', false, 'polling'],
  ['none', 'ok', true, 'polling'],
  ['none', 'failing', false, 'offline'],
  ['none', 'failing', true, 'offline'],
  // socket has not answered yet
  ['pending', 'none', false, 'connecting'],
  ['pending', 'none', true, 'connecting'],
  ['pending', 'pending', false, 'connecting'],
  ['pending', 'pending', true, 'connecting'],
  ['pending', 'ok', false, 'connecting'],
  ['pending', 'ok', true, 'polling'],
  ['pending', 'failing', false, 'connecting'],
  ['pending', 'failing', true, 'offline'],
  // socket connected and subscribed
  ['live', 'none', false, 'live'],
  ['live', 'none', true, 'live'],
  ['live', 'pending', false, 'live'],
  ['live', 'pending', true, 'live'],
  ['live', 'ok', false, 'live'],
  ['live', 'ok', true, 'live'],
  ['live', 'failing', false, 'live'],
  ['live', 'failing', true, 'live'],
  // socket failed
  ['down', 'none', false, 'offline'],
  ['down', 'none', true, 'offline'],
  ['down', 'pending', false, 'connecting'],
  ['down', 'pending', true, 'connecting'],
  ['down', 'ok', false, 'polling'],
  ['down', 'ok', true, 'polling'],
  ['down', 'failing', false, 'offline'],
  ['down', 'failing', true, 'offline'],
];

describe('deriveMode', () => {
  it('the table covers every combination once', () => {
    const seen = new Set(TABLE.map(([s, r, g]) => `${s}/${r}/${g}`));
    expect(seen.size).toBe(4 * 4 * 2);
  });

  it.each(TABLE)('socket %s, REST %s, grace over %s: %s', (socket, rest, graceOver, mode) => {
    expect(deriveMode(socket, rest, graceOver)).toBe(mode);
  });

  it('gives the socket one second at start (the contract: first REST data within 1 s)', () => {
    expect(SOCKET_GRACE_MS).toBeLessThanOrEqual(1000);
    expect(SOCKET_GRACE_MS).toBeGreaterThan(0);
  });
});
