/**
 * The reference server's old entry point, kept for branches that still import it from here: the
 * served backend lives in `server/` now (`server/src/app.ts`).
 */
export * from '../../server/src/app.js';
