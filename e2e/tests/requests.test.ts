import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchChromium, newContext } from '../support/browser';
import { signedIn, visible } from '../support/people';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

const CITIZEN = 'Frederik Nysen (demo)';
const CO_CREATOR = 'Mads Skabersen (demo)';
const CONSULTANT = 'Henrik Procesen (demo)';

describe('from an idea to the right fælles-skaber', () => {
  it('a citizen sends an idea as a request; the fælles-skaber answers and passes it on; the citizen sees who has it', async () => {
    const citizen = await signedIn(browser, CITIZEN, { phone: true });
    const page = citizen.page;
    const idea = `Et shelter ved Skarresø, hvor skolen og spejderne kan overnatte ${Date.now()}`;

    await page.goto('/');
    await page.getByRole('link', { name: 'Jeg har en idé' }).click();
    await page.waitForURL('**/ide');
    await page.getByLabel('Beskriv idéen med et par sætninger').fill(idea);
    await page.getByRole('button', { name: 'Næste' }).click();
    await page.waitForURL('**/ide?trin=2');
    // A village of the Jyderup area.
    await page.getByLabel('By eller landsby').fill('Holmstrup');
    await page.getByRole('button', { name: 'Næste' }).click();
    await page.waitForURL('**/ide?trin=3');
    await page.getByRole('button', { name: 'Næste' }).click();
    await page.waitForURL('**/ide?trin=4');
    await page.getByLabel('Sammen med kommunen').check();
    await page.getByRole('button', { name: 'Vis hvor min idé hører til' }).click();
    await page.waitForURL('**/ide?trin=resultat');
    const result = page.getByRole('region', { name: 'Her hører din idé til' });
    await visible(result, CO_CREATOR);
    await result
      .getByRole('link', { name: `Send idéen til ${CO_CREATOR} som en henvendelse` })
      .click();

    // The contact form starts from the idea.
    await page.waitForURL('**/henvendelser/ny?**');
    await visible(page.getByRole('heading', { level: 1 }), `Skriv til ${CO_CREATOR}`);
    expect(await page.getByLabel('Besked').inputValue()).toBe(idea);
    expect(await page.getByLabel('Emne').inputValue()).not.toBe('');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Send henvendelse' }).click();
    await page.waitForURL('**/henvendelser/*?sendt=1');
    await visible(page.getByRole('main'), 'Tak. Din henvendelse er sendt');
    await visible(page.getByRole('main'), 'Ny');
    const threadUrl = page.url().replace(/\?sendt=1$/, '');
    await expectAccessible(page);

    // The fælles-skaber finds it in the workspace inbox, answers and passes it on.
    const staff = await signedIn(browser, CO_CREATOR);
    await staff.page.goto('/arbejdsplads');
    const inbox = staff.page.getByRole('region', { name: 'Indbakke' });
    await inbox
      .getByRole('link', { name: idea.slice(0, 40), exact: false })
      .first()
      .click();
    await staff.page.waitForURL(threadUrl);
    await staff.page.getByLabel('Besked').fill('Godt tænkt! Jeg tager fat i Park og Vej.');
    await staff.page.getByRole('button', { name: 'Send svar' }).click();
    await visible(staff.page.getByRole('main'), 'Godt tænkt! Jeg tager fat i Park og Vej.');
    await visible(staff.page.getByRole('main'), 'I dialog');
    await staff.page
      .getByLabel('Kollega', { exact: true })
      .selectOption({ label: `${CONSULTANT} — proceskonsulent, Proces og borgerinddragelse` });
    await staff.page.getByLabel('Note (valgfri)').fill('Søen ligger på grænsen til to områder.');
    await staff.page.getByRole('button', { name: 'Giv videre' }).click();
    await visible(staff.page.getByRole('main'), `har givet henvendelsen videre til ${CONSULTANT}`);

    // The citizen sees the answer, the status and who has it now.
    await page.goto(threadUrl);
    const facts = page.getByRole('main');
    await visible(facts, 'Godt tænkt! Jeg tager fat i Park og Vej.');
    await visible(facts, 'Givet videre');
    await visible(facts, 'Søen ligger på grænsen til to områder.');
    await visible(page.locator('dl'), CONSULTANT);
    await page.goto('/notifikationer');
    await visible(page.getByRole('main'), `${CO_CREATOR} har givet henvendelsen`);
    await page.goto('/henvendelser');
    await visible(page.getByRole('main'), `hos ${CONSULTANT}`);
    await expectAccessible(page);

    await staff.context.close();
    await citizen.context.close();
  });
});

describe('the directories', () => {
  it('find a partner association in the area and ask it to collaborate, without JavaScript', async () => {
    const context = await newContext(browser, { javaScript: false, phone: true });
    const page = await context.newPage();
    await page.goto('/');
    await page
      .getByRole('navigation', { name: 'Hovedmenu' })
      .getByRole('link', { name: 'Partnere' })
      .click();
    await page.waitForURL('**/partnere');
    await page.getByLabel('Lokalområde').selectOption('jyderup');
    await page.getByLabel('Emne').fill('idræt');
    await page.getByRole('button', { name: 'Vis' }).click();
    await page.waitForURL('**/partnere?**');
    const partner = page
      .getByRole('listitem')
      .filter({ hasText: 'Jyderup Idrætsforening (fiktiv)' });
    await visible(partner, 'Kontakt: Bent Foreningsen (demo)');
    expect(await page.getByRole('main').textContent()).not.toContain('@');
    // Asking means signing in first; then the form is addressed to the contact.
    await partner.getByRole('link', { name: /Spørg om samarbejde/ }).click();
    await page.waitForURL('**/log-ind?**');
    await context.close();
  });

  it('shows what staff publish, with a contact form and no serious accessibility problems', async () => {
    const { context, page } = await signedIn(browser, CITIZEN);
    await page.goto('/partnere?area=tolloese');
    await visible(page.getByRole('main'), 'Tølløse Cykler (fiktiv)');
    await expectAccessible(page);
    await page.goto('/medarbejdere?area=jyderup');
    const mads = page.getByRole('listitem').filter({ hasText: CO_CREATOR });
    await visible(mads, 'Kan hjælpe med');
    await visible(mads, '+45 00 00 00 01');
    await expectAccessible(page);
    await mads.getByRole('link', { name: `Skriv til ${CO_CREATOR}` }).click();
    await page.waitForURL('**/henvendelser/ny?**');
    await visible(page.getByRole('main'), 'Fælles-skaber');
    await context.close();
  });
});
