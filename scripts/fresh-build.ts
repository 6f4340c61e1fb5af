/**
 * The one staleness rule for every test that runs the build (dist/): a built file must exist and be
 * newer than every source it may come from, or the test fails at once, saying what to run. `npm test`
 * builds first; this guards targeted runs (`npx vitest run test/doctor/…`, `npx playwright test …`),
 * which would otherwise test yesterday's code and pass.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * What a build is made of: all of src/ (the doctor imports the feed, the contract and the element's
 * defaults; the bundle all of it), the build configs and the plugin they use.
 */
const INPUTS = ['src', 'vite.config.ts', 'vite.doctor.config.ts', 'scripts/uplot-any-locale.ts'];

function newestInput(): { file: string; mtimeMs: number } {
  let newest = { file: '', mtimeMs: -Infinity };
  const visit = (path: string) => {
    const stat = statSync(path);
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else if (stat.mtimeMs > newest.mtimeMs) newest = { file: path, mtimeMs: stat.mtimeMs };
  };
  for (const input of INPUTS) visit(join(ROOT, input));
  return newest;
}

/**
 * Throws, naming the file and the command, when a built file is missing or older than a source.
 * @example assertFreshBuild(['dist/doctor/cli.js'], 'npm run build:doctor');
 */
export function assertFreshBuild(built: string[], command = 'npm run build'): void {
  const newest = newestInput();
  for (const file of built) {
    const path = join(ROOT, file);
    if (!existsSync(path)) throw new Error(`${file} is missing: run \`${command}\` before these tests.`);
    if (statSync(path).mtimeMs < newest.mtimeMs) {
      throw new Error(
        `${file} is older than ${relative(ROOT, newest.file)}: these tests would run the old build. ` +
          `Run \`${command}\` first (\`npm test\` builds by itself).`,
      );
    }
  }
}
