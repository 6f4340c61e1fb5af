/**
 * Graceful shutdown: close() resolves promptly with clients connected, and the port is closed after.
 */
import { describe, expect, it } from 'vitest';
import { startServer } from '../../server/src/app.js';
import { accepts } from '../../scripts/loopback.js';
import { client, connected, getJson, nextEvent, serve } from './helpers.js';

describe('close()', () => {
  it('resolves quickly with sockets and keep-alive HTTP open, and the port stops accepting', async () => {
    const server = await serve({ tickMs: 20 });
    const websocket = client(server);
    const polling = client(server, '/', { transports: ['polling'] });
    await Promise.all([connected(websocket), connected(polling)]);
    await getJson(server, '/api/health'); // leaves a keep-alive connection in fetch's pool
    expect(await accepts(server.port)).toBe(true);

    const dropped = nextEvent(websocket, 'disconnect', 'the socket to be dropped by close()');
    const start = performance.now();
    await server.close();
    expect(performance.now() - start).toBeLessThan(1000);
    expect(await dropped).toBe('transport close'); // clients retry, as after any restart
    expect(await accepts(server.port)).toBe(false);
  });

  it('rejects when the port is taken', async () => {
    const server = await serve();
    await expect(startServer({ port: server.port, host: '127.0.0.1', logLevel: 'silent' })).rejects.toThrow(
      /EADDRINUSE/,
    );
  });
});
