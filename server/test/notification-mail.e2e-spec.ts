import type {
  ApiError,
  NotificationPreferences,
  UnsubscribeInfo,
  UnsubscribeResult,
} from '@lokalforum/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/app';
import { NotificationMailer } from '../src/notifications/notification-mailer';
import { apiClient, type ApiClient, startTestServer } from './support/app';
import { sleep } from './support/access';
import { eventually } from './support/collab';
import { db } from './support/factories';
import { parseMail, type ReceivedMail } from './support/mail-message';
import {
  castBallots,
  commentBy,
  debateBy,
  makeContactPerson,
  member,
  openVote,
  type Person,
  proposalWithVersion,
  publish,
  setPreferences,
} from './support/notifications';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink';

/** This file's forum: no other test file posts in it. */
const FORUM = 'hagested';

let server: RunningServer;
let api: ApiClient;
let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer({ smtpUrl: sink.url });
  api = apiClient(server.url);
});
afterAll(async () => {
  await server?.close();
  await sink?.close();
});

function mailsTo(person: Person): ReceivedMail[] {
  return sink.messages.map(parseMail).filter((m) => m.to.includes(person.email));
}

/** Waits for `count` mails to `person` and answers them, oldest first. */
function eventuallyMailed(person: Person, count = 1): Promise<ReceivedMail[]> {
  return eventually(() => {
    const mails = mailsTo(person);
    expect(mails).toHaveLength(count);
    return mails;
  });
}

/** The one-click address of a mail's List-Unsubscribe header. */
function oneClickUrl(mail: ReceivedMail): string {
  const header = mail.headers.get('list-unsubscribe') ?? '';
  const match = /^<(https?:\/\/[^>]+)>$/.exec(header);
  expect(match, header).not.toBeNull();
  return match![1]!;
}

/** Posts as a mail client does (RFC 8058): a form body, no cookie, no token. */
function oneClick(url: string) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
}

