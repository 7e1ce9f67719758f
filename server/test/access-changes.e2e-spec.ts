import { type Notification, type ProposalDetail, collabCloseCodes } from '@lokalforum/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { RunningServer } from '../src/app';
import { SessionsService } from '../src/auth/sessions.service';
import { MembersService } from '../src/members/members.service';
import { PeopleService } from '../src/people/people.service';
import { ProposalsService } from '../src/proposals/proposals.service';
import {
  authorIds,
  closeCodes,
  openRawEditor,
  sessionExpiringIn,
  sleep,
  startProposal,
} from './support/access';
import { apiClient, type ApiClient, startTestServer } from './support/app';
import {
  type Editor,
  addParagraph,
  eventually,
  openEditor,
  personWithToken,
} from './support/collab';
import { db, signedInPerson } from './support/factories';
import {
  closeClients,
  connect,
  contactPerson,
  ok,
  type RealtimeClient,
  recordEvents,
} from './support/realtime';

/** This file's forum (no other test file uses it). */
const FORUM = 'st-merloese';

let server: RunningServer;
let api: ApiClient;
const editors: Editor[] = [];

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
});
afterEach(() => {
  for (const editor of editors.splice(0)) editor.destroy();
  closeClients();
});
afterAll(() => server?.close());

const sql = (q: string, p?: unknown[]) => db(server).query(q, p);

function editor(docName: string, token: string): Editor {
  const e = openEditor(server.url, docName, token);
  editors.push(e);
  return e;
}

/** A proposal with its author editing it live, and a second member. */
async function draftWithTwoMembers() {
  const author = await personWithToken(sql, FORUM, 'Forslagsstiller');
  const member = await personWithToken(sql, FORUM, 'Medlem');
  const { proposal, docName } = await startProposal(server, FORUM, author.token);
  const authorEditor = editor(docName, author.token);
  await authorEditor.synced();
  return { proposal, docName, author, member, authorEditor };
}

/**
 * Waits until the server has stored a marker `authorEditor` writes now, and a
 * little more: what another connection sent before has been handled by then.
 */
async function roundTrip(proposalId: string, authorEditor: Editor, marker: string): Promise<void> {
  addParagraph(authorEditor.doc, marker);
  await eventually(async () => {
    const res = await api.get<ProposalDetail>(`/api/proposals/${proposalId}`);
    expect(res.body.text).toContain(marker);
  });
  await sleep(200);
}

