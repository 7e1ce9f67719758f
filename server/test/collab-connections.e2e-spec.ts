import { type ProposalDetail, collabCloseCodes, proposalDocName } from '@lokalforum/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import type { RunningServer } from '../src/app';
import { loadConfig } from '../src/config/config';
import { apiClient, startTestServer } from './support/app';
import {
  type Editor,
  addParagraph,
  closeOf,
  collabUrl,
  connectionOutcome,
  eventually,
  openEditor,
  personWithToken,
} from './support/collab';
import { db } from './support/factories';

let server: RunningServer;
const editors: Editor[] = [];
const sockets: WebSocket[] = [];
const defaults = loadConfig({}).collab;

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => {
  for (const editor of editors.splice(0)) editor.destroy();
  for (const ws of sockets.splice(0)) ws.terminate();
});
afterAll(() => server?.close());

const sql = (q: string, p?: unknown[]) => db(server).query(q, p);

/** A new proposal, started by a new member (so no limit on starting proposals is reached). */
async function newProposal(slug = 'kundby') {
  const author = await personWithToken(sql, slug, 'Forslagsstiller');
  const res = await apiClient(server.url).post<ProposalDetail>(`/api/forums/${slug}/proposals`, {
    token: author.token,
    body: { title: 'Shelter i skoven' },
  });
  expect(res.status).toBe(201);
  return proposalDocName(res.body.id);
}

/** Opens sockets to `urls` at once: those the server kept, and how it closed the others. */
async function openMany(urls: string[]) {
  const outcomes = await Promise.all(urls.map((url) => connectionOutcome(url)));
  sockets.push(...outcomes.map((o) => o.ws));
  return {
    accepted: outcomes.filter((o) => o.outcome === 'accepted').map((o) => o.ws),
    refused: outcomes.flatMap((o) => (o.outcome === 'accepted' ? [] : [o.outcome])),
  };
}

describe('connections per person', () => {
  it(`refuses a 40-socket attack on one document beyond ${defaults.connectionsPerDocument}, while two tabs work`, async () => {
    const person = await personWithToken(sql, 'kundby', 'Mange Faner');
    const docName = await newProposal();
    const url = `${collabUrl(server.url)}/${docName}?token=${person.token}`;

    const { accepted, refused } = await openMany(Array.from({ length: 40 }, () => url));
    expect(accepted).toHaveLength(defaults.connectionsPerDocument);
    expect(refused).toHaveLength(40 - defaults.connectionsPerDocument);
    for (const r of refused) {
      expect(r.code).toBe(collabCloseCodes.tooMany);
      expect(r.reason).toMatch(/forbindelser til dette dokument/);
    }

    // Closing them frees the places again: two tabs of the same person co-edit.
    await Promise.all(
      accepted.map((ws) => {
        const closed = closeOf(ws);
        ws.close();
        return closed;
      }),
    );
    await eventually(async () => {
      const tabs = [0, 1].map(() => openEditor(server.url, docName, person.token));
      editors.push(...tabs);
      await Promise.all(tabs.map((t) => t.synced()));
      addParagraph(tabs[0]!.doc, 'fra første fane');
      await eventually(() => expect(tabs[1]!.text()).toContain('fra første fane'), 2_000);
    });
  });

  it(`refuses documents beyond ${defaults.documentsPerPerson} open at once, and others are unaffected`, async () => {
    const person = await personWithToken(sql, 'kundby', 'Mange Forslag');
    const docs = [];
    for (let i = 0; i < 15; i++) docs.push(await newProposal());
    const urls = docs.map((d) => `${collabUrl(server.url)}/${d}?token=${person.token}`);

    const { accepted, refused } = await openMany(urls);
    expect(accepted).toHaveLength(defaults.documentsPerPerson);
    expect(refused).toHaveLength(15 - defaults.documentsPerPerson);
    for (const r of refused) {
      expect(r.code).toBe(collabCloseCodes.tooMany);
      expect(r.reason).toMatch(/dokumenter/);
    }
    // A second connection to a document already open costs no new document.
    const again = await openMany([`${collabUrl(server.url)}/${docs[0]}?token=${person.token}`]);
    expect(again.accepted).toHaveLength(1);
    const againClosed = closeOf(again.accepted[0]!);
    again.accepted[0]!.close();
    await againClosed;

    // Someone else opens the refused documents freely.
    const other = await personWithToken(sql, 'kundby');
    const theirs = await openMany(
      docs.slice(10).map((d) => `${collabUrl(server.url)}/${d}?token=${other.token}`),
    );
    expect(theirs.accepted).toHaveLength(5);

    // Leaving one document makes room for another.
    const closed = closeOf(accepted[0]!);
    accepted[0]!.close();
    await closed;
    await eventually(async () => {
      const next = await openMany([urls[14]!]);
      expect(next.accepted).toHaveLength(1);
    });
  });
});
