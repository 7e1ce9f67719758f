import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchChromium, newContext } from '../support/browser';
import { type Person, signedIn, visible } from '../support/people';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

const ANNE = 'Anne Borgersen (demo)';
const BENT = 'Bent Foreningsen (demo)';

/** The live editor's text area. */
const body = (page: Page) => page.getByRole('textbox', { name: 'Forslagets tekst' });
const bodyText = (page: Page) => body(page).innerText();

/** Opens the proposal and waits for the live editor to be connected. */
async function openLive(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expect.poll(() => body(page).isVisible(), { timeout: 15_000 }).toBe(true);
  await visible(page, 'forbundet');
}

const presentNames = async (page: Page) =>
  (
    await page.getByRole('list', { name: 'Til stede nu' }).getByRole('listitem').allInnerTexts()
  ).map((text) => text.replace(/\s+/g, ' ').trim());

/** Puts the caret at the very end of the text, as a click after the last word would. */
async function caretToEnd(page: Page): Promise<void> {
  const last = body(page).locator(':scope > *').last();
  await last.scrollIntoViewIfNeeded();
  const box = await last.boundingBox();
  if (!box) throw new Error('The editor has no text to click after');
  await page.mouse.click(box.x + box.width - 2, box.y + box.height - 4);
}

/** Reads a y-websocket message's unsigned varints and strings, as lib0 writes them. */
class MessageReader {
  private at = 0;
  constructor(private readonly bytes: Uint8Array) {}
  varUint(): number {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = this.bytes[this.at++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  }
  skip(length: number): void {
    this.at += length;
  }
}

const AWARENESS_MESSAGE = 1;

/**
 * The awareness client ids each message the page sends on /collab speaks
 * for, collected from the moment this is called (before the page connects).
 */
function presenceSentBy(page: Page): Set<number> {
  const ids = new Set<number>();
  page.on('websocket', (socket) => {
    if (!new URL(socket.url()).pathname.startsWith('/collab')) return;
    socket.on('framesent', ({ payload }) => {
      if (typeof payload === 'string') return;
      const message = new MessageReader(new Uint8Array(payload));
      if (message.varUint() !== AWARENESS_MESSAGE) return;
      message.varUint(); // the update's length
      for (let count = message.varUint(); count > 0; count--) {
        ids.add(message.varUint());
        message.varUint(); // clock
        message.skip(message.varUint()); // the state's JSON
      }
    });
  });
  return ids;
}

describe('two members draft a proposal together, live', () => {
  const title = `Sti rundt om søen ${Date.now()}`;
  const anneWrites = 'Anne foreslår en sti langs vandet.';
  const bentWrites = 'Bent vil have bænke ved stien.';
  let path = '';
  let anne: Person;
  let bent: Person;

  beforeAll(async () => {
    [anne, bent] = await Promise.all([signedIn(browser, ANNE), signedIn(browser, BENT)]);
  });
  afterAll(async () => {
    await anne?.context.close();
    await bent?.context.close();
  });

  it('lets a member start a proposal from the forum page, with no editor code there', async () => {
    const scripts: string[] = [];
    anne.page.on('response', (response) => {
      if (response.url().endsWith('.js')) scripts.push(response.url());
    });
    await anne.page.goto('/fora/jyderup');
    await anne.page.getByLabel('Titel').fill(title);
    const forumScripts = [...scripts];
    await anne.page.getByRole('button', { name: 'Opret forslag' }).click();
    await anne.page.waitForURL('**/forslag/*');
    path = new URL(anne.page.url()).pathname;
    expect(await anne.page.getByRole('heading', { level: 1 }).textContent()).toBe(title);
    await expect.poll(() => body(anne.page).isVisible(), { timeout: 15_000 }).toBe(true);

    // The editor (TipTap, ProseMirror, Yjs) came with the proposal page, not with the forum.
    const editorChunk = scripts.filter((url) => !forumScripts.includes(url));
    expect(editorChunk.length).toBeGreaterThan(0);
    for (const url of forumScripts) {
      const source = await (await anne.context.request.get(url)).text();
      expect(source, url).not.toContain('collaboration-carets');
    }

    await bent.page.goto('/fora/jyderup');
    const listed = bent.page.getByRole('link', { name: title });
    expect(await listed.isVisible()).toBe(true);
    expect(await bent.page.locator('#forslag').innerText()).toContain('Kladde');
  });

  it('shows both writers each other’s text, caret and name while they type at once', async () => {
    const sentByAnne = presenceSentBy(anne.page);
    const sentByBent = presenceSentBy(bent.page);
    await openLive(anne.page, path);
    await openLive(bent.page, path);
    await expect.poll(() => presentNames(anne.page)).toEqual([`${ANNE} dig`, BENT]);
    // Names and badges as the server knows them: Anne is the forum's contact person.
    await expect
      .poll(() => presentNames(bent.page))
      .toEqual([`${BENT} dig`, `${ANNE} kontaktperson`]);
    // Anne was here first: she is told, politely, that Bent came in.
    await visible(anne.page.locator('[aria-live="polite"]'), `${BENT} kom ind i forslaget`);

    await body(anne.page).click();
    await body(bent.page).click();
    await Promise.all([
      anne.page.keyboard.type(` ${anneWrites}`, { delay: 15 }),
      bent.page.keyboard.type(` ${bentWrites}`, { delay: 15 }),
    ]);
    for (const page of [anne.page, bent.page]) {
      await expect.poll(() => bodyText(page)).toContain(anneWrites);
      await expect.poll(() => bodyText(page)).toContain(bentWrites);
    }
    const caretOf = (page: Page, name: string) =>
      page.locator('.collaboration-carets__label', { hasText: name });
    await expect.poll(() => caretOf(anne.page, BENT).isVisible()).toBe(true);
    await expect.poll(() => caretOf(bent.page, ANNE).isVisible()).toBe(true);
    // Each window speaks only for its own presence: it does not send back what it hears
    // from the other (traffic that would grow with the square of the editors).
    expect(sentByAnne.size).toBe(1);
    expect(sentByBent.size).toBe(1);
  });

  it('keeps every word when a window closes and opens again', async () => {
    await bent.context.close();
    await visible(anne.page.locator('[aria-live="polite"]'), `${BENT} forlod forslaget`);
    await expect.poll(() => presentNames(anne.page)).toEqual([`${ANNE} dig`]);

    bent = await signedIn(browser, BENT);
    await openLive(bent.page, path);
    await expect.poll(() => bodyText(bent.page)).toContain(anneWrites);
    await expect.poll(() => bodyText(bent.page)).toContain(bentWrites);

    // The server-rendered page (what guests and search engines get) catches up too.
    const served = async () => (await bent.context.request.get(path)).text();
    await expect.poll(served).toContain(anneWrites);
    await expect.poll(served).toContain(bentWrites);
  });

  it('carries a title edit to the other window without taking anyone’s focus', async () => {
    await caretToEnd(bent.page);
    const titleField = anne.page.getByLabel('Titel', { exact: true });
    await titleField.click();
    await titleField.press('End');
    await Promise.all([
      titleField.pressSequentially(' og skoven', { delay: 15 }),
      bent.page.keyboard.type(' Også om vinteren.', { delay: 15 }),
    ]);
    const newTitle = `${title} og skoven`;
    await expect
      .poll(() => bent.page.getByLabel('Titel', { exact: true }).inputValue())
      .toBe(newTitle);
    await expect
      .poll(() => bent.page.getByRole('heading', { level: 1 }).textContent())
      .toBe(newTitle);
    await expect.poll(() => bodyText(anne.page)).toContain('Også om vinteren.');

    // Each kept their place: Anne in the title, Bent in the text.
    expect(await anne.page.evaluate(() => document.activeElement?.id)).toBe('proposal-title');
    expect(
      await bent.page.evaluate(() => document.activeElement?.closest('.ProseMirror') !== null),
    ).toBe(true);
  });

  it('formats from the keyboard through the toolbar and shortcuts, and the other side sees it', async () => {
    await caretToEnd(anne.page);
    await anne.page.keyboard.press('Enter');
    await anne.page.keyboard.press('Alt+F10');
    const focused = () => anne.page.evaluate(() => document.activeElement?.textContent?.trim());
    expect(await focused()).toBe('Overskrift');
    await anne.page.keyboard.press('ArrowRight');
    await anne.page.keyboard.press('ArrowRight');
    expect(await focused()).toBe('Fed');
    await anne.page.keyboard.press('Enter');
    await anne.page.keyboard.type('Vigtigt');
    const bold = anne.page.getByRole('button', { name: 'Fed' });
    expect(await bold.getAttribute('aria-pressed')).toBe('true');
    await anne.page.keyboard.press('Control+b');
    expect(await bold.getAttribute('aria-pressed')).toBe('false');

    await anne.page.keyboard.type(' Se ');
    await anne.page.keyboard.press('Control+k');
    const address = anne.page.getByLabel('Linkadresse');
    await expect.poll(() => address.evaluate((el) => el === document.activeElement)).toBe(true);
    await address.fill('holbaek.dk');
    await address.press('Enter');

    const remote = body(bent.page);
    await expect.poll(() => remote.locator('strong', { hasText: 'Vigtigt' }).count()).toBe(1);
    await expect.poll(() => remote.locator('a[href="https://holbaek.dk/"]').count()).toBe(1);
    // The server took every change: nothing outside the proposal schema was sent.
    expect(await anne.page.locator('.connection__text').innerText()).toBe('forbundet');
  });

  it('keeps writing without a connection and merges the text when it comes back', async () => {
    const connection = () => anne.page.locator('.connection__text').innerText();
    await anne.context.setOffline(true);
    await expect.poll(connection).toBe('offline — dine ændringer gemmes lokalt');
    await caretToEnd(anne.page);
    await anne.page.keyboard.type(' Skrevet uden net.');
    await anne.context.setOffline(false);
    await expect.poll(connection).toBe('forbundet');
    await expect.poll(() => bodyText(bent.page)).toContain('Skrevet uden net.');

    // Opened with no way to the server at all: the text comes from this device's copy
    // (IndexedDB), writing goes on, and it all arrives once the server can be reached.
    let reachable = false;
    await anne.context.routeWebSocket(/\/collab\//, (socket) => {
      if (reachable) socket.connectToServer();
      else void socket.close();
    });
    await anne.page.close();
    anne.page = await anne.context.newPage();
    await anne.page.goto(path);
    await expect.poll(connection).toBe('offline — dine ændringer gemmes lokalt');
    await expect.poll(() => bodyText(anne.page)).toContain('Skrevet uden net.');
    await caretToEnd(anne.page);
    await anne.page.keyboard.type(' Og i toget.');
    reachable = true;
    await expect.poll(connection).toBe('forbundet');
    await expect.poll(() => bodyText(bent.page)).toContain('Og i toget.');
  });

  it('has no serious accessibility problems with the editor and carets on the page', async () => {
    await expectAccessible(anne.page);
  });

  it('freezes two versions and shows what changed between them', async () => {
    await anne.page.getByRole('button', { name: 'Frys version' }).click();
    await visible(anne.page.getByRole('status'), 'Teksten er frosset som version 1.');

    await caretToEnd(bent.page);
    await bent.page.keyboard.type(' Og en badebro.', { delay: 10 });
    // Frozen is what the server has stored; wait until it has Bent's words.
    const served = async () => (await anne.context.request.get(path)).text();
    await expect.poll(served).toContain('badebro');

    await anne.page.getByRole('button', { name: 'Frys version' }).click();
    await visible(anne.page.getByRole('status'), 'Teksten er frosset som version 2.');
    expect(await anne.page.getByRole('link', { name: /^Version \d$/ }).allInnerTexts()).toEqual([
      'Version 2',
      'Version 1',
    ]);

    await anne.page.getByRole('button', { name: 'Sammenlign' }).click();
    await anne.page.waitForURL(
      (url) => url.pathname.endsWith('/sammenlign') && url.search === '?fra=1&til=2',
    );
    expect(await anne.page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Forskelle fra version 1 til version 2',
    );
    const added = anne.page.locator('ins', { hasText: 'badebro' });
    expect(await added.isVisible()).toBe(true);
    // Marked in words, not by colour alone.
    expect(await anne.page.locator('.diff').innerText()).toMatch(/Ændret|Tilføjet/);
    await expectAccessible(anne.page);

    await anne.page.goto(`${path}/versioner/1`);
    const text = await anne.page.locator('main').innerText();
    expect(text).toContain(anneWrites);
    expect(text).not.toContain('badebro');
    expect(text).toMatch(/[0-9a-f]{64}/);
  });
});

