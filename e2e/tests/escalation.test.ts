import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchChromium, newContext } from '../support/browser';
import { adoptedProposal } from '../support/decisions';
import { signIn, visible } from '../support/people';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe('an adopted proposal goes to the fælles-skaber, who answers it publicly', () => {
  const title = 'Bænk ved Søndersø';
  let proposalId: string;
  let authorContext: BrowserContext;
  let author: Page;
  let staffContext: BrowserContext;
  let staff: Page;

  beforeAll(async () => {
    proposalId = (await adoptedProposal('bent.forening@example.org', 'jyderup', title)).id;
    authorContext = await newContext(browser);
    author = await authorContext.newPage();
    staffContext = await newContext(browser, { phone: true });
    staff = await staffContext.newPage();
  });
  afterAll(async () => {
    await authorContext?.close();
    await staffContext?.close();
  });

  it('lets the author send it to the area’s fælles-skaber with the minority’s view', async () => {
    await signIn(author, 'Bent Foreningsen (demo)');
    await author.goto(`/forslag/${proposalId}`);
    const section = author.getByRole('region', { name: 'Sendt til kommunen' });
    await visible(section, 'Send forslaget til kommunen');
    await expect.poll(() => section.getByLabel('Modtager').inputValue()).toBe('default');
    await expect
      .poll(() => section.getByRole('option', { selected: true }).textContent())
      .toContain('Mads Skabersen (demo)');
    await section
      .getByLabel('Mindretallets syn (valgfrit)')
      .fill('Én mente, at bænken skæmmer udsigten.');
    await expectAccessible(author, '#eskalering');
    await section.getByRole('button', { name: 'Send til kommunen' }).click();

    await visible(author.getByRole('status'), 'Forslaget er sendt til kommunen.');
    await visible(section, 'Sendt til fælles-skaber Mads Skabersen (demo)');
    await visible(section, 'Venter på svar');
    await visible(section, '3 for, 1 imod, 0 hverken for eller imod');
    await visible(section, 'Én mente, at bænken skæmmer udsigten.');
    await visible(section, 'Kommunen har ikke svaret endnu.');
    expect(await section.locator('code').count()).toBe(2);
    await expectAccessible(author, '#eskalering');
  });

  it('lands the fælles-skaber on the workspace, with the proposal in the inbox', async () => {
    await signIn(staff, 'Mads Skabersen (demo)');
    await staff.waitForURL('**/arbejdsplads');
    expect(await staff.getByRole('heading', { level: 1 }).textContent()).toBe('Arbejdsplads');
    const inbox = staff.getByRole('region', { name: 'Indbakke' });
    await visible(inbox, title);
    await visible(inbox, 'Venter på svar');
    await visible(staff.getByRole('region', { name: 'Dine områder' }), 'Jyderup Lokalforum');
    await expectAccessible(staff);
    // The header takes staff back here from anywhere.
    expect(
      await staff.getByRole('link', { name: 'Arbejdsplads' }).getAttribute('aria-current'),
    ).toBe('page');
  });

  it('is never offered to join a forum, but told what the role allows', async () => {
    await staff.goto('/fora/jyderup');
    await visible(staff, 'Du deltager som kommunens fælles-skaber');
    expect(await staff.getByRole('button', { name: 'Bliv medlem' }).count()).toBe(0);
    await staff.goto('/mig');
    await visible(staff, 'Som fælles-skaber er du ikke medlem af lokalfora');
    expect(await staff.getByText('Du er ikke medlem af noget lokalforum endnu.').count()).toBe(0);
  });

  it('answers from the proposal page, and the author sees it at once', async () => {
    await staff.goto('/arbejdsplads');
    await staff.getByRole('link', { name: title }).click();
    await staff.waitForURL(`**/forslag/${proposalId}#eskalering`);
    const section = staff.getByRole('region', { name: 'Sendt til kommunen' });
    await visible(section, 'Svar offentligt');
    await expectAccessible(staff, '#eskalering');

    // A forwarded answer needs the department.
    await section.getByLabel('Status').selectOption('forwarded');
    await section.getByLabel('Svar', { exact: true }).fill('Vi sender forslaget til Vej og Park.');
    await section.getByRole('button', { name: 'Offentliggør svaret' }).click();
    await visible(section, 'Skriv hvilken afdeling');
    await section.getByLabel('Afdeling').fill('Vej og Park');
    await section.getByRole('button', { name: 'Offentliggør svaret' }).click();
    await visible(staff.getByRole('status'), 'Svaret er offentliggjort.');
    await visible(section, 'til Vej og Park');

    // The author's page, open all along, shows the answer live, signed with name and role.
    const authorSection = author.getByRole('region', { name: 'Sendt til kommunen' });
    await visible(authorSection, 'Vi sender forslaget til Vej og Park.');
    await visible(authorSection, 'Mads Skabersen (demo), fælles-skaber');
    await visible(authorSection, 'Videresendt');
    await expectAccessible(author, '#eskalering');
  });
});

describe('escalating without JavaScript', () => {
  it('lets a contact person send an adopted proposal to the process consultant', async () => {
    const proposal = await adoptedProposal(
      'anne.borger@example.org',
      'jyderup',
      'Shelter i skoven',
    );
    const context = await newContext(browser, { javaScript: false });
    try {
      const page = await context.newPage();
      await signIn(page, 'Anne Borgersen (demo)');
      await page.goto(`/forslag/${proposal.id}`);
      const section = page.getByRole('region', { name: 'Sendt til kommunen' });
      await section.getByLabel('Modtager').selectOption('processConsultant');
      await section.getByRole('button', { name: 'Send til kommunen' }).click();
      await visible(page, 'Forslaget er sendt til kommunen.');
      await visible(section, 'Sendt til proceskonsulent Henrik Procesen (demo)');
      await visible(section, 'Venter på svar');
    } finally {
      await context.close();
    }
  });
});
