/**
 * A Socket.IO server written at the protocol's level (v5) on a real Engine.IO server (`engine.io`,
 * what Node's `socket.io` itself runs on), for what no `socket.io` server can be made to send: a
 * namespace refused with python-socketio's plain string, or with no data at all. It serves the
 * namespaces it is told to (acknowledging `subscribe`) and refuses every other one as scripted.
 * Loopback, port 0; the test closes it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { attach } from 'engine.io';

export interface ScriptedSocketServerOptions {
  /** The namespaces served. */
  serve: string[];
  /** The data of the CONNECT_ERROR for any other namespace, as JSON text; `''`: no data at all. */
  refusal: string;
}

export interface ScriptedSocketServer {
  url: string;
  /** The namespaces clients asked for, in order. */
  readonly asked: string[];
  close(): Promise<void>;
}

/** A packet's namespace prefix: none for `/`. */
const prefix = (nsp: string) => (nsp === '/' ? '' : `${nsp},`);

export async function startScriptedSocketServer(
  options: ScriptedSocketServerOptions,
): Promise<ScriptedSocketServer> {
  const http = createServer((_req, res) => res.writeHead(404).end());
  const engine = attach(http, { path: '/socket.io', transports: ['websocket'] });
  const asked: string[] = [];
  engine.on('connection', (socket) => {
    socket.on('message', (data: unknown) => {
      const text = String(data);
      const type = text[0];
      const comma = text.indexOf(',');
      const nsp = text[1] === '/' ? text.slice(1, comma === -1 ? undefined : comma) : '/';
      const body = text.slice(text[1] === '/' ? (comma === -1 ? text.length : comma + 1) : 1);
      if (type === '0') {
        asked.push(nsp);
        socket.send(
          options.serve.includes(nsp)
            ? `0${prefix(nsp)}${JSON.stringify({ sid: `${nsp}-sid` })}`
            : `4${prefix(nsp)}${options.refusal}`,
        );
      } else if (type === '2' && options.serve.includes(nsp)) {
        // `<ack id>["subscribe", key]`: acknowledged.
        const id = /^\d+/.exec(body)?.[0];
        if (id !== undefined) socket.send(`3${prefix(nsp)}${id}${JSON.stringify([{ ok: true }])}`);
      }
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    asked,
    async close() {
      engine.close();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}
