/**
 * Runs the built `regime-widget doctor` as a child process, the way an integrator runs it, against
 * the reference server or the network oddities it cannot show: a black-holed port and a closed one.
 * Everything a test opens is closed when that test finishes, so the tests of a file run at once.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TestContext } from 'vitest';
import type { ReferenceServer, ServerOptions } from '../../server/src/app.js';
import { assertFreshBuild } from '../../scripts/fresh-build.js';
import { closedPort as freePort, startBlackHole } from '../../scripts/loopback.js';
import type { CheckId, CheckResult } from '../../src/doctor/check.js';
import type { DoctorDocument } from '../../src/doctor/report.js';
import { startQuietServer } from '../quiet-server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/regime-widget.js');

// The tests run the build: a missing or stale one fails them loudly instead of testing old code.
assertFreshBuild(['dist/doctor/cli.js'], 'npm run build:doctor');

/**
 * Each test's time limit. A run takes 1 to 3 s, but these tests spawn Node processes on machines
 * that may be busy (CI, a 2-core box running the browser tests beside them).
 */
export const LOADED_MACHINE_MS = 20_000;

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr as the terminal would get them, byte for byte. */
  bytes: { stdout: Buffer; stderr: Buffer };
  /** Wall time from spawn to exit: the process must end by itself, promptly. */
  ms: number;
  /** The process's peak resident memory in bytes (its `maxRSS`), read as it exited. */
  peakBytes: number;
}

/** Loaded into the doctor's process: writes its peak memory to a file as it exits. */
const PEAK_MEMORY = join(ROOT, 'test/doctor/peak-memory.mjs');

/** Runs `regime-widget <args>`; kills it (and fails) if it has not exited after `limitMs`. */
export function regimeWidget(args: string[], limitMs = LOADED_MACHINE_MS - 5000): Promise<Run> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'regime-doctor-'));
  const peakFile = join(dir, 'peak');
  return new Promise<Run>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', pathToFileURL(PEAK_MEMORY).href, BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', PEAK_MEMORY_FILE: peakFile },
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => {
      child.kill();
      reject(
        new Error(
          `regime-widget ${args.join(' ')} did not exit within ${limitMs} ms\n${Buffer.concat(stdout)}\n${Buffer.concat(stderr)}`,
        ),
      );
    }, limitMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const bytes = { stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) };
      resolve({
        code,
        stdout: bytes.stdout.toString(),
        stderr: bytes.stderr.toString(),
        bytes,
        ms: performance.now() - started,
        peakBytes: Number(readFileSync(peakFile, 'utf8')),
      });
    });
  }).finally(() => rmSync(dir, { recursive: true, force: true }));
}

export interface Diagnosis extends Run {
  report: DoctorDocument;
  check(id: CheckId): CheckResult;
}

/** `regime-widget doctor <args> --json`, its document parsed. */
export async function diagnose(args: string[]): Promise<Diagnosis> {
  const run = await regimeWidget(['doctor', ...args, '--json']);
  let report: DoctorDocument;
  try {
    report = JSON.parse(run.stdout) as DoctorDocument;
  } catch {
    throw new Error(`stdout is not one JSON document (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
  return {
    ...run,
    report,
    check(id) {
      const found = report.checks.find((check) => check.id === id);
      if (!found) throw new Error(`no check ${id} in the report`);
      return found;
    },
  };
}

/** The statuses of every check, by id: the whole picture in one assertion. */
export function statuses(report: DoctorDocument): Record<string, string> {
  return Object.fromEntries(report.checks.map((check) => [check.id, check.status]));
}

/**
 * The test's own `onTestFinished`: under `describe.concurrent` only the context's hook knows which
 * test is finishing (the global one may close another test's server mid-run).
 */
export type Cleanup = TestContext['onTestFinished'];

/** A silent reference server on a free loopback port, closed when the test finishes; its clock is slow unless asked. */
export async function referenceServer(
  cleanup: Cleanup,
  options: ServerOptions = {},
): Promise<ReferenceServer> {
  const server = await startQuietServer(options);
  cleanup(() => server.close());
  return server;
}

/** A port that accepts connections and never answers a byte (a stalled proxy, a firewall's tarpit). */
export async function blackHole(cleanup: Cleanup): Promise<string> {
  const hole = await startBlackHole();
  cleanup(hole.close);
  return `http://127.0.0.1:${hole.port}`;
}

/** A loopback port nothing listens on: one that was free a moment ago. */
export async function closedPort(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}
