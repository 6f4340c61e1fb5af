import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/vite-plugin-svelte').SvelteConfig} */
export default {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  vitePlugin: {
    // Only the element itself is a custom element; its parts are plain components.
    dynamicCompileOptions({ filename }) {
      if (filename.endsWith('RegimeWidget.svelte')) return { customElement: true };
    },
  },
};
