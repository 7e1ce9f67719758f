import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchChromium, newContext } from '../support/browser';

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe('a citizen signs in and joins a lokalforum', () => {
  beforeAll(async () => {
    context = await newContext(browser);
    page = await context.newPage();
  });
  afterAll(() => context?.close());

  it('lists the 18 lokalfora for a guest, without accessibility problems', async () => {
    await page.goto('/');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).count()).toBe(1);
    const links = page.getByRole('link', { name: /Lokalforum|Lokalråd|Lauget/ });
    await expect.poll(() => links.count()).toBeGreaterThanOrEqual(18);
    await expectAccessible(page);
  });

  it('signs in with one click as a demo person', async () => {
    await page.goto('/log-ind');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Log ind som Frederik Nysen (demo)' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/log-ind'));
    await expect.poll(() => page.getByText('Frederik Nysen (demo)').first().isVisible()).toBe(true);
  });

  it('opens a forum and joins it as an association', async () => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Jyderup Lokalforum' }).click();
    await page.waitForURL('**/fora/jyderup');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(
      'Jyderup Lokalforum',
    );
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Bliv medlem' }).click();
    // Without a name for the association the server says what is missing.
    await page.getByRole('radio', { name: 'Forening' }).check();
    await page.getByRole('button', { name: 'Bliv medlem' }).click();
    await expect.poll(() => page.locator('[aria-invalid="true"]').count()).toBeGreaterThan(0);
  });
});