describe('people who may only read, and a refused change', () => {
  const text = 'Ved busstoppestedet og kirken.';
  let author: Person;
  let path = '';

  beforeAll(async () => {
    author = await signedIn(browser, ANNE);
    await author.page.goto('/fora/jyderup');
    await author.page.getByLabel('Titel').fill(`Flere bænke ${Date.now()}`);
    await author.page.getByRole('button', { name: 'Opret forslag' }).click();
    await author.page.waitForURL('**/forslag/*');
    path = new URL(author.page.url()).pathname;
    // Hooks cannot poll: Playwright's own waiting instead.
    await body(author.page).waitFor({ timeout: 15_000 });
    await author.page.getByText('forbundet').waitFor();
    await body(author.page).click();
    await author.page.keyboard.type(text);
  });
  afterAll(() => author?.context.close());

  it('shows a guest the text without the editor or a live connection', async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      // The editor's connection; the forum room's (live versions and debates) is for guests too.
      let sockets = 0;
      page.on('websocket', (socket) => {
        if (new URL(socket.url()).pathname.startsWith('/collab')) sockets++;
      });
      await expect
        .poll(async () => {
          await page.goto(path);
          return page.locator('main').innerText();
        })
        .toContain(text);
      await page.waitForLoadState('networkidle');
      expect(await page.locator('.ProseMirror').count()).toBe(0);
      expect(await page.getByRole('textbox').count()).toBe(0);
      expect(sockets).toBe(0);
      await visible(page, 'Log ind og bliv medlem af Jyderup Lokalforum');
      await expectAccessible(page);
    } finally {
      await context.close();
    }
  });

  it('lets a signed-in non-member follow the live text without editing it', async () => {
    const reader = await signedIn(browser, 'Frederik Nysen (demo)');
    try {
      await reader.page.goto(path);
      const live = reader.page.locator('.ProseMirror');
      await expect.poll(() => live.isVisible(), { timeout: 15_000 }).toBe(true);
      expect(await live.getAttribute('contenteditable')).toBe('false');
      expect(await reader.page.getByRole('toolbar').count()).toBe(0);
      expect(await reader.page.getByLabel('Titel', { exact: true }).count()).toBe(0);
      await visible(reader.page, 'kun medlemmer af Jyderup Lokalforum kan skrive');

      await caretToEnd(author.page);
      await author.page.keyboard.type(' Og ved skolen.');
      await expect.poll(() => live.innerText()).toContain('Og ved skolen.');
      // The others see who follows along, marked as not writing.
      await expect
        .poll(() => presentNames(author.page))
        .toContain('Frederik Nysen (demo) følger med');
    } finally {
      await reader.context.close();
    }
  });

  it('stops, explains and does not reconnect when the server refuses a change (4422)', async () => {
    const page = await author.context.newPage();
    let attempts = 0;
    await author.context.routeWebSocket(/\/collab\//, (socket) => {
      attempts++;
      socket.connectToServer();
      // As the server does after an update outside the proposal schema.
      setTimeout(() => void socket.close({ code: 4422, reason: 'unknown node type' }), 300);
    });
    try {
      await page.goto(path);
      await visible(page, 'Serveren afviste en ændring');
      expect(await page.locator('.connection__text').innerText()).toBe('afbrudt');
      // Nothing more is written that could not be sent.
      await expect
        .poll(() => page.locator('.ProseMirror').getAttribute('contenteditable'))
        .toBe('false');
      expect(await page.getByRole('button', { name: 'Ryd kopien og hent igen' }).isVisible()).toBe(
        true,
      );
      // The stock provider would be back within 100 ms; give it several times that.
      await page.waitForTimeout(600);
      expect(attempts).toBe(1);
    } finally {
      await author.context.unrouteAll();
      await page.close();
    }
  });
});

