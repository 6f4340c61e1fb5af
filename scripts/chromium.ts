/**
 * The Chromium the browser tests and the benchmark drive: Debian's build (Playwright cannot
 * download its own here), with flags that keep it from making traffic of its own.
 */
import { execFileSync } from 'node:child_process';

/** No sandbox (containers, root), no GPU, no background connections (refused on these machines). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** `CHROMIUM_PATH`, else what scripts/ensure-chromium.sh finds or installs. */
export function chromiumPath(): string {
  return (
    process.env.CHROMIUM_PATH ||
    execFileSync('bash', ['scripts/ensure-chromium.sh'], { encoding: 'utf8' }).trim()
  );
}
