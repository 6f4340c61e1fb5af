import { describe, expect, it } from 'vitest';
import { connectionId, socketPath, withLeadingSlash, withoutTrailingSlashes } from '../../src/feed/target.js';

describe('the target rules the widget and the doctor share', () => {
  it.each([
    ['socket.io', '/socket.io'],
    ['/socket.io', '/socket.io'],
    ['socket.io/', '/socket.io'],
    ['  /rt/socket.io//  ', '/rt/socket.io'],
    ['/', undefined],
    ['   ', undefined],
    ['', undefined],
  ])('socketPath(%j) is %j', (raw, path) => {
    expect(socketPath(raw)).toBe(path);
  });

  it('gives a namespace its leading slash once', () => {
    expect(withLeadingSlash('signals')).toBe('/signals');
    expect(withLeadingSlash('/signals')).toBe('/signals');
    expect(withLeadingSlash('/')).toBe('/');
  });

  it('strips trailing slashes in linear time, even from a long run of them', () => {
    expect(withoutTrailingSlashes('https://example.com/api///')).toBe('https://example.com/api');
    expect(withoutTrailingSlashes('///')).toBe('');
    const hostile = `${'/'.repeat(200_000)}x`;
    expect(withoutTrailingSlashes(hostile)).toBe(hostile);
  });

  it('names a connection by URL and path, then namespace and transports when given', () => {
    const where = { url: 'https://example.com', path: '/socket.io' };
    expect(connectionId({ ...where, namespace: '/signals' })).toBe('https://example.com|/socket.io|/signals');
    expect(connectionId({ ...where, transports: ['websocket'] })).toBe(
      'https://example.com|/socket.io|websocket',
    );
    expect(connectionId({ ...where, transports: ['polling', 'websocket'] })).not.toBe(
      connectionId({ ...where, transports: ['websocket'] }),
    );
    expect(connectionId({ ...where, namespace: '/' })).not.toBe(connectionId({ ...where, namespace: '/x' }));
  });
});