describe('a connection closed for a limit (4429)', () => {
  it('pauses, explains, keeps the text editable and tries again later, not at once', async () => {
    const person = await signedIn(browser, BENT);
    let attempts = 0;
    await person.context.routeWebSocket(/\/collab\//, (socket) => {
      attempts++;
      socket.connectToServer();
      // As the server does when a person has too many windows open.
      if (attempts === 1) {
        setTimeout(() => void socket.close({ code: 4429, reason: 'for mange' }), 300);
      }
    });
    try {
      await person.page.goto('/fora/jyderup');
      await person.page.getByLabel('Titel').fill(`Pause ${Date.now()}`);
      await person.page.getByRole('button', { name: 'Opret forslag' }).click();
      await person.page.waitForURL('**/forslag/*');
      await visible(person.page, 'Forbindelsen er sat på pause');
      expect(await person.page.locator('.connection__text').innerText()).toBe('sat på pause');
      expect(await person.page.locator('.ProseMirror').getAttribute('contenteditable')).toBe(
        'true',
      );
      // The stock provider would be back within 100 ms; give it several times that.
      await person.page.waitForTimeout(600);
      expect(attempts).toBe(1);
      await person.page.getByRole('button', { name: 'Prøv igen nu' }).click();
      await visible(person.page, 'forbundet');
      expect(attempts).toBe(2);
    } finally {
      await person.context.close();
    }
  });
});

describe('without JavaScript', () => {
  it('starts a proposal with a plain form post and shows its text', async () => {
    const context = await newContext(browser, { javaScript: false });
    const page = await context.newPage();
    try {
      await page.goto('/log-ind');
      await page.getByRole('button', { name: `Log ind som ${BENT}` }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/log-ind'));
      await page.goto('/fora/jyderup');
      await page.getByRole('button', { name: 'Opret forslag' }).click();
      await visible(page, 'Skriv en titel på forslaget');
      const title = `Uden JavaScript ${Date.now()}`;
      await page.getByLabel('Titel').fill(title);
      await page.getByRole('button', { name: 'Opret forslag' }).click();
      await page.waitForURL('**/forslag/*');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(title);
      await visible(page, 'Forslaget har ingen tekst endnu.');
    } finally {
      await context.close();
    }
  });
});