describe('/collab when access ends', () => {
  it('closes an editor with 4401 within a second of signing out, and takes nothing it sends after', async () => {
    const { proposal, docName, member, authorEditor } = await draftWithTwoMembers();
    const raw = await openRawEditor(server, docName, member.token);

    const res = await api.post('/api/auth/sign-out', { token: member.token });
    expect(res.status).toBe(204);
    const signedOutAt = Date.now();
    raw.sendParagraph(authorEditor.doc, 'skrevet efter log ud');

    const { code, at } = await raw.closed;
    expect(code).toBe(collabCloseCodes.unauthenticated);
    expect(at - signedOutAt).toBeLessThan(1_000);
    await roundTrip(proposal.id, authorEditor, 'kontrol efter log ud');
    expect(authorEditor.text()).not.toContain('skrevet efter log ud');
    expect(await authorIds(sql, proposal.id)).not.toContain(member.userId);
  });

  it('never applies an update it held for a connection whose session ended, when what it needs arrives', async () => {
    const { proposal, docName, author, member, authorEditor } = await draftWithTwoMembers();
    const base = new Y.Doc();
    Y.applyUpdate(base, Y.encodeStateAsUpdate(authorEditor.doc));
    const updates: Uint8Array[] = [];
    base.on('update', (u: Uint8Array) => updates.push(u));
    const text = addParagraph(base, 'Grundlag');
    text.insert(text.length, ' med en tilføjelse efter log ud');
    const [needed, dependent] = updates as [Uint8Array, Uint8Array];

    const raw = await openRawEditor(server, docName, member.token);
    raw.sendUpdate(dependent);
    await sleep(200);
    // A client that never answers the close: the server stays in its closing handshake.
    (raw.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    expect((await api.post('/api/auth/sign-out', { token: member.token })).status).toBe(204);

    const supplier = await openRawEditor(server, docName, author.token);
    supplier.sendUpdate(needed);
    await eventually(() => expect(authorEditor.text()).toContain('Grundlag'));
    await roundTrip(proposal.id, authorEditor, 'kontrol efter det holdte');
    expect(authorEditor.text()).not.toContain('tilføjelse efter log ud');
    expect(await authorIds(sql, proposal.id)).not.toContain(member.userId);
    raw.ws.terminate();
  });

  it('closes an editor with 4401 when the session is revoked', async () => {
    const { proposal, docName, member, authorEditor } = await draftWithTwoMembers();
    const raw = await openRawEditor(server, docName, member.token);
    const sessions = server.app.get(SessionsService);
    const session = await sessions.resolve(member.token);
    await sessions.revoke(session!.sessionId);
    const revokedAt = Date.now();
    raw.sendParagraph(authorEditor.doc, 'skrevet efter tilbagekaldelse');

    const { code, at } = await raw.closed;
    expect(code).toBe(collabCloseCodes.unauthenticated);
    expect(at - revokedAt).toBeLessThan(1_000);
    await roundTrip(proposal.id, authorEditor, 'kontrol efter tilbagekaldelse');
    expect(authorEditor.text()).not.toContain('skrevet efter tilbagekaldelse');
    expect(await authorIds(sql, proposal.id)).not.toContain(member.userId);
  });

  it('closes an editor with 4401 within a second of its session expiring', async () => {
    const { docName, member } = await draftWithTwoMembers();
    const { token, expiresAt } = await sessionExpiringIn(sql, member.userId, 1_500);
    const raw = await openRawEditor(server, docName, token);
    const { code, at } = await raw.closed;
    expect(code).toBe(collabCloseCodes.unauthenticated);
    expect(at).toBeGreaterThanOrEqual(expiresAt - 50);
    expect(at - expiresAt).toBeLessThan(1_000);
  });

  it('turns an editor who leaves the forum into a reader: what they send after is dropped', async () => {
    const { proposal, docName, member, authorEditor } = await draftWithTwoMembers();
    const memberEditor = editor(docName, member.token);
    const codes = closeCodes(memberEditor);
    await memberEditor.synced();

    const res = await api.delete(`/api/forums/${FORUM}/members`, { token: member.token });
    expect(res.status).toBe(204);
    const leftAt = Date.now();
    await eventually(() => expect(codes).toEqual([collabCloseCodes.readOnly]), 1_000);
    expect(Date.now() - leftAt).toBeLessThan(1_000);

    // The stock provider reconnects by itself, now as a reader: it still follows along.
    addParagraph(authorEditor.doc, 'fra forslagsstilleren');
    await eventually(() => expect(memberEditor.text()).toContain('fra forslagsstilleren'));
    addParagraph(memberEditor.doc, 'fra en der har forladt forummet');
    await roundTrip(proposal.id, authorEditor, 'kontrol efter udmeldelse');
    expect(authorEditor.text()).not.toContain('fra en der har forladt forummet');
    expect(await authorIds(sql, proposal.id)).not.toContain(member.userId);
    expect(codes).toEqual([collabCloseCodes.readOnly]);
  });

  it('turns every editor into a reader when the proposal leaves draft, and tells the forum room', async () => {
    const { proposal, docName, member, authorEditor } = await draftWithTwoMembers();
    const outsider = await personWithToken(sql, null, 'Udenforstående');
    const authorCodes = closeCodes(authorEditor);
    const reader = await openRawEditor(server, docName, outsider.token);
    const memberRaw = await openRawEditor(server, docName, member.token);
    const room = await connect(server.url);
    const { events } = recordEvents(room);
    await ok(room, 'forum.join', { slug: FORUM });

    const changed = await server.app.get(ProposalsService).changeStatus(proposal.id, 'voting');
    expect(changed.status).toBe('voting');
    const changedAt = Date.now();
    const { code, at } = await memberRaw.closed;
    expect(code).toBe(collabCloseCodes.readOnly);
    expect(at - changedAt).toBeLessThan(1_000);
    await eventually(() => expect(authorCodes).toContain(collabCloseCodes.readOnly), 1_000);
    await eventually(() =>
      expect(events.at(-1)).toMatchObject({
        type: 'proposal.changed',
        proposal: { id: proposal.id, status: 'voting' },
      }),
    );
    // A reader was a reader before and stays connected.
    await sleep(200);
    expect(reader.ws.readyState).toBe(reader.ws.OPEN);

    const detail = await api.get<ProposalDetail>(`/api/proposals/${proposal.id}`, {
      token: member.token,
    });
    expect(detail.body).toMatchObject({ status: 'voting', permissions: { edit: false } });
    await authorEditor.synced();
    addParagraph(authorEditor.doc, 'under afstemningen');
    await sleep(500);
    const stored = await api.get<ProposalDetail>(`/api/proposals/${proposal.id}`);
    expect(stored.body.text).not.toContain('under afstemningen');
  });
});

/** Resolves with the notifications `client` receives from now on. */
function notificationsOf(client: RealtimeClient): Notification[] {
  const received: Notification[] = [];
  client.on('notification.created', ({ notification }) => received.push(notification));
  return received;
}

describe('Socket.IO when access ends', () => {
  it('after sign-out a connection gets no more private notifications and leaves presence by name', async () => {
    const person = await signedInPerson(server, 'Sofie Socket');
    const other = await server.app.get(SessionsService).create(person.userId);
    const moderator = await contactPerson(server, FORUM, 'Mads Moderator');
    const signedOut = await connect(server.url, { token: person.token });
    const stillIn = await connect(server.url, { token: other.token });
    const watcher = await connect(server.url);
    const { presence } = recordEvents(watcher);
    await ok(watcher, 'forum.join', { slug: FORUM });
    await ok(signedOut, 'forum.join', { slug: FORUM });
    await eventually(() =>
      expect(presence.at(-1)?.people.map((p) => p.userId)).toContain(person.userId),
    );
    const lost = notificationsOf(signedOut);
    const kept = notificationsOf(stillIn);
    const debate = await api.post<{ id: string }>(`/api/forums/${FORUM}/debates`, {
      token: person.token,
      body: { title: 'Cykelsti', body: 'Langs landevejen' },
    });

    expect((await api.post('/api/auth/sign-out', { token: person.token })).status).toBe(204);
    const signedOutAt = Date.now();
    await eventually(
      () => expect(presence.at(-1)?.people.map((p) => p.userId)).not.toContain(person.userId),
      1_000,
    );
    expect(Date.now() - signedOutAt).toBeLessThan(1_000);

    const hidden = await api.post(`/api/debates/${debate.body.id}/hide`, {
      token: moderator.token,
      body: { reason: 'Uden for emnet' },
    });
    expect(hidden.status).toBe(204);
    await eventually(() => expect(kept).toHaveLength(1));
    await sleep(200);
    expect(lost).toEqual([]);
    // Still connected, as a guest: the forum's public events keep coming.
    expect(signedOut.connected).toBe(true);
  });

  it('drops a connection from presence by name within a second of its session expiring', async () => {
    const person = await signedInPerson(server, 'Ulla Udløb');
    const { token, expiresAt } = await sessionExpiringIn(sql, person.userId, 1_500);
    const watcher = await connect(server.url);
    const { presence } = recordEvents(watcher);
    await ok(watcher, 'forum.join', { slug: FORUM });
    const client = await connect(server.url, { token });
    await ok(client, 'forum.join', { slug: FORUM });
    await eventually(() =>
      expect(presence.at(-1)?.people.map((p) => p.userId)).toContain(person.userId),
    );
    await eventually(
      () => expect(presence.at(-1)?.people.map((p) => p.userId)).not.toContain(person.userId),
      3_000,
    );
    expect(Date.now() - expiresAt).toBeLessThan(1_000);
  });

  it('updates the presence badge of someone who loses their staff role', async () => {
    const person = await signedInPerson(server, 'Birgit Badge');
    // A fælles-skaber without an area: listed in no forum, so other tests do not see her.
    await sql(`INSERT INTO staff (user_id, kind, field) VALUES ($1, 'coCreator', 'Test')`, [
      person.userId,
    ]);
    const watcher = await connect(server.url);
    const { presence } = recordEvents(watcher);
    await ok(watcher, 'forum.join', { slug: FORUM });
    const client = await connect(server.url, { token: person.token });
    await ok(client, 'forum.join', { slug: FORUM });
    const badge = () => presence.at(-1)?.people.find((p) => p.userId === person.userId)?.staff;
    await eventually(() => expect(badge()).toBe('coCreator'));

    await server.app.get(PeopleService).removeStaffRole(person.userId);
    const removedAt = Date.now();
    await eventually(() => expect(badge()).toBeNull(), 1_000);
    expect(Date.now() - removedAt).toBeLessThan(1_000);
  });

  it('ends a contact person role through the members service: no more moderating', async () => {
    const moderator = await contactPerson(server, FORUM, 'Karen Kontakt');
    const client = await connect(server.url, { token: moderator.token });
    const joined = await ok(client, 'forum.join', { slug: FORUM });
    expect(joined.presence.people.map((p) => p.userId)).toContain(moderator.userId);
    await server.app.get(MembersService).removeContactPerson(FORUM, moderator.userId);
    const rows = (await sql(`SELECT 1 FROM contact_persons WHERE user_id = $1`, [
      moderator.userId,
    ])) as unknown[];
    expect(rows).toEqual([]);
    const refused = await api.get(`/api/forums/${FORUM}/reports`, { token: moderator.token });
    expect(refused.status).toBe(403);
  });
});
