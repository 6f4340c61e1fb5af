// socket.io 2 ships no types; what test/interop/servers.ts uses of it.
declare module 'socket.io-v2' {
  import type { Server as HttpServer } from 'node:http';

  interface SocketV2 {
    on(event: string, listener: (...args: never[]) => void): void;
    emit(event: string, ...args: unknown[]): void;
  }
  interface NamespaceV2 {
    on(event: 'connection', listener: (socket: SocketV2) => void): void;
  }
  interface ServerV2 {
    of(name: string): NamespaceV2;
    /** Disconnects every client and closes the HTTP server. */
    close(done?: () => void): void;
  }
  export default function createServer(httpServer: HttpServer, options?: { path?: string }): ServerV2;
}
