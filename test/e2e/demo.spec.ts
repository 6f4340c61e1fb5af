/**
 * The demo page as a person uses it: widgets live, then the fault buttons break the reference
 * server and the widgets say so, keep their data, and come back.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { ElementDeclaration, Manifest } from '../../scripts/manifest.js';
import { expect, test } from './fixtures.js';

const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8')) as Manifest;
const element = manifest.modules[0]!.declarations[0] as ElementDeclaration;

const live = (page: Page) => page.locator('regime-widget[data-live]');
const polled = (page: Page) => page.locator('regime-widget[poll-interval="2000"]');
const apiOnly = (page: Page) => page.locator('regime-widget:not([data-live])');

async function expectModes(page: Page, mode: string, options?: { timeout?: number }): Promise<void> {
  const widgets = live(page);
  const count = await widgets.count();
  expect(count).toBeGreaterThanOrEqual(3);
  for (let i = 0; i < count; i++) {
    await expect(widgets.nth(i).locator('[part=badge]')).toHaveAttribute('data-mode', mode, options);
  }
}

test('live, socket cut gives API with data still updating, restore gives live again', async ({
  page,
  server,
}) => {
  await page.goto(`${server.url}/`);
  await expectModes(page, 'live');
  await expect(live(page).first().locator('[part=badge]')).toHaveText(/^● Live/);
  await expect(apiOnly(page).locator('[part=badge]')).toHaveText(/^○ API/);
  await expect(page.locator('#snippet')).toContainText(server.url);

  await page.getByRole('button', { name: 'Cut socket' }).click();
  await expectModes(page, 'polling', { timeout: 2000 });
  await expect(live(page).first().locator('[part=badge]')).toHaveText(/^○ API/);
  // The widget that polls every 2 s keeps showing new readings over REST.
  const time = polled(page).locator('[part=time] time');
  const before = await time.getAttribute('datetime');
  await expect(time).not.toHaveAttribute('datetime', before!, { timeout: 6000 });
  await expect(page.locator('#event-log')).toContainText('polling');

  await page.getByRole('button', { name: 'Restore' }).click();
  await expectModes(page, 'live', { timeout: 10_000 });
});

test('REST broken while live changes nothing visible; both broken is offline with the data kept', async ({
  page,
  server,
}) => {
  await page.goto(`${server.url}/`);
  await expectModes(page, 'live');
  await page.getByRole('button', { name: 'Break REST' }).click();
  await expect(page.locator('#fault-state')).toContainText('"rest": "error"');
  const first = live(page).first();
  const time = first.locator('[part=time] time');
  const before = await time.getAttribute('datetime');
  await expect(time).not.toHaveAttribute('datetime', before!, { timeout: 5000 });
  await expectModes(page, 'live');

  await page.getByRole('button', { name: 'Cut socket' }).click();
  await expectModes(page, 'offline', { timeout: 5000 });
  await expect(first.locator('[part=badge]')).toHaveText(/^× Offline/);
  // The last data stays, marked stale, while the market moves on. (Read once offline: before, a live
  // update may land between the read and the cut.)
  const values = await first.locator('[part=values]').textContent();
  expect(values).toMatch(/ADX\s*\d+\.\d\s*ATR\s*\d+\.\d{2}%/);
  server.tick();
  await expect(first.locator('[part=time]')).toContainText('stale');
  await expect(first.locator('[part=values]')).toHaveText(values!);

  await page.getByRole('button', { name: 'Restore' }).click();
  await expectModes(page, 'live', { timeout: 10_000 });
});

/** What does not fit: the page's sideways scroll, and any box whose content is cut or scrolls sideways. */
function overflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    if (document.documentElement.scrollWidth > innerWidth) {
      found.push(`page ${document.documentElement.scrollWidth} > ${innerWidth}`);
    }
    for (const el of document.querySelectorAll('body *')) {
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') {
        found.push(
          `${el.localName}${el.id ? `#${el.id}` : ''}.${el.className} ${el.scrollWidth} > ${el.clientWidth}`,
        );
      }
    }
    return found;
  });
}

for (const viewport of [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
]) {
  test(`at ${viewport.width} px: nothing scrolls sideways or is cut, and the console stays clean`, async ({
    page,
    server,
    consoleMessages,
  }) => {
    await page.setViewportSize(viewport);
    await page.goto(`${server.url}/`);
    await expectModes(page, 'live');
    await page.getByRole('button', { name: 'Cut socket' }).click();
    await expectModes(page, 'polling', { timeout: 2000 });
    await expect(page.locator('#event-log')).toContainText('polling');
    expect(await overflow(page)).toEqual([]);
    // The page and the widget log no error. The browser's own line for a WebSocket the cut server
    // refuses is not theirs to silence: a reconnect attempt lands before or after this check as its
    // jittered delay falls (how many such lines there are is console.spec.ts's).
    const browserLine = /^WebSocket connection to '.*' failed: /;
    expect(
      consoleMessages.filter((m) => m.type() === 'error' && !browserLine.test(m.text())).map((m) => m.text()),
    ).toEqual([]);
  });
}

test("the embed snippet is the README's, the attribute list complete, and the log keeps the widgets' clock", async ({
  page,
  server,
}) => {
  await page.goto(`${server.url}/`);
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('\n## Embed it'));
  const snippet = /```html\n([\s\S]*?)\n```/.exec(section)![1]!;
  await expect(page.locator('#snippet')).toHaveText(snippet.replaceAll('https://your.host', server.url));
  const listed = await page.locator('.embed p code').allTextContents();
  expect(element.attributes.map((a) => a.name).filter((name) => !listed.includes(name))).toEqual([]);

  await expectModes(page, 'live');
  const logged = await page.locator('#event-log time').first().textContent();
  const shown = await live(page).first().locator('[part=time] time').textContent();
  // Both 24-hour with seconds, in the page's language.
  expect(logged).toMatch(/^\d{2}:\d{2}:\d{2}$/);
  expect(shown).toMatch(/^\d{2}:\d{2}:\d{2}$/);
});
