/**
 * A throwaway Redis for the tests and the benchmark: Debian's redis-server on a free loopback port,
 * nothing saved to disk, stopped (or restarted on the same port) on demand.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closedPort } from './loopback.js';

export interface RedisServer {
  url: string;
  port: number;
  /** Kills it; clients see the connection drop. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty (nothing is persisted). */
  start(): Promise<void>;
}

const READY = /Ready to accept connections/;
const START_LIMIT_MS = 10_000;

/** `REDIS_SERVER_PATH` (as scripts/ensure-tool.sh finds it) or `redis-server` on the PATH. */
function executable(): string {
  return process.env.REDIS_SERVER_PATH || 'redis-server';
}

function launch(port: number): Promise<ChildProcess> {
  const child = spawn(
    executable(),
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--loglevel',
      'notice',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => fail(new Error(`redis-server did not start within ${START_LIMIT_MS} ms`)),
      START_LIMIT_MS,
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n${output}`));
    };
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (!READY.test(output)) return;
      clearTimeout(timer);
      child.stdout?.off('data', read);
      resolve(child);
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error) =>
      fail(
        new Error(
          `could not run ${executable()} (scripts/ensure-tool.sh redis-server redis-server REDIS_SERVER_PATH installs it): ${error.message}`,
        ),
      ),
    );
    child.once('exit', (code) => fail(new Error(`redis-server exited with ${code}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * @example const redis = await startRedis(); ... await redis.stop();
 */
export async function startRedis(): Promise<RedisServer> {
  const port = await closedPort();
  let child: ChildProcess | undefined = await launch(port);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      const running = child;
      child = undefined;
      if (!running) return;
      running.kill('SIGKILL');
      await exited(running);
    },
    async start() {
      if (child) return;
      child = await launch(port);
    },
  };
}
