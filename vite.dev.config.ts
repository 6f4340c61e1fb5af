/**
 * `npm run dev`: the demo page served by Vite from the widget's sources (reloads on every change),
 * with REST and Socket.IO proxied to the reference server that `npm run dev` starts beside it.
 */
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';
import { uplotAnyLocale } from './scripts/uplot-any-locale.js';

const backend = `http://127.0.0.1:${process.env.PORT ?? 4202}`;

/** The demo page loads the built script; in development it loads the sources instead. */
function widgetFromSources(): Plugin {
  return {
    name: 'widget-from-sources',
    transformIndexHtml: (html) =>
      html.replace(
        /<script src="\/regime-widget\.js"><\/script>/,
        '<script type="module" src="/src/index.ts"></script>',
      ),
  };
}

export default defineConfig({
  root: 'demo',
  // root is demo/: name the project's Svelte config, which makes RegimeWidget.svelte a custom element.
  plugins: [
    svelte({ configFile: new URL('./svelte.config.js', import.meta.url).pathname }),
    widgetFromSources(),
    uplotAnyLocale(),
  ],
  // Pre-bundled dependencies skip the plugins: uPlot is served as it is, so its locale guard applies.
  optimizeDeps: { exclude: ['uplot'] },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    fs: { allow: ['..'] },
    proxy: {
      '/api': backend,
      '/socket.io': { target: backend, ws: true },
    },
  },
  resolve: { alias: { '/src': new URL('./src', import.meta.url).pathname } },
});
