/**
 * Builds the floor, bench/floor/FloorElement.svelte: the three libraries the stack prescribes
 * (Svelte's runtime with its custom-element wrapper, socket.io-client, uPlot) under a bare element,
 * with the widget's own build settings (vite.config.ts: target, WebSocket-only Engine.IO, minifier).
 * Its size is what any widget on this stack weighs before its own code.
 */
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'vite';
import widgetConfig from '../../vite.config.js';

export const FLOOR_OUT_DIR = fileURLToPath(new URL('../.build/floor', import.meta.url));
export const FLOOR_FILE = 'floor.js';

/** Builds bench/.build/floor/floor.js and returns its path. */
export async function buildFloor(): Promise<string> {
  const widget = widgetConfig({ mode: 'iife', command: 'build' });
  // The widget's plugins but its Svelte one, which reads the project's Svelte config.
  const plugins = (widget.plugins as (Plugin | Plugin[])[])
    .flat()
    .filter((plugin) => !plugin.name.startsWith('vite-plugin-svelte'));
  await build({
    configFile: false,
    logLevel: 'warn',
    plugins: [
      svelte({ configFile: false, compilerOptions: { runes: true, customElement: true } }),
      ...plugins,
    ],
    build: {
      ...widget.build,
      outDir: FLOOR_OUT_DIR,
      emptyOutDir: true,
      lib: {
        entry: fileURLToPath(new URL('./FloorElement.svelte', import.meta.url)),
        name: 'FloorRegimeWidget',
        formats: ['iife'],
        fileName: () => FLOOR_FILE,
      },
    },
  });
  return `${FLOOR_OUT_DIR}/${FLOOR_FILE}`;
}
