/**
 * What the script leaves on the page (no global of its own, nothing enumerable on prototypes, no
 * Svelte version mark), and a page whose CSP requires Trusted Types with a policy list that does
 * not name any of the widget's: it works there, with no violation and no error.
 */
import { cspViolations, expect, test, widget } from './fixtures.js';

const badge = 'regime-widget >> [part=badge]';

test('adds no global and nothing enumerable to Element.prototype, and keeps a page global of the same name', async ({
  page,
  embed,
}) => {
  await page.addInitScript(() => {
    const w = window as unknown as Record<string, unknown>;
    w.RegimeWidget = 'the page owns this name';
    const element: string[] = [];
    for (const key in Element.prototype) element.push(key);
    w.__before = { window: [...Object.keys(window), '__before'], element };
  });
  await embed(
    widget({ symbol: 'BTCUSDT', timeframe: '1h', 'api-url': '{{server}}/api', 'ws-url': '{{server}}' }),
  );
  await expect(page.locator(badge)).toHaveAttribute('data-mode', 'live');
  const after = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown> & {
      __before: { window: string[]; element: string[] };
    };
    const enumerable: string[] = [];
    for (const key in Element.prototype) enumerable.push(key);
    return {
      newWindowKeys: Object.keys(window).filter((k) => !w.__before.window.includes(k)),
      newElementKeys: enumerable.filter((k) => !w.__before.element.includes(k)),
      regimeWidget: w.RegimeWidget,
      svelte: w.__svelte,
      defined: customElements.get('regime-widget') !== undefined,
    };
  });
  expect(after).toEqual({
    newWindowKeys: [],
    newElementKeys: [],
    regimeWidget: 'the page owns this name',
    svelte: undefined,
    defined: true,
  });
});

test('works on a page that requires Trusted Types and allows only its own policy: no violation, no error', async ({
  page,
  embed,
  server,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') errors.push(message.text());
  });
  const violations = await cspViolations(page);
  const ws = server.url.replace('http', 'ws');
  // The script twice: a second load must not try to create anything the first one did.
  await embed(
    widget({ symbol: 'BTCUSDT', timeframe: '1h', 'api-url': '{{server}}/api', 'ws-url': '{{server}}' }) +
      `<script src="${server.url}/regime-widget.js"></script>`,
    {
      csp:
        `default-src 'none'; script-src ${server.url}; connect-src ${server.url} ${ws}; style-src 'none'; ` +
        `img-src data:; require-trusted-types-for 'script'; trusted-types page-own-policy`,
    },
  );
  await expect(page.locator(badge)).toHaveAttribute('data-mode', 'live');
  await expect(page.locator('regime-widget >> [data-value=adx]')).toHaveText(/^\d{1,3}\.\d$/);
  expect(await violations()).toEqual([]);
  expect(errors).toEqual([]);
  // And Trusted Types are enforced on this page: a string into innerHTML is refused.
  const refused = await page.evaluate(() => {
    try {
      document.createElement('div').innerHTML = '<b>x</b>';
      return false;
    } catch {
      return true;
    }
  });
  expect(refused).toBe(true);
  await expect.poll(violations).toEqual([expect.stringContaining('require-trusted-types-for')]);
});
