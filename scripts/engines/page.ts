/**
 * The one surface every end-to-end scenario and per-engine benchmark is written against, whatever
 * drives the browser underneath (the DevTools protocol, WebDriver BiDi or classic WebDriver).
 */

export type EngineName = 'chromium' | 'firefox' | 'webkit';

/** Every engine, in the order the tests and the benchmark run them. */
export const ENGINES: readonly EngineName[] = ['chromium', 'firefox', 'webkit'];

/** The keys the scenarios press: moving focus and closing things. */
export type Key = 'Tab' | 'Shift+Tab' | 'Escape' | 'Enter';

/**
 * A function run in the page. It is serialized: it must not use anything from its closure, and its
 * argument and result travel as JSON.
 */
export type PageFunction<A, R> = (arg: A) => R | Promise<R>;

/** What an engine's driver does for a page. */
export interface PageDriver {
  goto(url: string): Promise<void>;
  evaluate<R, A>(fn: PageFunction<A, R>, arg: A): Promise<R>;
  press(key: Key): Promise<void>;
  /** The viewport as a PNG. */
  screenshot(): Promise<Buffer>;
  close(): Promise<void>;
}

export interface WaitOptions {
  /** ms before giving up. Default 10,000. */
  timeout?: number;
  /** Said in the error when the wait gives up. */
  what?: string;
}

/**
 * A page of one engine.
 * @example const page = await engine.newPage();
 * await page.goto(url);
 * const mode = await page.waitFor(() => document.querySelector('regime-widget')?.mode === 'live');
 */
export interface EnginePage extends PageDriver {
  readonly engine: EngineName;
  evaluate<R>(fn: PageFunction<undefined, R>): Promise<R>;
  evaluate<R, A>(fn: PageFunction<A, R>, arg: A): Promise<R>;
  /** Runs `fn(arg)` in the page until it returns something truthy, and returns that. */
  waitFor<R>(fn: PageFunction<undefined, R>, arg?: undefined, options?: WaitOptions): Promise<R>;
  waitFor<R, A>(fn: PageFunction<A, R>, arg: A, options?: WaitOptions): Promise<R>;
}

/** A running browser of one engine. */
export interface Engine {
  readonly name: EngineName;
  /** Product and version, e.g. `Firefox 153.8.0`. */
  readonly version: string;
  /** A fresh page, isolated from the others (its own cookies, storage and cache). */
  newPage(): Promise<EnginePage>;
  close(): Promise<void>;
}

const POLL_MS = 50;

/** Adds what every engine does the same way on top of its driver. */
export function enginePage(engine: EngineName, driver: PageDriver): EnginePage {
  return {
    engine,
    goto: (url) => driver.goto(url),
    evaluate: <R, A>(fn: PageFunction<A, R>, arg?: A) => driver.evaluate(fn, arg as A),
    press: (key) => driver.press(key),
    screenshot: () => driver.screenshot(),
    close: () => driver.close(),
    async waitFor<R, A>(fn: PageFunction<A, R>, arg?: A, options: WaitOptions = {}): Promise<R> {
      const timeout = options.timeout ?? 10_000;
      const start = performance.now();
      for (;;) {
        const value = await driver.evaluate(fn, arg as A);
        if (value) return value;
        if (performance.now() - start > timeout)
          throw new Error(`${engine}: ${options.what ?? fn.toString()} not true after ${timeout} ms`);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    },
  };
}
