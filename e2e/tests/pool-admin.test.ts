import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchChromium } from '../support/browser';
import { signedIn, visible } from '../support/people';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe('pools as an administrator keeps them', () => {
  it('adds a pool, changes its rules and closes it; it stays listed with its history', async () => {
    const admin = await signedIn(browser, 'Administrator Adminsen (demo)');
    const page = admin.page;
    const slug = `groen-pulje-${Date.now()}`;
    await page.goto('/puljer');
    await page.getByRole('link', { name: 'Opret en pulje' }).click();
    await page.waitForURL('**/puljer/ny');
    await page.getByLabel('Kort navn i adressen').fill(slug);
    await page.getByLabel('Navn', { exact: true }).fill('Grøn pulje');
    await page.getByLabel('Største beløb pr. ansøgning (kr.)').fill('1,5');
    await page.getByRole('button', { name: 'Opret puljen' }).click();
    // A comma is not a whole number: said at the field, and what was typed stays.
    await visible(page.getByRole('main'), 'Skriv et helt tal uden komma');
    expect(await page.getByLabel('Kort navn i adressen').inputValue()).toBe(slug);
    await expectAccessible(page);
    await page.getByLabel('Største beløb pr. ansøgning (kr.)').fill('25.000');
    await page.getByLabel('Holbæk by').check();
    await page.getByRole('button', { name: 'Opret puljen' }).click();
    await page.waitForURL(`**/puljer/${slug}`);
    await visible(page.getByRole('heading', { level: 1 }), 'Grøn pulje');
    await visible(page.getByRole('main'), 'Højst 25.000 kr. pr. ansøgning');

    await page.getByRole('link', { name: 'Ret puljen' }).click();
    await page.waitForURL(`**/puljer/${slug}/rediger`);
    await page.getByLabel('Største beløb pr. ansøgning (kr.)').fill('30000');
    await page.getByRole('button', { name: 'Gem ændringerne' }).click();
    await page.waitForURL(`**/puljer/${slug}`);
    await visible(page.getByRole('main'), 'Højst 30.000 kr. pr. ansøgning');

    await page.getByRole('link', { name: 'Ret puljen' }).click();
    await page.getByRole('button', { name: 'Luk puljen nu' }).click();
    await page.waitForURL(`**/puljer/${slug}`);
    await page.goto('/puljer');
    await visible(page.getByRole('region', { name: 'Lukkede puljer' }), 'Grøn pulje');
    await admin.context.close();
  });

  it('is not for anyone else', async () => {
    const citizen = await signedIn(browser, 'Frederik Nysen (demo)');
    await citizen.page.goto('/puljer');
    await visible(citizen.page.getByRole('main'), 'Fællesskabspuljen');
    expect(await citizen.page.getByRole('link', { name: 'Opret en pulje' }).count()).toBe(0);
    const res = await citizen.page.goto('/puljer/ny');
    expect(res?.status()).toBe(403);
    await citizen.context.close();
  });
});
