import { type ProposalDetail, proposalDocName } from '@lokalforum/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { RunningServer } from '../src/app';
import { loadConfig } from '../src/config/config';
import { renderProposal } from '../src/proposals/proposal-document';
import { apiClient, startTestServer } from './support/app';
import { addParagraph, eventually, openEditor, personWithToken } from './support/collab';
import { db } from './support/factories';

let server: RunningServer;
const { storeDebounceMs, storeMaxDebounceMs } = loadConfig({}).collab;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const sql = <T = unknown>(q: string, p?: unknown[]) => db(server).query<T>(q, p);

/** The proposal's stored text and what its stored log says, read in one statement (one snapshot). */
async function storedNow(id: string): Promise<{ text: string; logText: string; rows: number }> {
  const [row] = await sql<[{ text: string; parts: Buffer[] }]>(
    `SELECT p.text,
            array_cat(ARRAY(SELECT state FROM proposal_snapshots WHERE proposal_id = p.id),
                      ARRAY(SELECT update FROM proposal_updates WHERE proposal_id = p.id ORDER BY id))
              AS parts
       FROM proposals p WHERE p.id = $1`,
    [id],
  );
  const doc = new Y.Doc();
  for (const part of row.parts) Y.applyUpdate(doc, new Uint8Array(part));
  return { text: row.text, logText: renderProposal(doc).text, rows: row.parts.length - 1 };
}

describe('storing what editors type', () => {
  it('writes continuous typing in a few batches, each within the ceiling, and the text never ahead of them', async () => {
    expect(storeMaxDebounceMs).toBeGreaterThan(storeDebounceMs);
    const author = await personWithToken(sql, 'jyderup');
    const res = await apiClient(server.url).post<ProposalDetail>('/api/forums/jyderup/proposals', {
      token: author.token,
      body: { title: 'Skriv løs' },
    });
    const id = res.body.id;
    const editor = openEditor(server.url, proposalDocName(id), author.token);
    try {
      await editor.synced();
      const line = addParagraph(editor.doc, '');
      // Keystrokes closer together than the debounce, for four ceilings: the pause never comes.
      const typingMs = 4 * storeMaxDebounceMs;
      const keystrokes = Math.floor(typingMs / (storeDebounceMs / 5));
      let storedWhileTyping = 0;
      for (let i = 0; i < keystrokes; i++) {
        line.insert(line.length, String.fromCharCode(97 + (i % 26)));
        await new Promise((r) => setTimeout(r, storeDebounceMs / 5));
        if (i % 5 === 0) {
          const stored = await storedNow(id);
          // The text is rendered from the state a batch leads to and written with it.
          expect(stored.logText.startsWith(stored.text)).toBe(true);
          storedWhileTyping = stored.rows;
        }
      }
      expect(storedWhileTyping).toBeGreaterThan(0);

      const expected = editor.text();
      const stored = await eventually(async () => {
        const now = await storedNow(id);
        expect(now.text).toBe(expected);
        return now;
      });
      expect(stored.logText).toBe(expected);
      // One batch per ceiling while the typing goes on, and the rest after it stops.
      expect(stored.rows).toBeGreaterThanOrEqual(2);
      expect(stored.rows).toBeLessThanOrEqual(20);
    } finally {
      editor.destroy();
    }
  });

  it('compacts a log that has outgrown its snapshot, though it has few rows', async () => {
    const author = await personWithToken(sql, 'jyderup');
    const res = await apiClient(server.url).post<ProposalDetail>('/api/forums/jyderup/proposals', {
      token: author.token,
      body: { title: 'Lange afsnit' },
    });
    const id = res.body.id;
    const editor = openEditor(server.url, proposalDocName(id), author.token);
    try {
      await editor.synced();
      // Ten pastes of 2 KiB, each stored on its own: far fewer rows than COLLAB_COMPACT_AFTER.
      for (let i = 0; i < 10; i++) {
        addParagraph(editor.doc, `${i} ${'Bænke ved søen og en badebro. '.repeat(70)}`);
        await new Promise((r) => setTimeout(r, storeDebounceMs * 3));
      }
      expect(loadConfig({}).collab.compactAfter).toBeGreaterThan(10);
      await eventually(async () => {
        const [snapshot] = await sql<[{ last_update_id: string | null }]>(
          `SELECT last_update_id FROM proposal_snapshots WHERE proposal_id = $1`,
          [id],
        );
        expect(Number(snapshot.last_update_id)).toBeGreaterThan(0);
      });
      const expected = editor.text();
      await eventually(async () => expect((await storedNow(id)).logText).toBe(expected));
    } finally {
      editor.destroy();
    }
  });
});
