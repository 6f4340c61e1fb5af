/**
 * The demo page's files, by an explicit list made at start: the page's top-level files of the kinds a
 * page uses, and the built widget. Nothing else is reachable, however a path is spelled (`%2F`, `..`).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

/** The kinds of file a page is made of; the server's data, sources and notes are none of them. */
const PAGE_FILE_TYPES = new Set(['.html', '.css', '.js', '.svg', '.png', '.ico', '.webp']);
/** What the page needs of the build. */
const WIDGET_FILES = ['regime-widget.js'];

export interface PageOptions {
  /** Where the demo page is. */
  staticDir: string;
  /** Where the built widget is. */
  distDir: string;
}

/** URL path → file, e.g. `/` and `/index.html` → `demo/index.html`, `/regime-widget.js` → `dist/regime-widget.js`. */
export function pageFiles({ staticDir, distDir }: PageOptions): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of existsSync(staticDir) ? readdirSync(staticDir) : []) {
    const path = join(staticDir, name);
    if (PAGE_FILE_TYPES.has(extname(name)) && statSync(path).isFile()) files.set(`/${name}`, path);
  }
  const index = files.get('/index.html');
  if (index) files.set('/', index);
  for (const name of WIDGET_FILES) files.set(`/${name}`, join(distDir, name));
  return files;
}

/**
 * @example app.use(servePage({ staticDir: 'demo', distDir: 'dist' }, log));
 */
export function servePage(options: PageOptions, log: Logger): RequestHandler {
  const files = pageFiles(options);
  if (!existsSync(join(options.distDir, 'regime-widget.js'))) {
    log.warn(
      { distDir: options.distDir },
      'dist/regime-widget.js is missing: run `npm run build` for the demo page to show widgets',
    );
  }
  return (req, res, next) => {
    const file = req.method === 'GET' || req.method === 'HEAD' ? files.get(req.path) : undefined;
    if (!file) return next();
    // A widget built after the start is served; one still missing is a 404 like any unknown path.
    res.sendFile(file, { dotfiles: 'deny' }, (error) => (error && !res.headersSent ? next() : undefined));
  };
}