describe('immediate mail', () => {
  it('mails a reply to a Danish reader in Danish, with a working link and unsubscribe headers', async () => {
    const author = await member(server, FORUM, 'Dagny Dansk');
    const replier = await member(server, FORUM, 'Rolf Replik');
    const debate = await debateBy(server, FORUM, author, 'Fortov på Bygaden');
    const comment = await commentBy(server, debate.id, replier, 'Ja tak!');

    const [mail] = await eventuallyMailed(author);
    expect(mail!.subject).toBe('Nyt svar i „Fortov på Bygaden“');
    expect(mail!.text).toContain('Rolf Replik har svaret på din debat „Fortov på Bygaden“');
    expect(mail!.text).toContain(`${server.url}/debatter/${debate.id}#post-${comment.id}`);
    expect(mail!.text).toContain('Afmeld med ét klik:');
    expect(mail!.text).toContain(`${server.url}/afmeld?token=`);
    expect(mail!.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(oneClickUrl(mail!)).toMatch(
      new RegExp(`^${server.url}/api/notifications/unsubscribe\\?token=`),
    );
    // Nobody mails the replier about their own comment.
    await sleep(1_500);
    expect(mailsTo(replier)).toEqual([]);
  });

  it('writes to an English reader in English, Danish names and titles as they are', async () => {
    const author = await member(server, FORUM, 'Emma English', 'en');
    const replier = await member(server, FORUM, 'Rolf Replik');
    const debate = await debateBy(server, FORUM, replier, 'Hundeskov');
    const top = await commentBy(server, debate.id, author, 'Good idea');
    await commentBy(server, debate.id, replier, 'Tak!', top.id);

    const [mail] = await eventuallyMailed(author);
    expect(mail!.subject).toBe('New reply in “Hundeskov”');
    expect(mail!.text).toContain('Rolf Replik replied to your comment “Hundeskov” in');
    expect(mail!.text).toContain('Unsubscribe with one click:');
    expect(mail!.text).not.toMatch(/svaret|Afmeld/);
  });

  it('follows the choice per kind: off and digest send nothing now, immediate does', async () => {
    const author = await member(server, FORUM, 'Vibeke Valg');
    const replier = await member(server, FORUM, 'Rolf Replik');
    const debate = await debateBy(server, FORUM, author, 'Valgfrihed');
    await setPreferences(server, author, { reply: 'off' });
    await commentBy(server, debate.id, replier, 'En');
    await setPreferences(server, author, { reply: 'digest' });
    await commentBy(server, debate.id, replier, 'To');
    await sleep(2_000);
    expect(mailsTo(author)).toEqual([]);
    await setPreferences(server, author, { reply: 'immediate' });
    await commentBy(server, debate.id, replier, 'Tre');
    await eventuallyMailed(author, 1);
  });
});

describe('a failing SMTP server', () => {
  it('is tried again: the mail arrives once it accepts, and only once', async () => {
    const author = await member(server, FORUM, 'Tove Tålmodig');
    const replier = await member(server, FORUM, 'Rolf Replik');
    const debate = await debateBy(server, FORUM, author, 'Vent lidt');
    const refusedBefore = sink.refused();
    sink.refuseNext(1);
    // The comment is posted at once; the mail waits in the job queue.
    await commentBy(server, debate.id, replier, 'Hallo?');
    await eventually(() => expect(sink.refused()).toBe(refusedBefore + 1));
    expect(mailsTo(author)).toEqual([]);
    const [mail] = await eventually(() => {
      const mails = mailsTo(author);
      expect(mails).toHaveLength(1);
      return mails;
    }, 30_000);
    expect(mail!.subject).toBe('Nyt svar i „Vent lidt“');
    await sleep(1_000);
    expect(mailsTo(author)).toHaveLength(1);
  }, 45_000);
});

describe('one-click unsubscribe', () => {
  it('turns the kind off without a session, from the header’s address; the link page shows what it does', async () => {
    const author = await member(server, FORUM, 'Ulrik Ud');
    const replier = await member(server, FORUM, 'Rolf Replik');
    const debate = await debateBy(server, FORUM, author, 'Nok nu');
    await commentBy(server, debate.id, replier, 'Første');
    const [mail] = await eventuallyMailed(author);
    const url = oneClickUrl(mail!);
    const token = new URL(url).searchParams.get('token')!;
    expect(mail!.text).toContain(`/afmeld?token=${encodeURIComponent(token)}`);

    // Looking changes nothing.
    const info = await api.get<UnsubscribeInfo>(
      `/api/notifications/unsubscribe?token=${encodeURIComponent(token)}`,
    );
    expect(info.body).toEqual({ scope: 'reply', language: 'da' });
    const before = await api.get<NotificationPreferences>('/api/notifications/preferences', {
      token: author.token,
    });
    expect(before.body.kinds.reply).toBe('immediate');

    const res = await oneClick(url);
    expect(res.status).toBe(200);
    expect(((await res.json()) as UnsubscribeResult).kinds).toMatchObject({
      reply: 'off',
      postHidden: 'immediate',
    });
    expect((await oneClick(url)).status).toBe(200);

    await commentBy(server, debate.id, replier, 'Anden');
    await sleep(2_000);
    expect(mailsTo(author)).toHaveLength(1);
    const after = await api.get<NotificationPreferences>('/api/notifications/preferences', {
      token: author.token,
    });
    expect(after.body.kinds).toEqual({ ...before.body.kinds, reply: 'off' });
  });

  it('refuses a made-up or altered token and changes nothing', async () => {
    const victim = await member(server, FORUM, 'Viggo Vildledt');
    const author = await member(server, FORUM, 'Ulla Ud');
    const replier = await member(server, FORUM, 'Rolf Replik');
    const debate = await debateBy(server, FORUM, author, 'Falske links');
    await commentBy(server, debate.id, replier, 'Hej');
    const [mail] = await eventuallyMailed(author);
    const token = new URL(oneClickUrl(mail!)).searchParams.get('token')!;
    const [, mac] = token.split('.');
    const forged = [
      `${Buffer.from(`${victim.userId}:all`).toString('base64url')}.${mac}`,
      `${Buffer.from(`${author.userId}:all`).toString('base64url')}.${mac}`,
      `${token}x`,
      'nonsense',
      '',
    ];
    for (const bad of forged) {
      const res = await fetch(
        `${server.url}/api/notifications/unsubscribe?token=${encodeURIComponent(bad)}`,
        { method: 'POST' },
      );
      expect([bad, res.status]).toEqual([bad, 400]);
      const body = (await res.json()) as ApiError;
      expect(body.error.code).toMatch(/invalid_token|validation_failed/);
    }
    const rows = await db(server).query<unknown[]>(
      `SELECT 1 FROM notification_preferences WHERE user_id = ANY($1::uuid[])`,
      [[victim.userId, author.userId]],
    );
    expect(rows).toEqual([]);
  });
});

describe('daily digest', () => {
  it('groups by proposal and thread, counts what changed, and sends once', async () => {
    // A member who wrote a thread, is a contact person, and voted: digest for everything.
    const reader = await member(server, FORUM, 'Dines Digest');
    await makeContactPerson(server, FORUM, reader);
    await setPreferences(server, reader, { reply: 'digest' });
    const others = await Promise.all(
      ['Ada', 'Bo', 'Cia'].map((name) => member(server, FORUM, `${name} Andersen`)),
    );
    const p = await proposalWithVersion(server, FORUM, 'Ny badebro', [others[0]!.userId]);
    const { voteId, closesAt } = await openVote(server, p, others[0]!.userId);
    publish(server, 'vote.opened', { voteId, ...p, versionNumber: 1, closesAt });
    await castBallots(server, voteId, [[reader.userId, 'yes']]);
    await db(server).query(
      `UPDATE votes SET eligible_at_close = (SELECT count(*) FROM ballots b WHERE b.vote_id = votes.id),
             closed_at = now(), close_reason = 'allVoted', outcome = 'adopted' WHERE id = $1`,
      [voteId],
    );
    publish(server, 'vote.closed', { voteId, ...p, outcome: 'adopted', yes: 1, no: 0, abstain: 0 });

    const debate = await debateBy(server, FORUM, reader, 'Parkering ved hallen');
    for (const [i, other] of others.entries()) {
      await commentBy(server, debate.id, other, `Kommentar ${i}`);
    }
    for (const other of others.slice(0, 2)) {
      const report = await api.post('/api/reports', {
        token: other.token,
        body: { post: { kind: 'debate', id: debate.id }, reason: 'Off topic' },
      });
      expect(report.status).toBe(201);
    }
    await eventually(async () => {
      const [{ n }] = await db(server).query<[{ n: number }]>(
        `SELECT count(*)::int AS n FROM notifications
          WHERE user_id = $1 AND delivery = 'digest' AND digested_at IS NULL`,
        [reader.userId],
      );
      expect(n).toBe(2 + 3 + 2);
    });
    await sleep(1_500);
    expect(mailsTo(reader)).toEqual([]);

    const mailer = server.app.get(NotificationMailer);
    expect(await mailer.sendDigestTo(reader.userId)).toBe(true);
    const [mail] = await eventuallyMailed(reader);
    expect(mail!.subject).toBe('Lokalforum: 7 nyheder siden sidst');
    const text = mail!.text;
    const proposalAt = text.indexOf('Forslaget „Ny badebro“');
    const threadAt = text.indexOf('Debatten „Parkering ved hallen“');
    expect(proposalAt).toBeGreaterThan(-1);
    expect(threadAt).toBeGreaterThan(proposalAt);
    expect(text.slice(proposalAt, threadAt)).toContain('2 statusændringer');
    expect(text.slice(threadAt)).toContain('3 kommentarer, 2 anmeldelser');
    expect(text).toContain(`${server.url}/forslag/${p.proposalId}`);
    expect(text).toContain(`${server.url}/debatter/${debate.id}`);
    expect(text).toContain('Vil du ikke have den daglige oversigt?');
    expect(mail!.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');

    // Marked digested with the sending: a second run sends nothing.
    expect(await mailer.sendDigestTo(reader.userId)).toBe(false);
    await sleep(300);
    expect(mailsTo(reader)).toHaveLength(1);

    // The digest's link turns off every kind that was in the digest, and only those.
    const res = await oneClick(oneClickUrl(mail!));
    expect(res.status).toBe(200);
    expect(((await res.json()) as UnsubscribeResult).kinds).toMatchObject({
      voteOpened: 'off',
      voteClosed: 'off',
      reportCreated: 'off',
      reply: 'off',
      postHidden: 'immediate',
      escalationAnswered: 'immediate',
    });
  });

  it('writes the digest in English for an English reader', async () => {
    const reader = await member(server, FORUM, 'Edith English', 'en');
    await setPreferences(server, reader, { reply: 'digest' });
    const other = await member(server, FORUM, 'Rolf Replik');
    const debate = await debateBy(server, FORUM, reader, 'Legepladsen');
    await commentBy(server, debate.id, other, 'Ja');
    await commentBy(server, debate.id, other, 'Nej');
    await eventually(async () => {
      const [{ n }] = await db(server).query<[{ n: number }]>(
        `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1`,
        [reader.userId],
      );
      expect(n).toBe(2);
    });
    // The morning job: everyone with something undigested gets theirs.
    expect(await server.app.get(NotificationMailer).sendDigests()).toBeGreaterThanOrEqual(1);
    const [mail] = await eventuallyMailed(reader);
    expect(mail!.subject).toBe('Lokalforum: 2 updates since last time');
    expect(mail!.text).toContain('The debate “Legepladsen”');
    expect(mail!.text).toContain('2 comments');
    expect(mail!.text).toContain('Don’t want the daily digest?');
  });
});
