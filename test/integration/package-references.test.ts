/**
 * What the package ships names no file it does not ship: an integrator has the package, not this
 * repository, so no comment, message or declaration may send them to `CONTRACT.md` or `src/...`.
 * Runs after `npm run build` (npm test builds first).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };

/** Every file of the package's `files` list, with the folders walked. */
function shipped(): string[] {
  return pkg.files
    .map((entry) => join(ROOT, entry))
    .flatMap((path) =>
      statSync(path).isDirectory()
        ? readdirSync(path, { recursive: true, encoding: 'utf8' }).map((file) => join(path, file))
        : [path],
    )
    .filter((path) => statSync(path).isFile());
}

/**
 * Names of this repository's files: its documents but the README (npm ships that one), and paths
 * under its folders that the package leaves out. Web addresses are not files.
 */
function outsideNames(text: string): string[] {
  const withoutUrls = text.replace(/\bhttps?:\/\/\S+/g, '');
  const documents = withoutUrls.match(/\b(?!README\.md)[\w-]+\.md\b/g) ?? [];
  const paths = withoutUrls.match(/(?<![\w./-])(?:src|demo|docs|test|scripts|bench)\/[\w./-]*\w/g) ?? [];
  return [...documents, ...paths];
}

describe('the shipped files', () => {
  it('include the build (npm run build ran)', () => {
    expect(existsSync(join(ROOT, 'dist/regime-widget.js'))).toBe(true);
    expect(existsSync(join(ROOT, 'dist/doctor/cli.js'))).toBe(true);
    expect(existsSync(join(ROOT, 'dist/types/index.d.ts'))).toBe(true);
  });

  it('name no file outside the package, in code, comments or declarations', () => {
    const found = shipped().flatMap((path) =>
      outsideNames(readFileSync(path, 'utf8')).map((name) => `${relative(ROOT, path)}: ${name}`),
    );
    expect(found).toEqual([]);
  });

  it('the check itself finds such names', () => {
    expect(outsideNames('see CONTRACT.md section 6, src/feed/mode.ts and README.md')).toEqual([
      'CONTRACT.md',
      'src/feed/mode.ts',
    ]);
    expect(outsideNames('https://socket.io/docs/v3/migrating-from-2-x-to-3-0/')).toEqual([]);
  });
});
