/**
 * A bare WebSocket upgrade request at the path, read as an HTTP answer: its status, who answered
 * (`Server`, `Via`) and the body. A WebSocket client only says "Unexpected server response: 400";
 * this answer says whether the server saw the `Upgrade` header at all, and which proxy was between.
 */
import { randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { bounded } from '../check.js';
import { httpUrl, type DoctorOptions } from '../options.js';
import { clipped } from '../untrusted.js';

/** How much of a refused upgrade's body is read: enough for an Engine.IO error. */
const BODY_BYTES = 4096;

/** What a WebSocket upgrade request got back. */
export interface UpgradeAnswer {
  /** 101 when the upgrade went through. */
  status: number;
  /** The proxy in front, when the answer names one (`Via`, or a `Server` that is a proxy). */
  proxy?: string;
  /** The server saw a WebSocket request without its `Upgrade` header: something between dropped it. */
  upgradeDropped: boolean;
  /** Engine.IO refused the transport itself (code 0, "Transport unknown"): websocket is off on the server. */
  transportOff: boolean;
}

/** `Server` values of the proxies and load balancers people put in front of Socket.IO. */
const PROXY_SERVERS =
  /nginx|openresty|tengine|apache|caddy|haproxy|envoy|traefik|cloudflare|varnish|squid|awselb|elb|iis|litespeed|akamai|fastly|google frontend/i;

/** The proxy an answer names: its `Via`, else its `Server` when that is a proxy's. */
function proxyOf(response: IncomingMessage): string | undefined {
  const header = (name: string) => [response.headers[name] ?? []].flat().join(', ');
  const [via, server] = [header('via'), header('server')];
  if (via) return clipped(`${via} (Via)`, 80);
  return server && PROXY_SERVERS.test(server) ? clipped(server, 80) : undefined;
}

/** The Engine.IO error code of a body, if it is one. */
function engineCode(body: string): number | undefined {
  try {
    const code = (JSON.parse(body) as { code?: unknown } | null)?.code;
    return typeof code === 'number' ? code : undefined;
  } catch {
    return undefined;
  }
}

function read(response: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      body += chunk;
      if (body.length >= BODY_BYTES) response.destroy();
    });
    response.on('close', () => resolve(body.slice(0, BODY_BYTES)));
  });
}

/**
 * Sends the upgrade request a WebSocket client sends, with `origin` when given.
 * @example const answer = await probeUpgrade(options, options.origin);
 * // { status: 400, proxy: 'nginx/1.22.1', upgradeDropped: true, transportOff: false }
 */
export function probeUpgrade(options: DoctorOptions, origin: string | undefined): Promise<UpgradeAnswer> {
  const url = httpUrl(options.ws);
  url.pathname = `${options.path}/`;
  url.search = new URLSearchParams({ EIO: '4', transport: 'websocket' }).toString();
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return bounded(options.timeoutMs, (signal) => {
    return new Promise<UpgradeAnswer>((resolve, reject) => {
      const sent = request(url, {
        signal,
        headers: {
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-version': '13',
          'sec-websocket-key': randomBytes(16).toString('base64'),
          ...(origin && { origin }),
        },
      });
      sent.on('upgrade', (response, socket) => {
        socket.destroy();
        const proxy = proxyOf(response);
        resolve({ status: 101, ...(proxy && { proxy }), upgradeDropped: false, transportOff: false });
      });
      sent.on('response', async (response) => {
        const body = await read(response);
        const code = engineCode(body);
        const proxy = proxyOf(response);
        resolve({
          status: response.statusCode ?? 0,
          ...(proxy && { proxy }),
          // Engine.IO answers "Bad request" (3), python-engineio "Invalid websocket upgrade".
          upgradeDropped: code === 3 || /invalid websocket upgrade/i.test(body),
          transportOff: code === 0,
        });
      });
      sent.on('error', reject);
      sent.end();
    });
  });
}
