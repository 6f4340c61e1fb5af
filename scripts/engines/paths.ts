/**
 * Where the system's Firefox and WebKit are, installing them first when they are missing and we may
 * (scripts/ensure-engines.sh). Each path can be set from the environment instead.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

let ensured = false;

/** Runs scripts/ensure-engines.sh once per process: installs what is missing, or throws why not. */
function ensure(): void {
  if (ensured) return;
  execFileSync('bash', [new URL('../ensure-engines.sh', import.meta.url).pathname], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  ensured = true;
}

/** The first of `candidates` that exists, after installing once if none does. */
function find(what: string, candidates: () => (string | undefined)[]): string {
  for (let attempt = 0; attempt < 2; attempt++) {
    const found = candidates().find((path) => path && existsSync(path));
    if (found) return found;
    ensure();
  }
  throw new Error(`${what} not found (scripts/ensure-engines.sh says what to install)`);
}

const onPath = (name: string) => (process.env.PATH ?? '').split(':').map((dir) => `${dir}/${name}`);

/** `FIREFOX_PATH`, else Debian's firefox-esr. */
export function firefoxPath(): string {
  return find('Firefox', () => [process.env.FIREFOX_PATH, ...onPath('firefox-esr'), ...onPath('firefox')]);
}

/** `WEBKIT_DRIVER_PATH`, else WebKitGTK's WebKitWebDriver (Debian's webkit2gtk-driver). */
export function webkitDriverPath(): string {
  return find('WebKitWebDriver', () => [process.env.WEBKIT_DRIVER_PATH, ...onPath('WebKitWebDriver')]);
}

/** `MINIBROWSER_PATH`, else WebKitGTK's MiniBrowser under /usr/lib/<multiarch triplet>/webkit2gtk-4.1. */
export function miniBrowserPath(): string {
  return find('MiniBrowser', () => [
    process.env.MINIBROWSER_PATH,
    ...readdirSync('/usr/lib').map((dir) => `/usr/lib/${dir}/webkit2gtk-4.1/MiniBrowser`),
  ]);
}

/** xvfb-run, which gives MiniBrowser (it has no headless mode) a display of its own. */
export function xvfbRunPath(): string {
  return find('xvfb-run', () => onPath('xvfb-run'));
}
