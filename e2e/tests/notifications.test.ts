import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchChromium, newContext } from '../support/browser';
import { type Person, signedIn, visible } from '../support/people';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

const EVA = 'Eva Skolesen (demo)';
const CAMILLA = 'Camilla Bylaugsen (demo)';
/** Neither of them is a member here, so nothing else about this forum reaches them. */
const FORUM = 'undloese';

/** The header's link to the notifications, found by its accessible name as a screen reader hears it. */
const headerLink = (page: Page) =>
  page.locator('header').getByRole('link', { name: /^Notifikationer, / });

async function unread(page: Page): Promise<number> {
  return Number(await headerLink(page).getAttribute('data-count'));
}

describe('notifications in the browser', () => {
  const title = `Skolevejen ${Date.now()}`;
  const comment = 'Der mangler en cykelsti ved skolen.';
  let eva: Person;
  let camilla: Person;

  beforeAll(async () => {
    // Eva on a phone: the header count and the list must work there too.
    [eva, camilla] = await Promise.all([
      signedIn(browser, EVA, { phone: true }),
      signedIn(browser, CAMILLA),
    ]);
  });
  afterAll(async () => {
    await eva?.context.close();
    await camilla?.context.close();
  });

  it('shows a reply to a debate live in the header count, with an accessible name', async () => {
    await eva.page.goto(`/fora/${FORUM}`);
    await eva.page.getByLabel('Overskrift').fill(title);
    await eva.page.getByLabel('Hvad vil du debattere?').fill('Hvordan gør vi skolevejen sikker?');
    await eva.page.getByRole('button', { name: 'Start debatten' }).click();
    await eva.page.waitForURL('**/debatter/*');
    const threadPath = new URL(eva.page.url()).pathname;
    await eva.page.goto('/');
    const before = await unread(eva.page);
    const camillaBefore = await unread(camilla.page);

    await camilla.page.goto(threadPath);
    await camilla.page.getByLabel('Din kommentar').fill(comment);
    await camilla.page.getByRole('button', { name: 'Send kommentar' }).click();
    await visible(camilla.page, comment);

    // No reload: the count arrives over the realtime connection.
    await expect.poll(() => unread(eva.page)).toBe(before + 1);
    const name = await headerLink(eva.page).getAttribute('aria-label');
    expect(name).toBe(
      before + 1 === 1 ? 'Notifikationer, 1 ulæst' : `Notifikationer, ${before + 1} ulæste`,
    );
    // The one who replied is not told about it.
    expect(await unread(camilla.page)).toBe(camillaBefore);
  });

  it('lists it on the notifications page, in Danish, with a link to the comment', async () => {
    await headerLink(eva.page).click();
    await eva.page.waitForURL('**/notifikationer');
    const item = eva.page
      .getByRole('listitem')
      .filter({ hasText: `${CAMILLA} har svaret på din debat „${title}“.` });
    await expect.poll(() => item.count()).toBe(1);
    await expect.poll(() => item.getByText('Ulæst').isVisible()).toBe(true);
    const link = item.getByRole('link', { name: 'Se tråden' });
    expect(await link.getAttribute('href')).toMatch(/^\/debatter\/[0-9a-f-]+#post-[0-9a-f-]+$/);
    await expectAccessible(eva.page);
  });

  it('marks all as read, and the header says so', async () => {
    await eva.page.getByRole('button', { name: 'Markér alle som læst' }).click();
    await visible(eva.page.getByRole('status'), 'Alle notifikationer er markeret som læst.');
    await expect.poll(() => unread(eva.page)).toBe(0);
    expect(await headerLink(eva.page).getAttribute('aria-label')).toBe(
      'Notifikationer, ingen ulæste',
    );
    await expect.poll(() => eva.page.getByText('Ulæst', { exact: true }).count()).toBe(0);
    await expectAccessible(eva.page);
  });

  it('adds what arrives while the page is open, without a reload', async () => {
    await camilla.page.getByLabel('Din kommentar').fill('Og en fartbump.');
    await camilla.page.getByRole('button', { name: 'Send kommentar' }).click();
    const items = eva.page
      .getByRole('listitem')
      .filter({ hasText: `${CAMILLA} har svaret på din debat „${title}“.` });
    await expect.poll(() => items.count()).toBe(2);
    await expect.poll(() => unread(eva.page)).toBe(1);
    await expect.poll(() => items.first().getByText('Ulæst').isVisible()).toBe(true);
  });

  it('lets a person choose per kind, and keeps the choice', async () => {
    await eva.page.getByRole('link', { name: 'Vælg, hvad du får besked om' }).click();
    await eva.page.waitForURL('**/notifikationer/indstillinger');
    const reply = eva.page.getByRole('group', {
      name: 'Nogen svarer på din debat eller kommentar',
    });
    expect(await reply.getByLabel('Med det samme').isChecked()).toBe(true);
    await expectAccessible(eva.page);

    await reply.getByLabel('Daglig oversigt').check();
    await eva.page.getByRole('group', { name: 'Sprog i e-mails' }).getByLabel('English').check();
    await eva.page.getByRole('button', { name: 'Gem valgene' }).click();
    await visible(eva.page.getByRole('status'), 'Dine valg er gemt.');

    await eva.page.reload();
    const again = eva.page.getByRole('group', {
      name: 'Nogen svarer på din debat eller kommentar',
    });
    expect(await again.getByLabel('Daglig oversigt').isChecked()).toBe(true);
    const language = eva.page.getByRole('group', { name: 'Sprog i e-mails' });
    expect(await language.getByLabel('English').isChecked()).toBe(true);
  });

  it('unsubscribes from the e-mail’s link without signing in', async () => {
    // The demo has no SMTP server: the mail Eva got is in the outbox page.
    const reader = await newContext(browser);
    const page = await reader.newPage();
    try {
      await page.goto('/udbakke');
      const mail = page.getByRole('article', { name: `Nyt svar i „${title}“` }).first();
      await expect.poll(() => mail.count()).toBe(1);
      const href = await mail.getByRole('link', { name: /\/afmeld\?token=/ }).getAttribute('href');
      await page.goto(href!);
      await visible(
        page,
        'Du får ikke længere besked, når: nogen svarer på din debat eller kommentar.',
      );
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Afmeld' }).click();
      await visible(page.getByRole('status'), 'Du er afmeldt.');
    } finally {
      await reader.close();
    }
    await eva.page.goto('/notifikationer/indstillinger');
    const reply = eva.page.getByRole('group', {
      name: 'Nogen svarer på din debat eller kommentar',
    });
    expect(await reply.getByLabel('Fra').isChecked()).toBe(true);
  });

  it('mails in the language a signed-in person picks for the site', async () => {
    // Mail language is English since the settings above; choosing Dansk for the site changes it.
    await eva.page.locator('header').getByRole('button', { name: 'Dansk' }).click();
    await eva.page.goto('/notifikationer/indstillinger');
    const language = eva.page.getByRole('group', { name: 'Sprog i e-mails' });
    await expect.poll(() => language.getByLabel('Dansk').isChecked()).toBe(true);
  });
});
