import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchChromium, newContext } from '../support/browser';
import { type Person, signedIn, visible } from '../support/people';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

const ANNE = 'Anne Borgersen (demo)'; // contact person of Jyderup
const FREDERIK = 'Frederik Nysen (demo)'; // a plain citizen
const BENT = 'Bent Foreningsen (demo)';

const presence = (page: Page) => page.getByRole('list', { name: 'Til stede nu' });

/** The header's unread count (0 when there is none). */
async function unreadCount(page: Page): Promise<number> {
  const count = page.locator('header [data-count]');
  if ((await count.count()) === 0) return 0;
  return Number(await count.getAttribute('data-count'));
}

describe('a debate in Jyderup, live in two browsers', () => {
  const title = `Trafik på Østergade ${Date.now()}`;
  const comment = 'Vi bør have en fodgængerovergang ved skolen.';
  const reply = 'Og gerne vejbump ved børnehaven.';
  const reason = 'Personangreb er ikke tilladt';
  let anne: Person;
  let frederik: Person;
  let threadPath = '';

  beforeAll(async () => {
    [anne, frederik] = await Promise.all([signedIn(browser, ANNE), signedIn(browser, FREDERIK)]);
  });
  afterAll(async () => {
    await anne?.context.close();
    await frederik?.context.close();
  });

  it('shows each person the other in "Til stede nu"', async () => {
    await Promise.all([anne.page.goto('/fora/jyderup'), frederik.page.goto('/fora/jyderup')]);
    await visible(presence(anne.page), FREDERIK);
    await visible(presence(frederik.page), ANNE);
    await expectAccessible(anne.page);
  });

  it('shows a new debate in the other window without a reload', async () => {
    await frederik.page.getByLabel('Overskrift').fill(title);
    await frederik.page
      .getByLabel('Hvad vil du debattere?')
      .fill('Bilerne kører for stærkt forbi skolen om morgenen.');
    await frederik.page.getByRole('button', { name: 'Start debatten' }).click();
    await frederik.page.waitForURL('**/debatter/*');
    threadPath = new URL(frederik.page.url()).pathname;
    await visible(anne.page.getByRole('list', { name: 'Debatter' }), title);
    await visible(anne.page.getByRole('status').filter({ hasText: 'Ny debat' }), title);
  });

  it('shows comments and replies live, announced politely, without moving focus', async () => {
    await anne.page.getByRole('link', { name: title }).click();
    await anne.page.waitForURL(`**${threadPath}`);
    await expect.poll(() => anne.page.getByText('Opdateres løbende').isVisible()).toBe(true);
    // Anne is writing something when Frederik's comment arrives.
    const annesField = anne.page.getByLabel('Din kommentar');
    await annesField.focus();

    await frederik.page.getByLabel('Din kommentar').fill(comment);
    await frederik.page.getByRole('button', { name: 'Send kommentar' }).click();
    await visible(anne.page, comment);
    const announcement = anne.page.locator('[role="status"][aria-live="polite"]', {
      hasText: `Ny kommentar fra ${FREDERIK}`,
    });
    await expect.poll(() => announcement.count()).toBe(1);
    await expect
      .poll(() => anne.page.evaluate(() => document.activeElement?.id))
      .toBe('comment-body');

    const frederiksComment = frederik.page.locator('article', { hasText: comment }).first();
    await frederiksComment.locator('summary', { hasText: 'Svar' }).click();
    await frederiksComment.getByLabel('Dit svar').fill(reply);
    await frederiksComment.getByRole('button', { name: 'Send svar' }).click();
    await visible(anne.page.getByRole('list', { name: `Svar til ${FREDERIK}` }), reply);
    await expectAccessible(anne.page);
  });

  it('lets a contact person hide a reported post with a reason everyone sees', async () => {
    const before = await unreadCount(frederik.page);
    // Someone else reports Frederik's comment.
    const bent = await signedIn(browser, BENT);
    try {
      await bent.page.goto(threadPath);
      const post = bent.page.locator('article', { hasText: comment }).first();
      await post.locator('summary', { hasText: 'Anmeld' }).first().click();
      // The comment's own form comes before those of its replies.
      await post.getByLabel('Hvad er der galt?').first().fill('Det er et personangreb');
      await post.getByRole('button', { name: 'Send anmeldelse' }).first().click();
      await visible(bent.page.getByRole('status'), 'Tak. Anmeldelsen er sendt.');
    } finally {
      await bent.context.close();
    }

    await anne.page.goto('/fora/jyderup/moderation');
    const report = anne.page.getByRole('listitem').filter({ hasText: 'Det er et personangreb' });
    await visible(report, comment);
    await report.getByLabel('Offentlig begrundelse').fill(reason);
    await report.getByRole('button', { name: 'Skjul indlægget' }).click();
    await visible(anne.page.getByRole('status'), 'Indlægget er skjult');

    await visible(frederik.page, `Skjult af moderator: ${reason}`);
    await expect.poll(() => frederik.page.getByText(comment).count()).toBe(0);
    await expect.poll(() => unreadCount(frederik.page)).toBe(before + 1);
    await anne.page.goto(threadPath);
    await visible(anne.page, `Skjult af moderator: ${reason}`);
    await anne.page.goto('/fora/jyderup/moderation');
    await visible(anne.page.getByRole('region', { name: 'Moderationslog' }), reason);

    await frederik.page.goto('/notifikationer');
    await visible(frederik.page, `Begrundelse: ${reason}`);
    await frederik.page.goto(threadPath);
  });

  it('takes the compose form away from others when the thread is locked', async () => {
    await anne.page.goto(threadPath);
    expect(await frederik.page.getByLabel('Din kommentar').isVisible()).toBe(true);
    await anne.page.getByRole('button', { name: 'Lås tråd' }).click();
    await visible(anne.page.getByRole('button', { name: 'Lås op' }), 'Lås op');
    await expect.poll(() => frederik.page.getByLabel('Din kommentar').count()).toBe(0);
    await visible(frederik.page, 'Tråden er låst. Der kan ikke skrives nye kommentarer.');
  });

  it('is readable by a guest without JavaScript, server-rendered', async () => {
    const context = await newContext(browser, { javaScript: false });
    const page = await context.newPage();
    try {
      await page.goto(threadPath);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(title);
      await visible(page, reply);
      await visible(page, `Skjult af moderator: ${reason}`);
      await visible(page, 'Log ind for at deltage i debatten');
      await page.goto('/fora/jyderup');
      await visible(page.getByRole('list', { name: 'Debatter' }), title);
    } finally {
      await context.close();
    }
  });

  it('fits a 375 px phone screen', async () => {
    const phone = await signedIn(browser, FREDERIK, { phone: true });
    try {
      await phone.page.goto(threadPath);
      await visible(phone.page, reply);
      const overflow = await phone.page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
    } finally {
      await phone.context.close();
    }
  });
});
