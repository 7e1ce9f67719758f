import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchChromium, newContext } from '../support/browser';

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
});
