/**
 * Builds the baselines into classic scripts, as `npm run build` does the widget: Vite, IIFE,
 * minified. Only the benchmark loads them.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const NAIVE_OUT_DIR = fileURLToPath(new URL('../.build', import.meta.url));
export const NAIVE_FILE = 'naive-widget.js';
export const TEXT_FILE = 'text-widget.js';

async function buildBaseline(entry: string, file: string, emptyOutDir: boolean): Promise<string> {
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: NAIVE_OUT_DIR,
      emptyOutDir,
      target: 'es2022',
      minify: true,
      lib: {
        entry: fileURLToPath(new URL(entry, import.meta.url)),
        name: 'Baseline',
        formats: ['iife'],
        fileName: () => file,
      },
    },
  });
  return `${NAIVE_OUT_DIR}/${file}`;
}

/** Builds bench/.build/naive-widget.js and returns its path. */
export function buildNaive(): Promise<string> {
  return buildBaseline('./naive-widget.ts', NAIVE_FILE, true);
}

/** Builds bench/.build/text-widget.js (the text-only baseline) and returns its path; after buildNaive. */
export function buildText(): Promise<string> {
  return buildBaseline('./text-widget.ts', TEXT_FILE, false);
}
