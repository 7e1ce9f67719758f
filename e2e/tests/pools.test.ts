import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchChromium, newContext } from '../support/browser';
import { adoptedProposal } from '../support/decisions';
import { type Person, signedIn, visible } from '../support/people';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe('the municipal pools', () => {
  it('lists the open pools and, apart, the closed ones with their years', async () => {
    const guest = await newContext(browser);
    try {
      const page = await guest.newPage();
      await page.goto('/');
      await page
        .getByRole('navigation', { name: 'Hovedmenu' })
        .getByRole('link', { name: 'Puljer' })
        .click();
      await page.waitForURL('**/puljer');
      const closed = page.getByRole('region', { name: 'Lukkede puljer' });
      await visible(closed, 'Rum til fællesskab');
      await visible(closed, 'Kørte 2018–2021');
      const open = page.getByRole('region', { name: 'Åbne puljer' });
      await visible(open, 'Fællesskabspuljen');
      await visible(open, 'Højst 20.000 kr. pr. ansøgning');
      await expectAccessible(page);
      await page.getByRole('link', { name: 'Lokalområdernes Udviklingspulje' }).click();
      await visible(page, 'Kan ikke søges af: Holbæk by');
      await visible(page, 'Frivillige timer tæller med i egenfinansieringen med 100 kr. i timen');
      await expectAccessible(page);
    } finally {
      await guest.close();
    }
  });
});

describe('an adopted proposal applies to a pool and follows the application to its decision', () => {
  const title = 'Legeplads ved Jyderup Hallen';
  let proposalId: string;
  let author: Person;
  let staff: Person;
  let applicationUrl: string;

  beforeAll(async () => {
    proposalId = (await adoptedProposal('bent.forening@example.org', 'jyderup', title)).id;
    author = await signedIn(browser, 'Bent Foreningsen (demo)');
    staff = await signedIn(browser, 'Mads Skabersen (demo)', { phone: true });
  });
  afterAll(async () => {
    await author?.context.close();
    await staff?.context.close();
  });

  it('lets the author apply from the proposal with a form prefilled from its adopted text', async () => {
    const page = author.page;
    await page.goto(`/forslag/${proposalId}`);
    const pools = page.getByRole('region', { name: 'Puljer' });
    await visible(pools, 'Forslaget har ikke søgt nogen puljer.');
    await pools.getByRole('link', { name: 'Søg Fællesskabspuljen' }).click();
    await visible(page.getByRole('heading', { level: 1 }), 'Søg Fællesskabspuljen');
    await expect.poll(() => page.getByLabel('Ansøgningens titel').inputValue()).toBe(title);
    await page.getByLabel('Budgetpost 1', { exact: true }).fill('Gynger og rutsjebane');
    await page.getByLabel('Beløb for post 1 i kroner').fill('14000');
    await page.getByLabel('Budgetpost 2', { exact: true }).fill('Faldunderlag');
    await page.getByLabel('Beløb for post 2 i kroner').fill('4.000');
    await page.getByLabel('Egenfinansiering i kroner').fill('2000');
    await expectAccessible(page);

    // A number with a point, and the pool's requirement not declared: each said clearly.
    await page.getByRole('button', { name: 'Send ansøgningen' }).click();
    await visible(page, 'Beløbet skal være et helt antal kroner');
    await page.getByLabel('Beløb for post 2 i kroner').fill('4000');
    await page.getByRole('button', { name: 'Send ansøgningen' }).click();
    await visible(page, /dialog med områdets fælles-skaber/);
    await expectAccessible(page);
    await page.getByLabel('Vi har talt med områdets fælles-skaber om ansøgningen').check();
    await visible(page, 'Søgt beløb med disse tal: 16.000 kr.');
    await page.getByRole('button', { name: 'Send ansøgningen' }).click();

    await page.waitForURL('**/ansoegninger/*');
    applicationUrl = new URL(page.url()).pathname;
    await visible(page.getByRole('status'), 'Ansøgningen er sendt.');
    const steps = page.getByRole('region', { name: 'Ansøgningens trin' });
    expect(await steps.locator('[aria-current="step"]').textContent()).toContain('Modtaget');
    await visible(page, 'Gynger og rutsjebane');
    await expectAccessible(page);
  });

  it('lets the area’s fælles-skaber take it under review and grant a smaller amount, on a phone', async () => {
    const page = staff.page;
    await page.goto(applicationUrl);
    const actions = page.getByRole('region', { name: 'Det kan du gøre nu' });
    await actions.getByRole('button', { name: 'Tag ansøgningen under behandling' }).click();
    await visible(page.getByRole('status'), 'Ansøgningen er nu under behandling.');
    const grant = page.getByRole('form', { name: 'Bevilg' });
    await visible(grant, 'Højst det søgte beløb, 16.000 kr.');
    await grant.getByLabel('Bevilget beløb i kroner').fill('20000');
    await grant.getByRole('button', { name: 'Bevilg' }).click();
    await visible(page, 'Der kan højst bevilges det ansøgte beløb');
    await expectAccessible(page);
    await page
      .getByRole('form', { name: 'Bevilg' })
      .getByLabel('Bevilget beløb i kroner')
      .fill('12000');
    await page
      .getByRole('form', { name: 'Bevilg' })
      .getByRole('button', { name: 'Bevilg' })
      .click();
    await visible(page.getByRole('status'), 'Ansøgningen er bevilget.');
    // Nothing on the page is wider than the phone.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page);
  });

  it('shows the author the decision, on the application and the proposal’s timeline', async () => {
    const page = author.page;
    await page.goto(applicationUrl);
    const steps = page.getByRole('region', { name: 'Ansøgningens trin' });
    await expect
      .poll(() => steps.locator('[aria-current="step"]').textContent())
      .toContain('Bevilget');
    await visible(page, '12.000 kr.');
    expect(await page.getByRole('region', { name: 'Det kan du gøre nu' }).count()).toBe(0);
    await page.goto(`/forslag/${proposalId}`);
    const timeline = page.getByRole('region', { name: 'Forslagets forløb' });
    await visible(timeline, 'Fællesskabspuljen bevilgede 12.000 kr.');
    await visible(timeline, 'Mads Skabersen (demo), fælles-skaber');
    await visible(page.getByRole('region', { name: 'Puljer' }), 'Bevilget');
  });
});

