import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, expectAccessible, launchChromium, newContext } from '../support/browser';
import { visible } from '../support/people';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe('who to ask on a forum page', () => {
  it('names the area’s fælles-skaber within the first screen of a phone', async () => {
    const context = await newContext(browser, { phone: true });
    const page = await context.newPage();
    await page.goto('/fora/jyderup');
    const box = page.getByRole('complementary', { name: 'Hvem kan du spørge?' });
    await expect.poll(() => box.isVisible()).toBe(true);
    const name = (await page.request.get('/api/forums/jyderup').then((r) => r.json())) as {
      staff: { kind: string; name: string }[];
    };
    const coCreator = name.staff.find((s) => s.kind === 'coCreator')!.name;
    expect(await box.innerText()).toContain(coCreator);
    const bottom = await box.evaluate((el) => el.getBoundingClientRect().bottom);
    expect(bottom).toBeLessThanOrEqual(page.viewportSize()!.height);
    // The link leads to the full list further down.
    await box.getByRole('link', { name: 'Kommunens folk og kontaktpersoner' }).click();
    await expect.poll(() => page.url()).toContain('#staff-heading');
    await expectAccessible(page);
    await context.close();
  });

  it('leads to the staff directory, which filters by a place spelled wrong without JavaScript', async () => {
    const forum = (await (await fetch(`${baseUrl()}/api/forums/jyderup`)).json()) as {
      staff: { kind: string; name: string }[];
    };
    const coCreator = forum.staff.find((s) => s.kind === 'coCreator')!.name;
    const context = await newContext(browser, { javaScript: false });
    const page = await context.newPage();
    await page.goto('/fora/jyderup');
    await page.getByRole('link', { name: 'Find den rette medarbejder' }).click();
    await page.waitForURL('**/medarbejdere?area=jyderup');
    await visible(page.getByRole('main'), coCreator);
    await page.getByRole('link', { name: 'Vis alle' }).click();
    await page.getByLabel('By eller landsby').fill('Jydrup');
    await page.getByRole('button', { name: 'Vis', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('place') === 'Jydrup');
    await visible(page.getByRole('heading', { level: 2, name: coCreator }), coCreator);
    // A place the municipality does not have: said at the field.
    await page.getByLabel('By eller landsby').fill('Kalundborg');
    await page.getByRole('button', { name: 'Vis', exact: true }).click();
    await visible(page.getByRole('main'), 'Vi kender ikke stedet »Kalundborg« i Holbæk Kommune');
    await context.close();

    const scanned = await newContext(browser, { phone: true });
    const directory = await scanned.newPage();
    await directory.goto('/medarbejdere?place=Jydrup');
    await visible(directory.getByRole('main'), coCreator);
    await expectAccessible(directory);
    await scanned.close();
  });
});
