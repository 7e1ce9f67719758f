import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchChromium } from '../support/browser';
import { type Person, signedIn, visible } from '../support/people';

/**
 * The whole loop as people do it, in one forum: two members draft a proposal
 * together, the contact person opens the vote, the members vote and watch
 * the tally move, the author sends the adopted proposal to the municipality,
 * the fælles-skaber signs in to the workspace and answers, and the author
 * sees the answer and is notified of it.
 */

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

const ANNE = 'Anne Borgersen (demo)'; // contact person of Jyderup
const BENT = 'Bent Foreningsen (demo)'; // member of Jyderup, the author here
const MADS = 'Mads Skabersen (demo)'; // Jyderup's fælles-skaber

const editor = (page: Page) => page.getByRole('textbox', { name: 'Forslagets tekst' });
const votePanel = (page: Page) => page.getByRole('region', { name: 'Afstemning' });
const escalation = (page: Page) => page.getByRole('region', { name: 'Sendt til kommunen' });
const timeline = (page: Page) => page.getByRole('region', { name: 'Forslagets forløb' });
const count = (page: Page, choice: 'yes' | 'no' | 'abstain') =>
  votePanel(page).locator(`[data-count="${choice}"]`).innerText();
/** The unread count in the header, as its accessible name carries it. */
const unread = async (page: Page) =>
  Number(
    await page
      .locator('header')
      .getByRole('link', { name: /^Notifikationer, / })
      .getAttribute('data-count'),
  );

describe('from a draft to the municipality’s public answer', () => {
  const title = `Legeplads ved hallen ${Date.now()}`;
  const bentWrites = 'En legeplads for de mindste ved hallen.';
  const anneWrites = 'Med bænke til forældrene.';
  const answer =
    'Vi bygger legepladsen til foråret og inviterer lokalforummet med i planlægningen.';
  let anne: Person;
  let bent: Person;
  let mads: Person;
  let path = '';

  beforeAll(async () => {
    [anne, bent] = await Promise.all([
      signedIn(browser, ANNE),
      signedIn(browser, BENT, { phone: true }),
    ]);
  });
  afterAll(async () => {
    for (const person of [anne, bent, mads]) await person?.context.close();
  });

  it('lets two members draft the text together', async () => {
    await bent.page.goto('/fora/jyderup');
    await bent.page.getByLabel('Titel').fill(title);
    await bent.page.getByRole('button', { name: 'Opret forslag' }).click();
    await bent.page.waitForURL('**/forslag/*');
    path = new URL(bent.page.url()).pathname;
    await anne.page.goto(path);
    for (const page of [bent.page, anne.page]) {
      await expect.poll(() => editor(page).isVisible()).toBe(true);
      await visible(page, 'forbundet');
    }

    await editor(bent.page).click();
    await bent.page.keyboard.type(bentWrites, { delay: 10 });
    await expect.poll(() => editor(anne.page).innerText()).toContain(bentWrites);
    await editor(anne.page).press('Control+End');
    await anne.page.keyboard.press('Enter');
    await anne.page.keyboard.type(anneWrites, { delay: 10 });
    await expect.poll(() => editor(bent.page).innerText()).toContain(anneWrites);
  });

  it('freezes that text when the contact person opens the vote, and the editors become readers', async () => {
    // What a person reloading the page would read: the text has reached the server.
    await expect
      .poll(async () =>
        (await anne.page.request.get(`/api${path.replace('/forslag', '/proposals')}`)).text(),
      )
      .toContain(anneWrites);
    await anne.page.getByRole('button', { name: 'Åbn afstemningen' }).click();
    await visible(anne.page.getByRole('status'), 'Afstemningen er åbnet.');
    await visible(votePanel(bent.page), 'Der stemmes om version 1');
    await expect.poll(() => editor(bent.page).getAttribute('aria-readonly')).toBe('true');

    await bent.page.goto(`${path}/versioner/1`);
    await visible(bent.page, bentWrites);
    await visible(bent.page, anneWrites);
    await bent.page.goto(path);
  });

  it('moves the tally live as the members vote, and adopts the proposal', async () => {
    await bent.page.getByRole('radio', { name: 'Ja' }).check();
    await bent.page.getByRole('button', { name: 'Afgiv stemme' }).click();
    await visible(votePanel(bent.page), 'Du har stemt: Ja.');
    await expect.poll(() => count(anne.page, 'yes')).toBe('1');

    await anne.page.getByRole('radio', { name: 'Ja' }).check();
    await anne.page.getByRole('button', { name: 'Afgiv stemme' }).click();
    await expect.poll(() => count(bent.page, 'yes')).toBe('2');
    await expectAccessible(bent.page);

    await anne.page.getByRole('button', { name: 'Luk afstemningen nu' }).click();
    await visible(votePanel(bent.page), 'Forslaget blev vedtaget.');
    await visible(
      timeline(bent.page),
      /Afstemning lukket før tid af en kontaktperson: 2 ja, 0 nej/,
    );
  });

  it('lets the author send it to the area’s fælles-skaber', async () => {
    await visible(escalation(bent.page), 'Send forslaget til kommunen');
    await escalation(bent.page).getByRole('button', { name: 'Send til kommunen' }).click();
    await visible(bent.page.getByRole('status'), 'Forslaget er sendt til kommunen.');
    await visible(escalation(bent.page), `Sendt til fælles-skaber ${MADS}`);
    await visible(escalation(bent.page), 'Venter på svar');
  });

  it('shows the fælles-skaber it in the workspace, where the answer is given', async () => {
    mads = await signedIn(browser, MADS);
    await mads.page.waitForURL('**/arbejdsplads');
    const inbox = mads.page.getByRole('region', { name: 'Indbakke' });
    await visible(inbox, title);
    await expectAccessible(mads.page);

    const before = await unread(bent.page);
    await inbox.getByRole('link', { name: title }).click();
    await mads.page.waitForURL(`**${path}#eskalering`);
    const section = escalation(mads.page);
    await section.getByLabel('Status').selectOption('accepted');
    await section.getByLabel('Svar', { exact: true }).fill(answer);
    await section.getByRole('button', { name: 'Offentliggør svaret' }).click();
    await visible(mads.page.getByRole('status'), 'Svaret er offentliggjort.');

    // The author's open page shows the answer and the header counts the notification.
    await visible(escalation(bent.page), answer);
    await visible(escalation(bent.page), `${MADS}, fælles-skaber`);
    await visible(timeline(bent.page), 'Kommunen svarede (imødekommet)');
    await expect.poll(() => unread(bent.page)).toBe(before + 1);
  });

  it('tells the author in the notifications list', async () => {
    await bent.page.goto('/notifikationer');
    // Bent also heard of the vote opening and closing: the answer is its own notification.
    const item = bent.page
      .getByRole('listitem')
      .filter({ hasText: title })
      .filter({ hasText: `${MADS} har svaret på` });
    await expect.poll(() => item.count()).toBe(1);
    await visible(item, 'Ulæst');
    await expectAccessible(bent.page);
  });
});
