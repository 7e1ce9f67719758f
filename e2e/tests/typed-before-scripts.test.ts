import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newContext } from '../support/browser';
import { signedIn, visible } from '../support/people';

/**
 * A page is usable before its scripts arrive (seconds on a slow phone). What
 * a person types or chooses in that time must still be there once the
 * scripts have taken over the page, and must be what the form sends.
 */

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

/** Opens `path` with the app's scripts held back until the returned function is called. */
async function openWithoutScriptsYet(page: Page, path: string): Promise<() => Promise<void>> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/_app/immutable/**/*.js', async (route) => {
    await held;
    await route.continue();
  });
  // From a blank page, so the history entry is a new one whatever the page showed before.
  await page.goto('about:blank');
  await page.goto(path, { waitUntil: 'domcontentloaded' });
  expect(await routerStarted(page)).toBe(false);
  return async () => {
    release();
    // SvelteKit marks the history entry once its router has started on the page.
    await expect.poll(() => routerStarted(page)).toBe(true);
    await page.unrouteAll();
  };
}

const routerStarted = (page: Page) =>
  page.evaluate(() => !!history.state && 'sveltekit:history' in history.state);

describe('what a person does before the scripts arrive', () => {
  it('keeps the e-mail address and name typed on the sign-in page, and sends them', async () => {
    const context = await newContext(browser, { phone: true });
    const page = await context.newPage();
    try {
      const scriptsArrive = await openWithoutScriptsYet(page, '/log-ind');
      const email = `tidlig.${Date.now()}@example.org`;
      await page.getByLabel('E-mailadresse').fill(email);
      await page.getByLabel('Dit navn (hvis du er ny)').fill('Tove Tidlig');
      await scriptsArrive();

      expect(await page.getByLabel('E-mailadresse').inputValue()).toBe(email);
      expect(await page.getByLabel('Dit navn (hvis du er ny)').inputValue()).toBe('Tove Tidlig');
      await page.getByRole('button', { name: 'Send login-link' }).click();
      await visible(page, 'Tjek din e-mail');
      await visible(page, email);
    } finally {
      await context.close();
    }
  });

  it('keeps the text written in a text area', async () => {
    const { context, page } = await signedIn(browser, 'Mads Skabersen (demo)');
    const helpWith = page.getByLabel('Det kan jeg hjælpe med');
    try {
      const scriptsArrive = await openWithoutScriptsYet(page, '/arbejdsplads');
      await helpWith.fill('Foreningsliv og lokale arrangementer.');
      await scriptsArrive();
      expect(await helpWith.inputValue()).toBe('Foreningsliv og lokale arrangementer.');
    } finally {
      await context.close();
    }
  });

  it('keeps the choice of a radio button', async () => {
    const { context, page } = await signedIn(browser, 'Frederik Nysen (demo)');
    const english = page.getByRole('radio', { name: 'English' });
    try {
      const scriptsArrive = await openWithoutScriptsYet(page, '/notifikationer/indstillinger');
      expect(await english.isChecked()).toBe(false);
      await english.check();
      await scriptsArrive();
      expect(await english.isChecked()).toBe(true);
      expect(await page.getByRole('radio', { name: 'Dansk' }).isChecked()).toBe(false);
    } finally {
      await context.close();
    }
  });

  it('keeps the options chosen in drop-down lists, and sends them', async () => {
    const context = await newContext(browser, { phone: true });
    const page = await context.newPage();
    const kind = page.getByLabel('Slags');
    const area = page.getByLabel('Lokalområde');
    try {
      const scriptsArrive = await openWithoutScriptsYet(page, '/partnere');
      const chosenArea = (await area.locator('option').nth(2).getAttribute('value')) ?? '';
      expect(chosenArea).not.toBe('');
      await kind.selectOption('association');
      await area.selectOption(chosenArea);
      await scriptsArrive();

      expect(await kind.inputValue()).toBe('association');
      expect(await area.inputValue()).toBe(chosenArea);
      await page.getByRole('button', { name: 'Vis', exact: true }).click();
      // The filter is a GET form: what it sent is in the address it goes to.
      await page.waitForURL((url) => url.searchParams.has('kind'));
      const sent = new URL(page.url()).searchParams;
      expect(sent.get('kind')).toBe('association');
      expect(sent.get('area')).toBe(chosenArea);
    } finally {
      await context.close();
    }
  });
});
