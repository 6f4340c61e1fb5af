import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { uplotAnyLocale } from './scripts/uplot-any-locale.js';

/**
 * Escapes every non-ASCII character of the output as \uXXXX, so the script reads the same on a
 * page of any charset (windows-1251 included). Safe in strings, templates, regexes and comments,
 * which is where a minified bundle has them.
 */
function asciiOnly(): Plugin {
  const escape = (code: string) =>
    code.replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return {
    name: 'ascii-only',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'chunk') chunk.code = escape(chunk.code);
      }
    },
  };
}

/**
 * The widget's socket uses the WebSocket, and Engine.IO long-polling when the WebSocket cannot pass,
 * so the bundle keeps those two transports and leaves out WebTransport. Long-polling is Engine.IO's
 * `fetch()` transport: 0.7 KB gzipped smaller than the XMLHttpRequest one, and every browser the
 * build targets (ES2022) has `fetch`.
 */
function websocketAndPolling(): Plugin {
  const shim = '\0engine.io-websocket-and-polling';
  return {
    name: 'websocket-and-polling',
    enforce: 'pre',
    resolveId(id, importer) {
      if (id === './transports/index.js' && importer?.includes('/engine.io-client/build/esm/socket.js'))
        return shim;
      return null;
    },
    transform(_code, id) {
      // Engine.IO's index re-exports every transport, and some probe the browser at load time
      // (XMLHttpRequest, WebTransport); marked free of side effects, the unused ones drop out.
      if (id.includes('/node_modules/engine.io-client/')) return { code: _code, moduleSideEffects: false };
      return null;
    },
    load(id) {
      if (id !== shim) return null;
      const transport = (file: string) =>
        JSON.stringify(
          fileURLToPath(
            new URL(`./node_modules/engine.io-client/build/esm/transports/${file}`, import.meta.url),
          ),
        );
      return (
        `import { WS } from ${transport('websocket.js')};\n` +
        `import { Fetch } from ${transport('polling-fetch.js')};\n` +
        'export const transports = { websocket: WS, polling: Fetch };\n'
      );
    },
  };
}

/**
 * Svelte creates a custom element's class when its module loads, and the class extends `HTMLElement`,
 * which Node (a server render, a backend importing the validators) does not have. Created only where
 * `HTMLElement` exists, the bundle imports everywhere and defines the element only in a browser.
 */
function elementOnlyWithDom(): Plugin {
  // The statement that creates the class: `$.create_custom_element(...)`, or with a tag,
  // `customElements.define('tag', $.create_custom_element(...))`.
  const creation = /\n(?=(?:customElements\.define\([^,]+,\s*)?\$\.create_custom_element\()/;
  return {
    name: 'element-only-with-dom',
    transform(code, id) {
      if (!id.endsWith('.svelte') || !code.includes('create_custom_element')) return null;
      if (!creation.test(code)) throw new Error(`${id}: Svelte no longer creates the element as expected`);
      return { code: code.replace(creation, `\ntypeof HTMLElement === 'function' && `), map: null };
    },
  };
}

/**
 * `src/index.ts` defines the elements when it loads; package.json's `sideEffects` names only the
 * built files, so the classic script's entry (`src/script.ts`, which exports nothing) says so here.
 */
function entryHasEffects(): Plugin {
  return {
    name: 'entry-has-effects',
    transform(code, id) {
      return id.endsWith('/src/index.ts') ? { code, moduleSideEffects: true, map: null } : null;
    },
  };
}

/**
 * Svelte's runtime sets an enumerable `__e` on `Element.prototype` (a speed hint for its event
 * delegation, which reads `element.__e` and finds `undefined` as well without it), and would
 * overwrite a page's own: the bundle leaves it out, and fails to build if Svelte changes the line.
 */
function noPrototypeMark(): Plugin {
  const mark = /\n\s*\/\/ @ts-expect-error\n\s*element_prototype\.__e = undefined;/;
  return {
    name: 'no-prototype-mark',
    transform(code, id) {
      if (!id.includes('/svelte/src/internal/client/dom/operations.js')) return null;
      if (!mark.test(code)) throw new Error(`${id}: Svelte no longer marks Element.prototype as expected`);
      return { code: code.replace(mark, ''), map: null };
    },
  };
}

/**
 * What ships keeps no comment that names a file of this repository, which an installed package
 * does not have: no `// src/...` line per module, and no doc comments (the types carry those).
 */
export const SHIPPED_COMMENTS = {
  experimental: { attachDebugInfo: 'none' },
  output: { comments: { legal: true, annotation: true, jsdoc: false } },
} as const;

// `vite build` writes the ES module for bundlers (dependencies external); `vite build --mode iife`
// writes dist/regime-widget.js, the one classic script a page needs.
export default defineConfig(({ mode }) => {
  const iife = mode === 'iife';
  return {
    plugins: [
      svelte(),
      elementOnlyWithDom(),
      noPrototypeMark(),
      entryHasEffects(),
      websocketAndPolling(),
      uplotAnyLocale(),
      asciiOnly(),
    ],
    build: {
      target: 'es2022',
      emptyOutDir: !iife,
      sourcemap: process.env.SOURCEMAP === '1',
      minify: iife,
      lib: {
        // The ES build also writes dist/contract.mjs: the payload types' checks, free of the DOM.
        entry: iife
          ? 'src/script.ts'
          : { 'regime-widget': 'src/index.ts', contract: 'src/contract/index.ts' },
        name: 'RegimeWidget',
        formats: [iife ? 'iife' : 'es'],
        fileName: (_format, entry) => (iife ? 'regime-widget.js' : `${entry}.mjs`),
      },
      // uPlot is bundled in both builds: only the bundled copy has its locale guard (uplot-any-locale.ts).
      // The minified script keeps no comments anyway.
      rollupOptions: iife
        ? {}
        : { external: [/^svelte(\/|$)/, /^socket\.io-client(\/|$)/], ...SHIPPED_COMMENTS },
    },
  };
});
