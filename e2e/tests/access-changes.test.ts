import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, expectAccessible, launchChromium, newContext } from '../support/browser';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

/** No other browser test uses this person or this forum. */
const DAVID = 'David Handelsen (demo)';
const FORUM = 'st-merloese';

/** A fresh browser profile (its own session) signed in as `name` with one click. */
async function signedIn(name: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto('/log-ind');
  await page.getByRole('button', { name: `Log ind som ${name}` }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/log-ind'));
  return { context, page };
}

/** What the page's own scripts would send with the session cookie. */
const sameSite = () => ({ origin: baseUrl(), 'sec-fetch-site': 'same-origin' });

const visible = (page: Page, text: string | RegExp) =>
  expect.poll(() => page.getByText(text).first().isVisible()).toBe(true);

const editable = (page: Page) => page.locator('.ProseMirror').getAttribute('contenteditable');

describe('the editor when access ends while it is open', () => {
  let tab: { context: BrowserContext; page: Page };
  let other: { context: BrowserContext; page: Page };
  let path = '';

  beforeAll(async () => {
    [tab, other] = await Promise.all([signedIn(DAVID), signedIn(DAVID)]);
    const joined = await tab.context.request.post(`/api/forums/${FORUM}/members`, {
      headers: sameSite(),
      data: { kind: 'citizen' },
    });
    expect([201, 409]).toContain(joined.status());
    const started = await tab.context.request.post(`/api/forums/${FORUM}/proposals`, {
      headers: sameSite(),
      data: { title: `Byttecentral ${Date.now()}` },
    });
    expect(started.status()).toBe(201);
    path = `/forslag/${((await started.json()) as { id: string }).id}`;
  });
  afterAll(async () => {
    await tab?.context.close();
    await other?.context.close();
  });

  it('says so and offers to sign in again when the session is signed out elsewhere', async () => {
    await other.page.goto(path);
    await visible(other.page, 'forbundet');
    expect(await editable(other.page)).toBe('true');
    const out = await other.context.request.post('/api/auth/sign-out', { headers: sameSite() });
    expect(out.status()).toBe(204);

    await visible(other.page, 'Du er ikke længere logget ind');
    expect(await other.page.locator('.connection__text').innerText()).toBe('afbrudt');
    expect(await editable(other.page)).toBe('false');
    expect(await other.page.getByRole('link', { name: 'Log ind igen' }).isVisible()).toBe(true);
    await expectAccessible(other.page);
  });

  it('turns the editor read-only, and keeps it live, when the person leaves the forum', async () => {
    await tab.page.goto(path);
    await visible(tab.page, 'forbundet');
    expect(await tab.page.getByRole('toolbar').count()).toBe(1);
    const left = await tab.context.request.delete(`/api/forums/${FORUM}/members`, {
      headers: sameSite(),
    });
    expect(left.status()).toBe(204);

    await visible(tab.page, 'Du kan ikke længere redigere forslaget');
    await expect.poll(() => editable(tab.page)).toBe('false');
    expect(await tab.page.getByRole('toolbar').count()).toBe(0);
    expect(await tab.page.getByLabel('Titel', { exact: true }).getAttribute('readonly')).toBe('');
    // Back as a reader: connected, not stopped.
    await visible(tab.page, 'forbundet');
    await expectAccessible(tab.page);
  });
});
