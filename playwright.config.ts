import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './scripts/chromium.js';

export default defineConfig({
  testDir: 'test/e2e',
  globalSetup: './scripts/fresh-bundle-setup.ts',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  projects: [
    { name: 'e2e', testIgnore: '**/timing.spec.ts' },
    // The contract's wall-clock deadlines, alone on the machine once everything else has finished
    // (`--no-deps` runs them without the rest).
    { name: 'timing', testMatch: '**/timing.spec.ts', dependencies: ['e2e'] },
  ],
  use: {
    browserName: 'chromium',
    launchOptions: {
      // Debian's Chromium: Playwright cannot download its own browser on these machines.
      executablePath: chromiumPath(),
      args: CHROMIUM_ARGS,
    },
  },
});
