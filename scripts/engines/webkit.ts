/**
 * WebKit: WebKitGTK's MiniBrowser driven by its WebKitWebDriver (W3C WebDriver, through
 * selenium-webdriver), on a display of its own from xvfb-run. One driver per engine, one
 * MiniBrowser session per page.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Builder, Key as Keys, type WebDriver } from 'selenium-webdriver';
import { closedPort } from '../loopback.js';
import { enginePage, type Engine, type Key, type PageDriver, type PageFunction } from './page.js';
import { miniBrowserPath, webkitDriverPath, xvfbRunPath } from './paths.js';
import { VIEWPORT } from './puppeteer.js';

/**
 * The locale MiniBrowser reads its `navigator.language` from: Debian's default, under which WebKit
 * reports `C`, a tag `Intl` rejects (test/engines/locale.spec.ts).
 */
const LANG = 'C.UTF-8';

const KEYS: Record<Key, string[]> = {
  Tab: [Keys.TAB],
  'Shift+Tab': [Keys.SHIFT, Keys.TAB],
  Escape: [Keys.ESCAPE],
  Enter: [Keys.ENTER],
};

function pageDriver(driver: WebDriver): PageDriver {
  return {
    goto: (url) => driver.get(url),
    // The function's source goes in the script itself: a string evaluated in the page would be eval,
    // which a strict CSP forbids. WebDriver waits for a returned promise.
    evaluate: <R, A>(fn: PageFunction<A, R>, arg: A) =>
      driver.executeScript<R>(`return (${fn.toString()})(arguments[0]);`, arg),
    press: async (key) => {
      const [first, second] = KEYS[key];
      const actions = driver.actions();
      if (second) await actions.keyDown(first!).sendKeys(second).keyUp(first!).perform();
      else await actions.sendKeys(first!).perform();
    },
    screenshot: async () => Buffer.from(await driver.takeScreenshot(), 'base64'),
    close: () => driver.quit(),
  };
}

/** Starts WebKitWebDriver under xvfb-run on a free port; resolves once it answers. */
async function startDriver(): Promise<{ url: string; process: ChildProcess }> {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG };
  // These would take precedence over LANG for the language WebKit reports.
  for (const name of ['LANGUAGE', 'LC_ALL', 'LC_MESSAGES']) delete env[name];
  for (let attempt = 1; ; attempt++) {
    const port = await closedPort();
    const child = spawn(xvfbRunPath(), ['-a', webkitDriverPath(), `--port=${port}`], {
      // Its own process group: closing kills xvfb-run, Xvfb and the driver together.
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env,
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const url = `http://127.0.0.1:${port}`;
    const deadline = performance.now() + 20_000;
    while (child.exitCode === null && performance.now() < deadline) {
      const ready = await fetch(`${url}/status`).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) return { url, process: child };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    kill(child);
    // Another process may have taken the port between closedPort() and the driver's bind.
    if (attempt === 3) throw new Error(`WebKitWebDriver did not start: ${stderr.trim() || 'no output'}`);
  }
}

function kill(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

export async function launchWebKit(): Promise<Engine> {
  const driver = await startDriver();
  const capabilities = {
    browserName: 'MiniBrowser',
    'webkitgtk:browserOptions': { binary: miniBrowserPath(), args: ['--automation'] },
  };
  const session = () => new Builder().usingServer(driver.url).withCapabilities(capabilities).build();
  const first = await session();
  const version = (await first.getCapabilities()).getBrowserVersion();
  await first.quit();
  return {
    name: 'webkit',
    version: `WebKitGTK ${version}`,
    async newPage() {
      const page = await session();
      await page.manage().window().setRect(VIEWPORT);
      return enginePage('webkit', pageDriver(page));
    },
    close: async () => kill(driver.process),
  };
}
