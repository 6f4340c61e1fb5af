/**
 * The core end-to-end set in every engine (test/engines): one project per engine, so each scenario
 * is written once and its title names the engine it ran in. Browsers are launched by the suite's own
 * fixtures (scripts/engines), not by Playwright: Playwright is the runner here, and Chromium's deep
 * suite stays in playwright.config.ts.
 */
import { defineConfig } from '@playwright/test';
import { ENGINES, type EngineName } from './scripts/engines/page.js';

export default defineConfig<object, { engineName: EngineName }>({
  testDir: 'test/engines',
  globalSetup: './scripts/fresh-bundle-setup.ts',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  projects: ENGINES.map((engineName) => ({ name: engineName, use: { engineName } })),
});
