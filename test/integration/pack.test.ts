/**
 * The package as `npm publish` would make it from a fresh clone: the files git holds, no `dist`
 * yet, and `npm pack --dry-run`. Its `prepack` builds, so the package lists `dist` with every file
 * that `exports`, `bin` and the manifest point at, and the LICENSE that `"license"` names.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const run = promisify(execFile);
let clone: string;

/** Every string value in `exports` (or any nested condition), as a path without `./`. */
function targets(value: unknown): string[] {
  if (typeof value === 'string') return [value.replace(/^\.\//, '')];
  return Object.values(value as Record<string, unknown>).flatMap(targets);
}

beforeAll(async () => {
  // What a clone holds: tracked files and new ones not ignored (never dist/), with their content now.
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
  });
  clone = mkdtempSync(join(tmpdir(), 'regime-widget-clone-'));
  for (const file of stdout.split('\0').filter(Boolean)) {
    if (!existsSync(join(ROOT, file))) continue;
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    cpSync(join(ROOT, file), join(clone, file));
  }
  // `npm ci` would install the same tree; linking it saves minutes.
  symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
});

afterAll(() => rmSync(clone, { recursive: true, force: true }));

describe('npm pack from a fresh clone', () => {
  it('builds first and lists dist, LICENSE and every file the package.json points at', async () => {
    expect(existsSync(join(clone, 'dist'))).toBe(false);
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json'], {
      cwd: clone,
      maxBuffer: 16 * 1024 * 1024,
    });
    // prepack's build logs come first on the same stream; the JSON report is the rest.
    const report = JSON.parse(stdout.slice(stdout.indexOf('\n[\n') + 1)) as [{ files: { path: string }[] }];
    const files = report[0].files.map((file) => file.path);

    const pkg = JSON.parse(readFileSync(join(clone, 'package.json'), 'utf8')) as Record<string, unknown>;
    const wanted = [
      'LICENSE',
      'dist/regime-widget.js',
      'dist/doctor/cli.js',
      ...targets(pkg.exports),
      ...targets(pkg.bin),
      ...targets(pkg.types),
      ...targets(pkg.customElements),
    ];
    expect(wanted.filter((file) => !files.includes(file))).toEqual([]);
    expect(readFileSync(join(clone, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    expect(pkg.license).toBe('MIT');
  }, 300_000);
});
