import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, expectAccessible, launchChromium, newContext } from '../support/browser';
import { visible } from '../support/people';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

const next = (page: Page) => page.getByRole('button', { name: 'Næste' }).click();

describe('"Jeg har en idé"', () => {
  it('routes a village spelled wrong to its forum and fælles-skaber, without JavaScript, keeping answers going back', async () => {
    const forum = (await (await fetch(`${baseUrl()}/api/forums/jyderup`)).json()) as {
      name: string;
      staff: { kind: string; name: string }[];
    };
    const coCreator = forum.staff.find((s) => s.kind === 'coCreator')!.name;
    const context = await newContext(browser, { javaScript: false, phone: true });
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('link', { name: 'Jeg har en idé' }).click();
    await page.waitForURL('**/ide');

    // Step 1, refused when empty, then answered.
    await next(page);
    await visible(page.getByRole('main'), 'Skriv lidt om idéen');
    await page.getByLabel('Beskriv idéen med et par sætninger').fill('En bålplads ved skoven.');
    await next(page);
    await page.waitForURL('**/ide?trin=2');

    // Step 2: a place not in the municipality, then one with a typo.
    await page.getByLabel('By eller landsby').fill('Kalundborg');
    await next(page);
    await visible(page.getByRole('main'), 'Vi kender ikke »Kalundborg« i Holbæk Kommune');
    await page.getByLabel('By eller landsby').fill('Jydrup');
    await next(page);
    await page.waitForURL('**/ide?trin=3');

    // Back with the button, and with the browser: the answers are still there.
    await page.getByRole('button', { name: 'Tilbage' }).click();
    await page.waitForURL('**/ide?trin=2');
    expect(await page.getByLabel('By eller landsby').inputValue()).toBe('Jydrup');
    await page.goto('/ide?trin=1');
    expect(await page.getByLabel('Beskriv idéen med et par sætninger').inputValue()).toBe(
      'En bålplads ved skoven.',
    );
    await page.goto('/ide?trin=3');
    await next(page);
    await page.waitForURL('**/ide?trin=4');
    await page.getByRole('button', { name: 'Vis hvor min idé hører til' }).click();
    await visible(page.getByRole('main'), 'Vælg, hvordan du vil gøre det.');
    await page.getByLabel('Sammen med kommunen').check();
    await page.getByRole('button', { name: 'Vis hvor min idé hører til' }).click();
    await page.waitForURL('**/ide?trin=resultat');

    const result = page.getByRole('region', { name: 'Her hører din idé til' });
    await visible(result, forum.name);
    await visible(result, 'Jyderup hører til lokalområdet Jyderup');
    await visible(result, coCreator);
    await visible(result, 'Områdets faste fælles-skaber');
    await result.getByRole('link', { name: `Start et forslag i ${forum.name}` }).click();
    await page.waitForURL('**/fora/jyderup#new-proposal-heading');
    await context.close();
  });

  it('sends an idea for several areas to the process consultant, and passes an accessibility scan', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto('/ide');
    // The longest idea the field takes, in letters that are two bytes each, survives going back.
    const what = page.getByLabel('Beskriv idéen med et par sætninger');
    await what.fill('æ'.repeat(5000));
    const longest = await what.inputValue();
    expect(longest.length).toBeGreaterThanOrEqual(500);
    await next(page);
    await page.getByRole('button', { name: 'Tilbage' }).click();
    await page.waitForURL('**/ide?trin=1');
    expect(await page.getByLabel('Beskriv idéen med et par sætninger').inputValue()).toBe(longest);
    await page
      .getByLabel('Beskriv idéen med et par sætninger')
      .fill('Fælles cykelruter i hele kommunen.');
    await next(page);
    await page.getByLabel('Idéen gælder flere områder eller hele kommunen').check();
    await next(page);
    await expectAccessible(page);
    await next(page);
    await page.getByLabel('Sammen med andre i området').check();
    await page.getByRole('button', { name: 'Vis hvor min idé hører til' }).click();
    await page.waitForURL('**/ide?trin=resultat');
    const result = page.getByRole('region', { name: 'Her hører din idé til' });
    await visible(result, 'Proceskonsulenten');
    await visible(result, 'Din idé gælder flere områder');
    await expectAccessible(page);
    // Starting again forgets the answers.
    await result.getByRole('button', { name: 'Begynd forfra' }).click();
    await page.waitForURL('**/ide?trin=1');
    expect(await page.getByLabel('Beskriv idéen med et par sætninger').inputValue()).toBe('');
    await context.close();
  });

  it('starts afresh from a cookie it did not write, and clamps a step it does not have', async () => {
    const context = await newContext(browser, { javaScript: false });
    const url = new URL(baseUrl());
    for (const value of [
      'not-base64-json',
      Buffer.from('{"what":7,"how":"x"}').toString('base64url'),
    ]) {
      await context.addCookies([{ name: 'lf_idea', value, domain: url.hostname, path: '/ide' }]);
      const page = await context.newPage();
      const res = await page.goto('/ide?trin=99');
      expect(res?.status()).toBe(200);
      await visible(page.getByRole('main'), 'Trin 1 af 4');
      expect(await page.getByLabel('Beskriv idéen med et par sætninger').inputValue()).toBe('');
      // Straight to the result with nothing answered: back to the first step.
      await page.goto('/ide?trin=resultat');
      await page.waitForURL('**/ide?trin=1');
      await page.close();
    }
    await context.close();
  });
});
