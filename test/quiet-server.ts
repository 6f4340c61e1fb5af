/**
 * The reference server as the Node-side tests start it: silent, on a free loopback port, with a slow
 * clock (tests drive it with `tick()`) and a fixed seed. Each caller closes it its own way.
 */
import { startServer, type ReferenceServer, type ServerOptions } from '../server/src/app.js';

export function startQuietServer(options: ServerOptions = {}): Promise<ReferenceServer> {
  return startServer({ port: 0, host: '127.0.0.1', logLevel: 'silent', tickMs: 60_000, seed: 7, ...options });
}
