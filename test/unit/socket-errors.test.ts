import { describe, expect, it } from 'vitest';
import {
  formatSocketError,
  isUnknownNamespace,
  NO_REASON,
  REASON_MAX_CHARS,
  socketErrorInfo,
} from '../../src/feed/socket-errors.js';
import { ERRORS } from '../fakes/index.js';

describe('socketErrorInfo', () => {
  it('reads a transport error with its description', () => {
    expect(socketErrorInfo(ERRORS.transport())).toEqual({
      message: 'websocket error',
      kind: 'transport',
      description: 'x',
    });
    const closed = Object.assign(new Error('websocket error'), { type: 'TransportError', description: 403 });
    expect(socketErrorInfo(closed).description).toBe('403');
    const coded = Object.assign(new Error('websocket error'), {
      type: 'TransportError',
      description: { code: 1006 },
    });
    expect(socketErrorInfo(coded).description).toBe('code 1006');
  });

  it('reads a refused namespace and a middleware refusal with its data', () => {
    expect(socketErrorInfo(ERRORS.namespace())).toEqual({ message: 'Invalid namespace', kind: 'refused' });
    const middleware = Object.assign(new Error('not authorized'), {
      data: { code: 'AUTH', message: 'token expired' },
    });
    expect(socketErrorInfo(middleware)).toEqual({
      message: 'not authorized',
      kind: 'refused',
      code: 'AUTH',
      description: 'token expired',
    });
  });

  it('reads every shape of refusal as words: an object with a message, a plain string, nothing', () => {
    // As socket.io-client hands them over once socket-io.ts gave the packet's data its shape.
    expect(socketErrorInfo(new Error('Unable to connect'))).toEqual({
      message: 'Unable to connect',
      kind: 'refused',
    });
    expect(socketErrorInfo(new Error(''))).toEqual({ message: NO_REASON, kind: 'refused' });
    expect(socketErrorInfo(Object.assign(new Error(''), { data: undefined }))).toEqual({
      message: NO_REASON,
      kind: 'refused',
    });
    expect(isUnknownNamespace(socketErrorInfo(new Error('Unable to connect')))).toBe(true);
    expect(isUnknownNamespace(socketErrorInfo(ERRORS.namespace()))).toBe(true);
    expect(isUnknownNamespace(socketErrorInfo(new Error('not authorized')))).toBe(false);
  });

  it("cuts a server's words (message, code, description) to REASON_MAX_CHARS", () => {
    const long = 'w'.repeat(10_000);
    const info = socketErrorInfo(Object.assign(new Error(long), { data: { code: long, message: long } }));
    expect([info.message, info.code, info.description].map((s) => s?.length)).toEqual([
      REASON_MAX_CHARS,
      REASON_MAX_CHARS,
      REASON_MAX_CHARS,
    ]);
  });

  it('reads a connection timeout', () => {
    expect(socketErrorInfo(ERRORS.timeout())).toEqual({ message: 'timeout', kind: 'timeout' });
  });

  it('never throws on odd values', () => {
    for (const odd of [undefined, null, 42, 'boom', {}, { message: '' }, { message: 3 }]) {
      expect(socketErrorInfo(odd).message).toMatch(/\w/);
      expect(socketErrorInfo(odd).message).not.toMatch(/unknown/);
    }
  });
});

describe('formatSocketError', () => {
  it('puts code and description in brackets after the message', () => {
    expect(formatSocketError({ message: 'websocket error', kind: 'transport', description: '403' })).toBe(
      'websocket error (description: 403)',
    );
    expect(formatSocketError({ message: 'no', kind: 'refused', code: 'AUTH', description: 'expired' })).toBe(
      'no (code: AUTH, description: expired)',
    );
    expect(formatSocketError({ message: 'timeout', kind: 'timeout' })).toBe('timeout');
  });
});