describe('applying without JavaScript', () => {
  it('lets a contact person send an application with the plain form', async () => {
    const proposal = await adoptedProposal(
      'anne.borger@example.org',
      'jyderup',
      'Bålhytte i skoven',
    );
    const context = await newContext(browser, { javaScript: false });
    try {
      const page = await context.newPage();
      await page.goto('/log-ind');
      await page.getByRole('button', { name: 'Log ind som Anne Borgersen (demo)' }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/log-ind'));
      await page.goto(`/puljer/faellesskabspuljen/ansoeg?forslag=${proposal.id}`);
      await page.getByLabel('Budgetpost 1', { exact: true }).fill('Tømmer');
      await page.getByLabel('Beløb for post 1 i kroner').fill('25000');
      await page.getByLabel('Vi har talt med områdets fælles-skaber om ansøgningen').check();
      await page.getByRole('button', { name: 'Send ansøgningen' }).click();
      // Over the pool's maximum: refused, with what was typed kept.
      await visible(page, /højst 20\.000 kr\. pr\. ansøgning/);
      expect(await page.getByLabel('Budgetpost 1', { exact: true }).inputValue()).toBe('Tømmer');
      await page.getByLabel('Beløb for post 1 i kroner').fill('18000');
      await page.getByRole('button', { name: 'Send ansøgningen' }).click();
      await page.waitForURL('**/ansoegninger/*');
      await visible(page, 'Ansøgningen er sendt.');
      await visible(page, 'Søgt af Anne Borgersen (demo)');
    } finally {
      await context.close();
    }
  });
});
