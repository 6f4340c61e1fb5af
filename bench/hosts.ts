/**
 * The host page's origin on loopback, serving the page and both bundles (the unreachable ports are
 * in scripts/loopback.ts).
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';

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
