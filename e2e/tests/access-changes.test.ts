import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, expectAccessible, launchChromium } from '../support/browser';
import { signedIn, visible } from '../support/people';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

/** No other browser test uses this person or this forum. */
const DAVID = 'David Handelsen (demo)';
const FORUM = 'st-merloese';

/** What the page's own scripts would send with the session cookie. */
const sameSite = () => ({ origin: baseUrl(), 'sec-fetch-site': 'same-origin' });

const editable = (page: Page) => page.locator('.ProseMirror').getAttribute('contenteditable');

describe('the editor when access ends while it is open', () => {
  let tab: { context: BrowserContext; page: Page };
  let other: { context: BrowserContext; page: Page };
  let path = '';

  beforeAll(async () => {
    [tab, other] = await Promise.all([signedIn(browser, DAVID), signedIn(browser, DAVID)]);
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
