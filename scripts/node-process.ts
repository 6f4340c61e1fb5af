/**
 * A served-backend node as its own process (`npm run serve`), for the tests and the benchmark that
 * must kill one outright or measure its memory: started with the given arguments, ready once it says
 * where it listens.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface NodeProcess {
  /** `http://127.0.0.1:port`. */
  url: string;
  port: number;
  child: ChildProcess;
  /** What it printed so far (pino's JSON lines among it). */
  log(): string;
  /** SIGKILL, and resolves once it is gone. */
  kill(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const START_LIMIT_MS = 30_000;

/**
 * @example const node = await startNodeProcess(['--port', '0', '--redis', redis.url], { INGEST_TOKEN: 't' });
 */
export function startNodeProcess(args: string[], env: Record<string, string> = {}): Promise<NodeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the node did not start within ${START_LIMIT_MS} ms:\n${output}`));
    }, START_LIMIT_MS);
    const read = () => {
      const url = /regime-widget (?:server|demo): (http:\/\/\S+?)\/?\n/.exec(output)?.[1];
      if (!url) return;
      clearTimeout(timer);
      child.stdout?.off('data', read);
      resolve({
        url,
        port: Number(new URL(url).port),
        child,
        log: () => output,
        kill: () => {
          child.kill('SIGKILL');
          return gone;
        },
      });
    };
    child.stdout?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the node exited with ${code}:\n${output}`));
    });
  });
}
