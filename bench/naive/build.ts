/**
 * Builds the naive baseline into one classic script, as `npm run build` does the widget: Vite, IIFE,
 * minified. Only the benchmark loads it.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const NAIVE_OUT_DIR = fileURLToPath(new URL('../.build', import.meta.url));
export const NAIVE_FILE = 'naive-widget.js';

/** Builds bench/.build/naive-widget.js and returns its path. */
export async function buildNaive(): Promise<string> {
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: NAIVE_OUT_DIR,
      emptyOutDir: true,
      target: 'es2022',
      minify: true,
      lib: {
        entry: fileURLToPath(new URL('./naive-widget.ts', import.meta.url)),
        name: 'NaiveRegimeWidget',
        formats: ['iife'],
        fileName: () => NAIVE_FILE,
      },
    },
  });
  return `${NAIVE_OUT_DIR}/${NAIVE_FILE}`;
}
