import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, expectAccessible, launchChromium, newContext } from '../support/browser';
import { signedIn, visible } from '../support/people';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

const group = (page: Page, name: string) =>
  page.getByRole('region', { name: new RegExp(`^${name}`) });

describe('search', () => {
  it('finds a village spelled wrong from the box in the header, and leads to its forum', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto('/');
    const box = page.getByRole('banner').getByRole('searchbox', { name: 'Søg' });
    await box.fill('Jydrup');
    await box.press('Enter');
    await page.waitForURL(
      (url) => url.pathname === '/soeg' && url.searchParams.get('q') === 'Jydrup',
    );
    const places = group(page, 'Steder');
    await visible(places, 'Jyderup');
    await visible(places, 'Hører til Jyderup');
    await visible(group(page, 'Lokalfora'), 'Jyderup Lokalforum');
    await expectAccessible(page);
    await places.getByRole('link', { name: 'Jyderup' }).click();
    await page.waitForURL('**/fora/jyderup');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Jyderup');
    await context.close();
  });

  it('finds a debate by another form of a word, without JavaScript and on a phone', async () => {
    const word = `zq${Date.now().toString(36)}`;
    const author = await signedIn(browser, 'Bent Foreningsen (demo)');
    await author.page.goto('/fora/jyderup');
    await author.page.getByLabel('Overskrift').fill(`Legepladser ved ${word}`);
    await author.page.getByLabel('Hvad vil du debattere?').fill('To nye legepladser ved skolen.');
    await author.page.getByRole('button', { name: 'Start debatten' }).click();
    await author.page.waitForURL('**/debatter/*');
    await author.context.close();

    const context = await newContext(browser, { phone: true, javaScript: false });
    const page = await context.newPage();
    await page.goto('/soeg');
    await page.getByRole('main').getByLabel('Søg').fill(`legeplads ${word}`);
    await page.getByRole('main').getByRole('button', { name: 'Søg' }).click();
    const debates = group(page, 'Debatter');
    await visible(debates, `Legepladser ved ${word}`);
    await visible(debates, 'I Jyderup');
    await visible(debates, 'To nye legepladser ved skolen.');
    // Too short: said next to the box, and nothing searched.
    await page.getByRole('main').getByLabel('Søg').fill('x');
    await page.getByRole('main').getByRole('button', { name: 'Søg' }).click();
    await visible(page.getByRole('main'), 'Skriv mindst to tegn');
    await context.close();

    // The same results with JavaScript, for the accessibility scan.
    const scanned = await newContext(browser, { phone: true });
    const results = await scanned.newPage();
    await results.goto(`/soeg?q=${encodeURIComponent(`legeplads ${word}`)}`);
    await visible(group(results, 'Debatter'), `Legepladser ved ${word}`);
    await expectAccessible(results);
    await scanned.close();
  });
});

describe('behind a reverse proxy', () => {
  // The test talks to the server over loopback, which TRUST_PROXY trusts by default,
  // as it would a reverse proxy in front of the service.
  const searchFrom = (address: string) =>
    fetch(`${baseUrl()}/soeg?q=plads`, { headers: { 'x-forwarded-for': address } });

  it("counts a visitor's searches for the visitor, not for the proxy every visitor comes through", async () => {
    let status = 200;
    // Past the limit of 120 a minute per address, from an address no other test uses.
    for (let i = 0; i < 130 && status !== 429; i++)
      status = (await searchFrom('198.51.100.20')).status;
    expect(status).toBe(429);
    expect((await searchFrom('198.51.100.21')).status).toBe(200);
  });
});
