import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { newContext } from './browser';

/** One person in the test: their own browser profile (so their own session) and page. */
export interface Person {
  context: BrowserContext;
  page: Page;
}

/** Signs `page` in as the demo person `name` with the sign-in page's one-click button. */
export async function signIn(page: Page, name: string): Promise<void> {
  await page.goto('/log-ind');
  await page.getByRole('button', { name: `Log ind som ${name}` }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/log-ind'));
}

/** A fresh profile signed in as `name`, on a desktop or (`phone`) a phone-sized screen. */
export async function signedIn(
  browser: Browser,
  name: string,
  options: { phone?: boolean } = {},
): Promise<Person> {
  const context = await newContext(browser, options);
  const page = await context.newPage();
  await signIn(page, name);
  return { context, page };
}

/** Waits until `text` shows within the page or a part of it, as a person would see it. */
export const visible = (within: Pick<Page, 'getByText'>, text: string | RegExp) =>
  expect.poll(() => within.getByText(text).first().isVisible()).toBe(true);
