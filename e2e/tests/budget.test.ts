import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchChromium, newContext } from '../support/browser';
import { signIn, visible } from '../support/people';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

const YEAR = new Intl.DateTimeFormat('en', {
  timeZone: 'Europe/Copenhagen',
  year: 'numeric',
}).format(new Date());
const ledger = (page: Page) =>
  page.getByRole('table', { name: `Alle posteringer i ${YEAR}, ældste først` });
const ORCHARD = 'Fælles frugtlund i Jyderup';

/** Records a payment against the fruit orchard's commitment (the demo's) on the budget page. */
async function recordPayment(page: Page, amount: string, note: string) {
  const form = page.getByRole('region', { name: 'Registrér en betaling' });
  const option = form.getByRole('option', { name: new RegExp(ORCHARD) });
  await form.getByLabel('Bevilling').selectOption((await option.getAttribute('value')) ?? '');
  await form.getByLabel('Beløb i hele kroner').fill(amount);
  await form.getByLabel('Hvad betalingen dækker').fill(note);
  await form.getByRole('button', { name: 'Registrér betalingen' }).click();
}

describe('the budget page', () => {
  it('shows a guest on a phone the forum’s grant and what it was spent on', async () => {
    const context = await newContext(browser, { phone: true });
    try {
      const page = await context.newPage();
      await page.goto('/fora/jyderup');
      await page.getByRole('link', { name: 'Økonomi og tilskud' }).click();
      await page.waitForURL('**/fora/jyderup/budget');
      await visible(page.getByRole('heading', { level: 1 }), 'Økonomi og tilskud i Jyderup');

      const summary = page.getByRole('region', { name: /Overblik/ });
      await visible(summary, 'Årets tilskud');
      await visible(summary, '29.734 kr.');
      await visible(summary, 'Tilskuddet er 12.500 kr. plus 3,50 kr. pr. indbygger');

      const table = ledger(page);
      await visible(table, 'Tilskud');
      await visible(table, 'Bevilget');
      await visible(table, '12.000 kr.');
      await visible(table, 'Tyve frugttræer fra planteskolen (faktura 2041)');
      await visible(table, '9.500 kr.');
      await visible(table, 'Registreret af Anne Borgersen (demo)');
      const link = table.getByRole('link', { name: ORCHARD }).first();
      expect(await link.getAttribute('href')).toMatch(/^\/forslag\/[0-9a-f-]{36}$/);

      // Only contact persons record payments.
      expect(await page.getByRole('button', { name: 'Registrér betalingen' }).count()).toBe(0);
      await expectAccessible(page);

      await link.click();
      await page.waitForURL('**/forslag/**');
      await visible(page, 'Beløb fra områdetilskuddet');
      await visible(page, /12\.000\skr\.\s\(fastfrosset med version 1\)/);
      await visible(
        page.getByRole('region', { name: 'Forslagets forløb' }),
        `12.000 kr. bundet af områdetilskuddet for ${YEAR}`,
      );
    } finally {
      await context.close();
    }
  });

  it('lets a contact person record a payment without JavaScript, and refuses too much clearly', async () => {
    const context = await newContext(browser, { javaScript: false });
    try {
      const page = await context.newPage();
      await signIn(page, 'Anne Borgersen (demo)');
      await page.goto('/fora/jyderup/budget');
      await recordPayment(page, '1.000', 'Beskæring (uden JavaScript)');
      await visible(page.getByRole('status'), 'Betalingen er registreret.');
      await visible(ledger(page), 'Beskæring (uden JavaScript)');

      await recordPayment(page, '1000000', 'For meget');
      await visible(page.getByRole('status'), /er større end de .* der er tilbage af bevillingen/);
      expect(await ledger(page).getByText('For meget').count()).toBe(0);

      await recordPayment(page, '-5', 'Negativt');
      await visible(page, 'Skriv et beløb i hele kroner, fra 1 til 10.000.000');
      expect(await ledger(page).getByText('Negativt').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('lets a contact person record a payment with JavaScript and a keyboard', async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      await signIn(page, 'Anne Borgersen (demo)');
      await page.goto('/fora/jyderup/budget');
      await visible(page.getByRole('region', { name: 'Registrér en betaling' }), 'Bevilling');
      await expectAccessible(page);
      const form = page.getByRole('region', { name: 'Registrér en betaling' });
      const option = form.getByRole('option', { name: new RegExp(ORCHARD) });
      await form.getByLabel('Bevilling').selectOption((await option.getAttribute('value')) ?? '');
      await form.getByLabel('Beløb i hele kroner').fill('250');
      await form.getByLabel('Hvad betalingen dækker').fill('Pæle til træerne');
      await page.keyboard.press('Enter');
      await visible(page.getByRole('status'), 'Betalingen er registreret.');
      await visible(ledger(page), 'Pæle til træerne');
      // Focus goes back to the form's heading, where a screen reader goes on from.
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.id))
        .toBe('payment-heading');
      await expectAccessible(page);
    } finally {
      await context.close();
    }
  });

  it('takes an amount when a proposal is started and shows it on the proposal', async () => {
    const context = await newContext(browser, { phone: true });
    try {
      const page = await context.newPage();
      await signIn(page, 'Anne Borgersen (demo)');
      await page.goto('/fora/jyderup');
      await page.getByLabel('Titel').fill('Nye bænke ved stien');
      await page.getByLabel('Beløb fra områdetilskuddet (valgfrit)').fill('2.500');
      await page.getByRole('button', { name: 'Opret forslag' }).click();
      await page.waitForURL('**/forslag/**');
      await visible(page, '2.500 kr.');
      await expect.poll(() => page.getByLabel('Ændr beløbet').inputValue()).toBe('2500');
      await expectAccessible(page, '.proposal-facts');
    } finally {
      await context.close();
    }
  });
});
