/**
 * The loopback servers around the reference server: the host page's origin (serving both bundles),
 * a port that accepts and never answers, and a port where nothing listens.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';

export interface PageHost {
  origin: string;
  /** Serves `html` at `/` until the next call. */
  setPage(html: string): void;
  close(): Promise<void>;
}

/** A second loopback origin, as a site embedding the widget is: `/` is the page, `/<name>.js` a bundle. */
export async function startPageHost(scripts: Record<string, string>): Promise<PageHost> {
  const bodies = new Map(Object.entries(scripts).map(([name, path]) => [`/${name}`, readFileSync(path)]));
  let html = '';
  const server = createHttpServer((req, res) => {
    const script = bodies.get(req.url ?? '');
    res.writeHead(script || req.url === '/' ? 200 : 404, {
      'content-type': script ? 'text/javascript' : 'text/html; charset=utf-8',
      'cache-control': 'no-store',
    });
    res.end(script ?? (req.url === '/' ? html : ''));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    setPage: (next) => (html = next),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A TCP port that accepts connections and never says a word: a black-holed socket server. */
export async function startBlackHole(): Promise<{ port: number; close(): Promise<void> }> {
  const held = new Set<Socket>();
  const server = createTcpServer((socket) => {
    held.add(socket);
    socket.on('close', () => held.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => {
      for (const socket of held) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback port nothing listens on (bound, then released): connections are refused. */
export async function closedPort(): Promise<number> {
  const probe = createTcpServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
