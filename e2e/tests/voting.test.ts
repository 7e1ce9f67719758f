import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchChromium } from '../support/browser';
import { type Person, signedIn, visible } from '../support/people';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

const ANNE = 'Anne Borgersen (demo)'; // contact person of Jyderup
const BENT = 'Bent Foreningsen (demo)'; // member of Jyderup for an association
const CAMILLA = 'Camilla Bylaugsen (demo)'; // joins Jyderup here, and never votes

const votePanel = (page: Page) => page.getByRole('region', { name: 'Afstemning' });
/** The count shown for one choice, as a person reads it. */
const count = (page: Page, choice: 'yes' | 'no' | 'abstain') =>
  votePanel(page).locator(`[data-count="${choice}"]`).innerText();

describe('a vote in Jyderup, live in two browsers', () => {
  const title = `Shelter ved skoven ${Date.now()}`;
  let anne: Person;
  let bent: Person;
  let proposalPath = '';

  beforeAll(async () => {
    // Bent on a phone: the panel must work there too.
    [anne, bent] = await Promise.all([
      signedIn(browser, ANNE),
      signedIn(browser, BENT, { phone: true }),
    ]);
    // A member who does not vote, so the vote stays open until the contact person closes it.
    const camilla = await signedIn(browser, CAMILLA);
    await camilla.page.goto('/fora/jyderup');
    if (await camilla.page.getByRole('button', { name: 'Bliv medlem' }).isVisible()) {
      await camilla.page.getByRole('radio', { name: 'Borger' }).check();
      await camilla.page.getByRole('button', { name: 'Bliv medlem' }).click();
      await camilla.page
        .getByRole('status')
        .getByText('Du er nu medlem af Jyderup Lokalforum')
        .waitFor({ timeout: 15_000 });
    }
    await camilla.context.close();
  });
  afterAll(async () => {
    await anne?.context.close();
    await bent?.context.close();
  });

  it('lets a member start a proposal that a contact person may put to a vote', async () => {
    await bent.page.goto('/fora/jyderup');
    await bent.page.getByLabel('Titel').fill(title);
    await bent.page.getByRole('button', { name: 'Opret forslag' }).click();
    await bent.page.waitForURL('**/forslag/*');
    proposalPath = new URL(bent.page.url()).pathname;
    await visible(votePanel(bent.page), 'Forslaget har ikke været til afstemning endnu.');
    // Only contact persons open votes (the forum's default rule).
    expect(await bent.page.getByRole('button', { name: 'Åbn afstemningen' }).count()).toBe(0);

    await anne.page.goto(proposalPath);
    await visible(anne.page.getByRole('button', { name: 'Åbn afstemningen' }), 'Åbn afstemningen');
    await expectAccessible(anne.page);
  });

  it('opens the vote on a frozen version; the member’s page shows the ballot without a reload', async () => {
    await anne.page.getByRole('button', { name: 'Åbn afstemningen' }).click();
    await visible(anne.page.getByRole('status'), 'Afstemningen er åbnet.');
    await visible(votePanel(anne.page), 'Der stemmes om version 1');

    // Bent's page learns of the vote through the forum room.
    await visible(votePanel(bent.page), 'Der stemmes om version 1');
    await expect
      .poll(() => bent.page.getByRole('radio', { name: 'Ja' }).isVisible(), { timeout: 15_000 })
      .toBe(true);
    const sha = await votePanel(bent.page).locator('code').first().innerText();
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    await visible(
      bent.page.getByRole('list').filter({ hasText: 'Afstemning åbnet om version 1' }),
      'Afstemning åbnet om version 1',
    );
  });

  it('moves the tally live in the other page as each member votes', async () => {
    expect(await count(anne.page, 'yes')).toBe('0');
    await bent.page.getByRole('radio', { name: 'Ja' }).check();
    await bent.page.getByLabel('Jeg taler for (valgfrit)').fill('Jyderup Idrætsforening');
    await bent.page.getByRole('button', { name: 'Afgiv stemme' }).click();
    await visible(bent.page.getByRole('status'), 'Din stemme er afgivet.');
    await visible(votePanel(bent.page), 'Du har stemt: Ja.');
    await expect.poll(() => count(anne.page, 'yes'), { timeout: 15_000 }).toBe('1');

    await anne.page.getByRole('radio', { name: 'Nej' }).check();
    await anne.page.getByRole('button', { name: 'Afgiv stemme' }).click();
    await visible(votePanel(anne.page), 'Du har stemt: Nej.');
    await expect.poll(() => count(bent.page, 'no'), { timeout: 15_000 }).toBe('1');
    expect(await count(bent.page, 'yes')).toBe('1');
    // Each sees their own ballot only.
    expect(await votePanel(bent.page).getByText('Du har stemt: Nej.').count()).toBe(0);

    // The page with the ballot form, the live tally and the timeline.
    await expectAccessible(bent.page);
    await expectAccessible(anne.page);
  });

  it('lets a member change their vote until the contact person closes it', async () => {
    await bent.page.getByRole('radio', { name: 'Hverken for eller imod' }).check();
    await bent.page.getByRole('button', { name: 'Skift stemme' }).click();
    await visible(votePanel(bent.page), 'Du har stemt: Hverken for eller imod.');
    await expect.poll(() => count(anne.page, 'abstain'), { timeout: 15_000 }).toBe('1');
    expect(await count(anne.page, 'yes')).toBe('0');

    await anne.page.getByRole('button', { name: 'Luk afstemningen nu' }).click();
    await visible(votePanel(anne.page), 'Forslaget blev ikke vedtaget.');
    await visible(votePanel(bent.page), 'Forslaget blev ikke vedtaget.');
    await expect
      .poll(() => bent.page.getByRole('button', { name: 'Skift stemme' }).count(), {
        timeout: 15_000,
      })
      .toBe(0);
    const timeline = bent.page.getByRole('region', { name: 'Forslagets forløb' });
    await visible(
      timeline,
      /Afstemning lukket før tid af en kontaktperson: 0 ja, 1 nej, 1 hverken for eller imod/,
    );
    await visible(timeline, 'Status ændret fra »Til afstemning« til »Ikke vedtaget«');
    await expectAccessible(bent.page);
  });

  it('shows the forum’s voting rules to everyone and lets a contact person change them', async () => {
    await bent.page.goto('/fora/jyderup/regler');
    await visible(bent.page, 'Kun lokalforummets kontaktpersoner kan ændre reglerne.');
    expect(await bent.page.getByRole('button', { name: 'Gem reglerne' }).count()).toBe(0);
    await expectAccessible(bent.page);

    await anne.page.goto('/fora/jyderup');
    await anne.page.getByRole('link', { name: 'Se og ændr reglerne for afstemninger' }).click();
    await anne.page.waitForURL('**/fora/jyderup/regler');
    await expectAccessible(anne.page);
    await anne.page.getByLabel('Afstemningsperiode i dage').fill('0');
    await anne.page.getByRole('button', { name: 'Gem reglerne' }).click();
    await visible(anne.page, 'Skriv et helt antal dage fra 1 til 60.');
    await anne.page.getByLabel('Afstemningsperiode i dage').fill('10');
    await anne.page.getByRole('button', { name: 'Gem reglerne' }).click();
    await visible(anne.page.getByRole('status'), 'Reglerne er gemt.');
    await visible(anne.page.getByRole('region', { name: 'Gældende regler' }), '10 dage');
    await expectAccessible(anne.page);
    // Back to the default, for the other tests on this forum.
    await anne.page.getByLabel('Afstemningsperiode i dage').fill('7');
    await anne.page.getByRole('button', { name: 'Gem reglerne' }).click();
    await visible(anne.page.getByRole('region', { name: 'Gældende regler' }), '7 dage');
  });
});
