/**
 * Check 1: the host resolves and the port accepts a TCP connection.
 */
import { lookup } from 'node:dns/promises';
import { isIP, Socket } from 'node:net';
import {
  bounded,
  errorCode,
  errorText,
  formatMs,
  result,
  TimeoutError,
  type CheckId,
  type CheckResult,
} from '../check.js';
import { httpUrl } from '../options.js';

/** Where a URL connects: its host (without IPv6 brackets) and port. */
export function endpoint(url: string): { host: string; port: number } {
  const parsed = httpUrl(url);
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = parsed.port ? Number(parsed.port) : parsed.protocol === 'https:' ? 443 : 80;
  return { host, port };
}

/** Opens a TCP connection and closes it at once; resolves with the address it reached. */
function connect(host: string, port: number, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    const done = (error?: Error) => {
      signal.removeEventListener('abort', abort);
      const address = socket.remoteAddress;
      socket.destroy();
      if (error) reject(error);
      else resolve(address ?? host);
    };
    const abort = () => done(signal.reason as Error);
    signal.addEventListener('abort', abort);
    socket.once('connect', () => done());
    socket.once('error', done);
    socket.connect({ host, port });
  });
}

/**
 * @example await checkDnsTcp('ws-dns-tcp', 'http://127.0.0.1:4202', 10000)
 * // { id: 'ws-dns-tcp', status: 'pass', evidence: '127.0.0.1:4202 accepts connections (1 ms)', ... }
 */
export async function checkDnsTcp(id: CheckId, url: string, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  const { host, port } = endpoint(url);
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  let addresses: string[] = [host];
  if (!isIP(host)) {
    try {
      const found = await bounded(timeoutMs, () => lookup(host, { all: true }));
      addresses = found.map((entry) => entry.address);
    } catch (error) {
      const timedOut = error instanceof TimeoutError;
      return result(id, started, {
        status: 'fail',
        evidence: `${host} does not resolve: ${timedOut ? `no DNS answer within ${formatMs(timeoutMs)}` : errorText(error)}`,
        fix: `Check the host name in the URL (${url}) and its DNS record; the machine running the doctor must resolve it as the browser would.`,
        data: { host, port, code: timedOut ? 'TIMEOUT' : errorCode(error) },
      });
    }
  }
  const resolved = isIP(host) ? '' : `${host} is ${addresses.join(', ')}; `;
  const connectStarted = performance.now();
  try {
    const address = await bounded(timeoutMs, (signal) => connect(host, port, signal));
    const ms = Math.round(performance.now() - connectStarted);
    return result(id, started, {
      status: 'pass',
      evidence: `${resolved}${where} accepts connections (${address}, ${ms} ms)`,
      data: { host, port, addresses, address, connectMs: ms },
    });
  } catch (error) {
    const code = error instanceof TimeoutError ? 'TIMEOUT' : errorCode(error);
    const reason =
      code === 'ECONNREFUSED'
        ? 'connection refused'
        : code === 'TIMEOUT'
          ? `no answer within ${formatMs(timeoutMs)}`
          : errorText(error);
    const fix =
      code === 'ECONNREFUSED'
        ? `Nothing listens on ${where}: start the server, or correct the port in the URL (or the proxy that should forward it).`
        : code === 'TIMEOUT'
          ? `Packets to ${where} go unanswered: open the port in the firewall or security group, or correct the address.`
          : `Make ${where} reachable from here: ${reason}.`;
    return result(id, started, {
      status: 'fail',
      evidence: `${resolved}${where} does not accept connections: ${reason}`,
      fix,
      data: { host, port, addresses, code },
    });
  }
}
