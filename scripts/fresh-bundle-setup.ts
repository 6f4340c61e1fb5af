/** Playwright's global setup for the browser tests: they serve dist/regime-widget.js, which must be fresh. */
import { assertFreshBuild } from './fresh-build.js';

export default function freshBundle(): void {
  assertFreshBuild(['dist/regime-widget.js']);
}
