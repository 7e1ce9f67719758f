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
const BENT = 'Bent Foreningsen (demo)'; // member of Jyderup
const FREDERIK = 'Frederik Nysen (demo)'; // a citizen, not a member

const body = (page: Page) => page.getByRole('textbox', { name: 'Forslagets tekst' });
const versionLinks = (page: Page) =>
  page.getByRole('region', { name: 'Versioner' }).getByRole('link', { name: /^Version \d+$/ });

describe('talking about a proposal', () => {
  const title = `Lys på stien ${Date.now()}`;
  const debateTitle = `Hvor skal lamperne stå? ${Date.now()}`;
  let path = '';
  let anne: Person;
  let bent: Person;
  let frederik: Person;

  beforeAll(async () => {
    [anne, bent, frederik] = await Promise.all([
      signedIn(browser, ANNE),
      signedIn(browser, BENT),
      signedIn(browser, FREDERIK),
    ]);
    await anne.page.goto('/fora/jyderup');
    await anne.page.getByLabel('Titel').fill(title);
    await anne.page.getByRole('button', { name: 'Opret forslag' }).click();
    await anne.page.waitForURL('**/forslag/*');
    path = new URL(anne.page.url()).pathname;
    await body(anne.page).waitFor({ timeout: 15_000 });
    await anne.page.getByText('forbundet').waitFor();
    await body(anne.page).click();
    await anne.page.keyboard.type('Lys ved stien.');
    await anne.page.keyboard.press('Enter');
    await anne.page.keyboard.type('Bænke ved søen.');
  });
  afterAll(async () => {
    await anne?.context.close();
    await bent?.context.close();
    await frederik?.context.close();
  });

  it('shows a version frozen in one window in the other, without a reload', async () => {
    // Frozen is what the server has stored: wait until it has every word.
    const served = async () => (await anne.context.request.get(path)).text();
    await expect.poll(served).toContain('Bænke ved søen.');
    await bent.page.goto(path);
    expect(await versionLinks(bent.page).count()).toBe(0);
    await anne.page.getByRole('button', { name: 'Frys version' }).click();
    await visible(anne.page.getByRole('status'), 'Teksten er frosset som version 1.');

    await expect.poll(() => versionLinks(bent.page).allInnerTexts()).toEqual(['Version 1']);
    // Announced politely to Bent, who did not freeze it himself.
    await visible(
      bent.page.locator('[aria-live="polite"]'),
      `Ny version: version 1, frosset af ${ANNE}.`,
    );
    expect(await bent.page.getByRole('region', { name: 'Versioner' }).innerText()).toContain(ANNE);
    // Marked new for Bent; Anne, who froze it, is told by the form instead.
    const badge = (page: Page) =>
      page.getByRole('region', { name: 'Versioner' }).locator('.badge--new');
    expect(await badge(bent.page).allInnerTexts()).toEqual(['Ny']);
    expect(await badge(anne.page).count()).toBe(0);
  });

  it('refuses to freeze the same text again, and says why', async () => {
    await anne.page.getByRole('button', { name: 'Frys version' }).click();
    await visible(
      anne.page.getByRole('status'),
      'Teksten er den samme som i version 1, så der er ingen ny version at fryse.',
    );
    expect(await versionLinks(anne.page).allInnerTexts()).toEqual(['Version 1']);
  });

  it('lets a non-member start a debate from the proposal page and lists it for everyone', async () => {
    await frederik.page.goto(path);
    const form = frederik.page.getByRole('form', { name: 'Start en debat om forslaget' });
    await form.getByLabel('Overskrift').fill(debateTitle);
    await form.getByLabel('Hvad vil du debattere?').fill('Ved broen og ved skolen, synes jeg.');
    await form.getByRole('button', { name: 'Start debatten' }).click();
    await visible(frederik.page.getByRole('status'), `Debatten »${debateTitle}« er startet.`);

    const list = (page: Page) => page.getByRole('list', { name: 'Debatter om forslaget' });
    await visible(list(frederik.page), debateTitle);
    // Anne has had the page open all along: it arrives live, announced.
    await visible(list(anne.page), debateTitle);
    await visible(
      anne.page.locator('[aria-live="polite"]'),
      `Ny debat om forslaget: ${debateTitle}`,
    );
    expect(await list(anne.page).innerText()).toContain(`af ${FREDERIK}`);
    expect(await list(anne.page).innerText()).toContain('0 kommentarer');
    await expectAccessible(frederik.page);

    await frederik.page.getByRole('link', { name: debateTitle }).click();
    await frederik.page.waitForURL('**/debatter/*');
    expect(await frederik.page.getByRole('heading', { level: 1 }).textContent()).toBe(debateTitle);
    // A comment in the thread reaches the proposal page's list too.
    await frederik.page.getByLabel('Din kommentar').fill('Og husk cykelstien.');
    await frederik.page.getByRole('button', { name: 'Send kommentar' }).click();
    await expect
      .poll(() => list(anne.page).getByRole('listitem').first().innerText())
      .toContain('1 kommentar');
  });

  it('shows a word made bold and a paragraph made a list item in the comparison', async () => {
    const page = anne.page;
    // "Lys" selected and made bold from the keyboard, as a keyboard user would:
    // a double click lands wherever this build's layout puts the word.
    await body(page).focus();
    await page.keyboard.press('Control+Home');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowRight');
    // The browser moves the selection first and the editor takes it over a moment later: wait
    // for the editor's own selection (TipTap hangs the editor on its element), as Ctrl+B uses it.
    await expect
      .poll(() =>
        page.evaluate(() => {
          const dom = document.querySelector('.ProseMirror') as unknown as {
            editor: {
              state: {
                selection: { from: number; to: number };
                doc: { textBetween(a: number, b: number): string };
              };
            };
          };
          const { from, to } = dom.editor.state.selection;
          return dom.editor.state.doc.textBetween(from, to);
        }),
      )
      .toBe('Lys');
    await page.keyboard.press('Control+b');
    await expect.poll(() => body(page).locator('strong').allInnerTexts()).toEqual(['Lys']);
    // The second paragraph a bullet list item.
    await page.keyboard.press('Control+End');
    await page.getByRole('button', { name: 'Punktliste' }).click();
    // Frozen is what the server has stored: wait until it has both changes.
    const stored = async () =>
      JSON.stringify(
        await (await anne.context.request.get(`/api/proposals/${path.split('/').at(-1)}`)).json(),
      );
    await expect.poll(stored).toContain('{"type":"text","text":"Lys","marks":[{"type":"bold"}]}');
    await expect.poll(stored).toContain('"type":"bulletList"');

    await page.getByRole('button', { name: 'Frys version' }).click();
    await visible(page.getByRole('status'), 'Teksten er frosset som version 2.');
    await page.getByRole('button', { name: 'Sammenlign' }).click();
    await page.waitForURL(
      (url) => url.pathname.endsWith('/sammenlign') && url.search === '?fra=1&til=2',
    );

    const diff = page.locator('.diff');
    await visible(diff, 'Gjort fed');
    await visible(diff, 'Afsnit → punktliste');
    // The text itself did not change: nothing is marked added or removed.
    expect(await diff.locator('ins, del').count()).toBe(0);
    expect(await diff.locator('strong', { hasText: 'Lys' }).count()).toBe(1);
    // Said in words for screen readers too, not only by colour and outline.
    expect(await diff.locator('.diff__formatted .visually-hidden').allTextContents()).toEqual([
      '[Gjort fed:]',
    ]);
    await expect
      .poll(() => page.getByText('Tilføjet: 0. Fjernet: 0. Ændret: 2. Flyttet: 0.').isVisible())
      .toBe(true);
    await expectAccessible(page);
  });

  it('has no serious accessibility problems on the proposal page', async () => {
    await bent.page.goto(path);
    await visible(bent.page.getByRole('list', { name: 'Debatter om forslaget' }), debateTitle);
    await expect.poll(() => versionLinks(bent.page).count()).toBe(2);
    await expectAccessible(bent.page);
  });
});
