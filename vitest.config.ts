import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';
import { uplotAnyLocale } from './scripts/uplot-any-locale.js';

export default defineConfig({
  // Shared by both projects (`extends: true`).
  test: {
    restoreMocks: true,
    testTimeout: 15000,
    projects: [
      {
        // Pure logic, the reference server and the doctor: Node, no DOM.
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/{unit,integration,server,doctor}/**/*.test.ts'],
        },
      },
      {
        // The custom element in jsdom, compiled by Svelte for the browser.
        extends: true,
        plugins: [svelte(), uplotAnyLocale()],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'element',
          // Through Vite's pipeline, as the build takes it: uPlot with its locale guard.
          server: { deps: { inline: ['uplot'] } },
          environment: 'jsdom',
          include: ['test/element/**/*.test.ts'],
          setupFiles: ['test/element/setup.ts'],
        },
      },
    ],
  },
});
