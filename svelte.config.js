import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/vite-plugin-svelte').SvelteConfig} */
export default {
  preprocess: vitePreprocess(),
  // `tree` fragments build templates with createElement, not innerHTML: the element works on a page
  // whose CSP requires Trusted Types, with no policy to allow. No `window.__svelte` version mark.
  compilerOptions: { runes: true, fragments: 'tree', discloseVersion: false },
  vitePlugin: {
    // Only the elements themselves are custom elements; their parts are plain components.
    dynamicCompileOptions({ filename }) {
      if (/Regime(Widget|Signals)\.svelte$/.test(filename)) return { customElement: true };
    },
  },
};
