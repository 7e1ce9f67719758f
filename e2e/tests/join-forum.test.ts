import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchChromium, newContext } from '../support/browser';
import { visible } from '../support/people';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe('a citizen signs in, opens a forum and joins it', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await newContext(browser);
    page = await context.newPage();
  });
  afterAll(() => context?.close());

  it('shows a guest the 18 lokalfora, with no serious accessibility problems', async () => {
    await page.goto('/');
    expect(await page.getAttribute('html', 'lang')).toBe('da');
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    const forumLinks = page
      .locator('main')
      .getByRole('link', { name: /Lokalforum|Lokalråd|Lauget/ });
    expect(await forumLinks.count()).toBe(18);
    await expectAccessible(page);
  });

  it('starts keyboard users with a skip link to the content', async () => {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
    expect(focused).toBe('Spring til indhold');
  });

  it('signs in with one click as a demo person', async () => {
    await page.goto('/log-ind');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Log ind som Frederik Nysen (demo)' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/log-ind'));
    await visible(page.locator('header'), 'Frederik Nysen (demo)');
    expect(await page.getByRole('button', { name: 'Log ud' }).isVisible()).toBe(true);
  });

  it('opens Jyderup Lokalforum and sees its fælles-skaber and contact person', async () => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Jyderup Lokalforum' }).click();
    await page.waitForURL('**/fora/jyderup');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(
      'Jyderup Lokalforum',
    );
    await visible(page, 'Mads Skabersen (demo)');
    await visible(page, 'Anne Borgersen (demo)');
    await visible(page, /29\.734\s*kr\./);
    await expectAccessible(page);
  });

  it('explains what is missing, then joins as an association', async () => {
    await page.getByRole('button', { name: 'Bliv medlem' }).click();
    await visible(page, 'Vælg, hvordan du deltager');

    await page.getByRole('radio', { name: 'Forening' }).check();
    await page.getByRole('button', { name: 'Bliv medlem' }).click();
    const represents = page.getByLabel(/^Navn på forening\/virksomhed/);
    await expect.poll(() => represents.getAttribute('aria-invalid')).toBe('true');
    await visible(page, 'Skriv navnet på det, du repræsenterer');
    await expectAccessible(page);

    await page.getByRole('radio', { name: 'Forening' }).check();
    await represents.fill('Holmstrup Borgerforening');
    await page.getByRole('button', { name: 'Bliv medlem' }).click();
    await visible(page.getByRole('status'), 'Du er nu medlem af Jyderup Lokalforum');

    await page.reload();
    await visible(page, 'Holmstrup Borgerforening');
    expect(await page.getByRole('button', { name: 'Forlad lokalforum' }).isVisible()).toBe(true);
    await expectAccessible(page);
  });

  it('leaves the forum after confirming', async () => {
    await page.getByRole('button', { name: 'Forlad lokalforum' }).click();
    await page.getByRole('button', { name: 'Ja, forlad lokalforum' }).click();
    await visible(page.getByRole('status'), 'Du har forladt Jyderup Lokalforum');
    await page.reload();
    expect(await page.getByRole('button', { name: 'Bliv medlem' }).isVisible()).toBe(true);
  });
});

describe('sign-in by e-mail link', () => {
  it('sends a link to the demo outbox that signs a new person in once', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    try {
      const email = `ny.${Date.now()}@example.org`;
      await page.goto('/log-ind');
      await page.getByLabel('E-mailadresse').fill(email);
      await page.getByLabel('Dit navn (hvis du er ny)').fill('Nina Nyborger');
      await page.getByRole('button', { name: 'Send login-link' }).click();
      await visible(page, 'Tjek din e-mail');

      await page.getByRole('link', { name: 'Demo: se udbakken' }).click();
      await page.waitForURL('**/udbakke');
      const link = page.getByRole('link', { name: /log-ind\/bekraeft\?token=/ }).first();
      const href = await link.getAttribute('href');
      expect(href).toBeTruthy();
      await page.goto(href!);
      // Opening the link alone (as a mail scanner would) signs nobody in.
      expect(await page.getByRole('button', { name: 'Log ud' }).count()).toBe(0);
      await page.getByRole('button', { name: 'Log ind' }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/log-ind'));
      await visible(page.locator('header'), 'Nina Nyborger');

      await page.goto(href!);
      await page.getByRole('button', { name: 'Log ind' }).click();
      await visible(page, /ugyldigt|brugt|udløbet/i);
    } finally {
      await context.close();
    }
  });
});

describe('without JavaScript', () => {
  it('signs in and joins a forum with plain form posts', async () => {
    const context = await newContext(browser, { javaScript: false });
    const page = await context.newPage();
    try {
      await page.goto('/log-ind');
      await page.getByRole('button', { name: 'Log ind som Anne Borgersen (demo)' }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/log-ind'));
      await page.goto('/fora/tolloese');
      await page.getByRole('radio', { name: 'Borger' }).check();
      await page.getByRole('button', { name: 'Bliv medlem' }).click();
      await visible(page.getByRole('status'), 'Du er nu medlem af Tølløse Lokalforum');
    } finally {
      await context.close();
    }
  });
});

describe('on a phone, in English', () => {
  it('fits a 375 px screen and switches language', async () => {
    const context = await newContext(browser, { phone: true });
    const page = await context.newPage();
    try {
      await page.goto('/fora/oroe');
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await expectAccessible(page);

      await page.getByRole('button', { name: 'English' }).click();
      await expect.poll(() => page.getAttribute('html', 'lang')).toBe('en');
      await visible(page, 'Sign in to become a member');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(
        'Orø Lokalforum',
      );
      await expectAccessible(page);
    } finally {
      await context.close();
    }
  });
});
