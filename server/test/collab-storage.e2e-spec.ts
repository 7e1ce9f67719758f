import { type ProposalDetail, proposalDocName } from '@lokalforum/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/app';
import { CollabService } from '../src/collab/collab.service';
import { loadConfig } from '../src/config/config';
import { ProposalDocumentStore } from '../src/proposals/proposal-document.store';
import { renderProposalState } from '../src/proposals/proposal-document';
import { apiClient, startTestServer } from './support/app';
import { addParagraph, eventually, openEditor, personWithToken } from './support/collab';
import { db } from './support/factories';

let server: RunningServer;

beforeAll(async () => {
  // Store each edit on its own, compact often and unload quickly, so one short test goes through every path.
  server = await startTestServer({
    collab: {
      ...loadConfig({}).collab,
      storeDebounceMs: 2,
      storeMaxDebounceMs: 2,
      compactAfter: 3,
      unloadAfterMs: 50,
    },
  });
});
afterAll(() => server?.close());

const sql = <T = unknown>(q: string, p?: unknown[]) => db(server).query<T>(q, p);

describe('the stored document', () => {
  it('is compacted as its log grows, unloaded when idle, and loads back the same', async () => {
    const author = await personWithToken(sql, 'moerkoev');
    const started = await apiClient(server.url).post<ProposalDetail>(
      '/api/forums/moerkoev/proposals',
      { token: author.token, body: { title: 'Lang historik' } },
    );
    const id = started.body.id;
    const docName = proposalDocName(id);
    const first = openEditor(server.url, docName, author.token);
    await first.synced();
    const line = addParagraph(first.doc, 'start');
    for (let i = 0; i < 40; i++) {
      line.insert(line.length, ` ${i}`);
      if (i % 3 === 0) line.delete(0, 1);
      await new Promise((r) => setTimeout(r, 8));
    }
    const expected = first.text();
    await eventually(async () => {
      const rows = await sql<{ text: string }[]>(`SELECT text FROM proposals WHERE id = $1`, [id]);
      expect(rows[0]!.text).toBe(expected);
    });

    // Compaction runs in the background of the writes: wait for the last one.
    await eventually(async () => {
      const [log] = await sql<[{ rows: number }]>(
        `SELECT count(*)::int AS rows FROM proposal_updates WHERE proposal_id = $1`,
        [id],
      );
      const [snapshot] = await sql<[{ last_update_id: string }]>(
        `SELECT last_update_id FROM proposal_snapshots WHERE proposal_id = $1`,
        [id],
      );
      expect(log.rows).toBeLessThan(3);
      expect(Number(snapshot.last_update_id)).toBeGreaterThan(0);
    });

    first.destroy();
    const collab = server.app.get(CollabService);
    await eventually(() => expect(collab.openDocuments).toBe(0));

    const stored = await server.app.get(ProposalDocumentStore).load(id);
    expect(renderProposalState(stored!).text).toBe(expected);
    const second = openEditor(server.url, docName, author.token);
    try {
      await second.synced();
      expect(second.text()).toBe(expected);
    } finally {
      second.destroy();
    }
  });
});
