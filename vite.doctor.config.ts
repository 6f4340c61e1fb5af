import { defineConfig } from 'vite';
import { SHIPPED_COMMENTS } from './vite.config.js';

// `npm run build:doctor` writes dist/doctor/cli.js: the `regime-widget doctor` command as one ES
// module for Node, its dependencies (commander, socket.io-client) left as imports.
export default defineConfig({
  build: {
    ssr: 'src/doctor/cli.ts',
    outDir: 'dist/doctor',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: {
      ...SHIPPED_COMMENTS,
      output: { ...SHIPPED_COMMENTS.output, format: 'es', entryFileNames: 'cli.js' },
    },
  },
});
