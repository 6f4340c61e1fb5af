/**
 * `npm run mutants [-- name ...]`: applies each mutation of mutations.ts to a scratch copy of the
 * working tree (node_modules linked, not copied), runs only the tests that must catch it, and prints
 * whether they did and the score (a mutant that times out or does not build counts as caught). The
 * working tree is never touched. Not part of `npm test`: it shows that the tests still bite, e.g.
 * after a refactor.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MUTATIONS, type Mutation } from './mutations.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** One mutant's build and tests at most: a hang counts as caught, but must not hold the run. */
const MUTANT_LIMIT_MS = 8 * 60_000;

type Outcome = 'caught' | 'survived' | 'timed out' | 'does not build';

/** The working tree as it is (tracked and new files, edits included), without what git ignores. */
function scratchCopy(): string {
  const scratch = mkdtempSync(join(tmpdir(), 'regime-mutants-'));
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    mkdirSync(dirname(join(scratch, file)), { recursive: true });
    cpSync(join(ROOT, file), join(scratch, file), { dereference: false });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(scratch, 'node_modules'), 'dir');
  return scratch;
}

/** Runs a command in the scratch copy; resolves with its exit code, or `timed out`. */
function run(cwd: string, command: string, args: string[], deadline: number): Promise<number | 'timed out'> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(
      () => {
        // The whole group: vitest's and Playwright's workers and browsers with it.
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        resolve('timed out');
      },
      Math.max(0, deadline - Date.now()),
    );
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (process.env.MUTANTS_VERBOSE) process.stdout.write(output);
      resolve(code ?? 1);
    });
  });
}

/** The command that runs a test file: Playwright for the browser specs, vitest for the rest. */
function testCommands({ tests, grep }: Mutation): [string, string[]][] {
  const browser = tests.filter((test) => test.startsWith('test/e2e/'));
  const node = tests.filter((test) => !test.startsWith('test/e2e/'));
  const commands: [string, string[]][] = [];
  if (node.length > 0) commands.push(['npx', ['vitest', 'run', ...node, ...(grep ? ['-t', grep] : [])]]);
  if (browser.length > 0)
    commands.push(['npx', ['playwright', 'test', ...browser, ...(grep ? ['-g', grep] : [])]]);
  return commands;
}

/** Runs a mutation's tests in the scratch copy as it is: true when they pass. */
async function testsPass(
  scratch: string,
  mutation: Mutation,
  deadline: number,
): Promise<boolean | 'timed out'> {
  for (const [command, args] of testCommands(mutation)) {
    const code = await run(scratch, command, args, deadline);
    if (code === 'timed out') return code;
    if (code !== 0) return false;
  }
  return true;
}

/** A mutation applies to exactly one place; after a refactor moved its code, it must be updated. */
function assertApplies(scratch: string, mutation: Mutation): void {
  const found = readFileSync(join(scratch, mutation.file), 'utf8').split(mutation.search).length - 1;
  if (found !== 1) {
    throw new Error(
      `mutation "${mutation.name}": ${mutation.file} has its search text ${found} times, not once; update mutations.ts`,
    );
  }
}

async function tryMutant(scratch: string, mutation: Mutation): Promise<Outcome> {
  const file = join(scratch, mutation.file);
  const original = readFileSync(file, 'utf8');
  writeFileSync(file, original.replace(mutation.search, mutation.replace));
  const deadline = Date.now() + MUTANT_LIMIT_MS;
  try {
    // The tests that run dist/ refuse a stale build (scripts/fresh-build.ts): build the mutant.
    for (const build of mutation.builds ?? []) {
      const code = await run(scratch, 'npx', ['vite', 'build', ...BUILDS[build]], deadline);
      if (code === 'timed out') return code;
      if (code !== 0) return 'does not build';
    }
    const passed = await testsPass(scratch, mutation, deadline);
    return passed === 'timed out' ? passed : passed ? 'survived' : 'caught';
  } finally {
    writeFileSync(file, original);
  }
}

const BUILDS: Record<NonNullable<Mutation['builds']>[number], string[]> = {
  iife: ['--mode', 'iife', '--logLevel', 'error'],
  doctor: ['--config', 'vite.doctor.config.ts', '--logLevel', 'error'],
};

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const chosen = MUTATIONS.filter((m) => only.length === 0 || only.some((word) => m.name.includes(word)));
  if (chosen.length === 0) throw new Error(`no mutation matches ${only.join(', ')}`);
  if (chosen.some((m) => m.tests.some((test) => test.startsWith('test/e2e/')))) {
    const found = spawnSync('bash', ['scripts/ensure-chromium.sh'], { cwd: ROOT, encoding: 'utf8' });
    if (found.status !== 0) throw new Error(`no Chromium for the browser tests: ${found.stderr}`);
    process.env.CHROMIUM_PATH = found.stdout.trim();
  }
  const scratch = scratchCopy();
  console.log(`${chosen.length} mutations, in a scratch copy at ${scratch}`);
  let caught = 0;
  try {
    for (const mutation of chosen) assertApplies(scratch, mutation);
    // The unmutated code first: a test that fails there (or a grep that finds nothing) proves nothing.
    const builds = new Set(chosen.flatMap((m) => m.builds ?? []));
    for (const build of builds) {
      const code = await run(
        scratch,
        'npx',
        ['vite', 'build', ...BUILDS[build]],
        Date.now() + MUTANT_LIMIT_MS,
      );
      if (code !== 0) throw new Error(`the ${build} build of the unmutated code failed (${code})`);
    }
    for (const mutation of chosen) {
      if ((await testsPass(scratch, mutation, Date.now() + MUTANT_LIMIT_MS)) !== true) {
        throw new Error(
          `the tests for "${mutation.name}" do not pass on the unmutated code (MUTANTS_VERBOSE=1 shows them): fix them first`,
        );
      }
    }
    console.log("every mutation's tests pass on the unmutated code");
    for (const mutation of chosen) {
      const started = Date.now();
      const outcome = await tryMutant(scratch, mutation);
      if (outcome !== 'survived') caught++;
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      console.log(`${outcome === 'survived' ? 'SURVIVED' : outcome} (${seconds} s): ${mutation.name}`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  console.log(`mutation score: ${caught}/${chosen.length} caught`);
  process.exitCode = caught === chosen.length ? 0 : 1;
}

await main();
