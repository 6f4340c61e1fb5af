/**
 * The demo page as a person uses it: widgets live, then the fault buttons break the reference
 * server and the widgets say so, keep their data, and come back.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

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

  const values = await first.locator('[part=values]').textContent();
  await page.getByRole('button', { name: 'Cut socket' }).click();
  await expectModes(page, 'offline', { timeout: 5000 });
  await expect(first.locator('[part=badge]')).toHaveText(/^× Offline/);
  await expect(first.locator('[part=values]')).toHaveText(values!);
  await expect(first.locator('[part=time]')).toContainText('stale');

  await page.getByRole('button', { name: 'Restore' }).click();
  await expectModes(page, 'live', { timeout: 10_000 });
});
