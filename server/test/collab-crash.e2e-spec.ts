import { type ProposalDetail, proposalDocName } from '@lokalforum/protocol';
import { createServer } from 'node:net';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as Y from 'yjs';
import { renderProposal } from '../src/proposals/proposal-document';
import { compactState } from '../src/proposals/proposal-document.store';
import { apiClient } from './support/app';
import {
  type Editor,
  addParagraph,
  eventually,
  openEditor,
  personWithToken,
} from './support/collab';
import { type ServerProcess, startServerProcess } from './support/process';

let pg: Client;
let server: ServerProcess | null = null;
const editors: Editor[] = [];

beforeAll(async () => {
  pg = new Client({ connectionString: inject('databaseUrl') });
  await pg.connect();
});
afterAll(async () => {
  for (const e of editors) e.destroy();
  await server?.stop('SIGKILL');
  await pg?.end();
});

const sql = async (q: string, p?: unknown[]): Promise<unknown[]> =>
  (await pg.query<Record<string, unknown>>(q, p)).rows;

/** The document exactly as PostgreSQL holds it: what the server acknowledged. */
async function storedText(proposalId: string): Promise<string> {
  const rows = (await sql(
    `SELECT state AS data FROM proposal_snapshots WHERE proposal_id = $1
     UNION ALL SELECT update FROM (SELECT update FROM proposal_updates
       WHERE proposal_id = $1 ORDER BY id) u`,
    [proposalId],
  )) as { data: Buffer }[];
  const doc = new Y.Doc();
  Y.applyUpdate(doc, compactState(rows.map((r) => new Uint8Array(r.data))));
  return renderProposal(doc).text;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

describe('a server killed mid-editing', () => {
  it('keeps every acknowledged update, and reconnecting editors lose nothing', async () => {
    const port = await freePort();
    const env = {
      DATABASE_URL: inject('databaseUrl'),
      PORT: String(port),
      HOST: '127.0.0.1',
      // The web client is built elsewhere; this test needs the API and /collab only.
      CLIENT_DIR: '/nonexistent',
    };
    server = await startServerProcess(env);
    const url = server.url;
    const people = [];
    for (let i = 0; i < 4; i++) people.push(await personWithToken(sql, 'svinninge'));
    const started = await apiClient(url).post<ProposalDetail>('/api/forums/svinninge/proposals', {
      token: people[0]!.token,
      body: { title: 'Robusthed' },
    });
    const id = started.body.id;
    const docName = proposalDocName(id);

    // Written, acknowledged, and its editor gone for good: only the server's log can bring it back.
    const departed = openEditor(url, docName, people[0]!.token);
    await departed.synced();
    addParagraph(departed.doc, 'kvitteret-og-forladt');
    await eventually(async () => expect(await storedText(id)).toContain('kvitteret-og-forladt'));
    departed.destroy();

    const typists = people.slice(1).map((p) => {
      const e = openEditor(url, docName, p.token);
      editors.push(e);
      return e;
    });
    await Promise.all(typists.map((e) => e.synced()));
    const typed: string[][] = typists.map(() => []);
    const lines = typists.map((e, i) => addParagraph(e.doc, `skriver-${i}:`));
    let typing = true;
    const loops = typists.map(async (e, i) => {
      for (let n = 0; typing; n++) {
        const word = `[${i}-${n}]`;
        lines[i]!.insert(lines[i]!.length, word);
        typed[i]!.push(word);
        await new Promise((r) => setTimeout(r, 3));
      }
    });

    await new Promise((r) => setTimeout(r, 400));
    await server.stop('SIGKILL');
    const acknowledged = await storedText(id);
    // The editors keep typing while the server is down.
    await new Promise((r) => setTimeout(r, 200));
    typing = false;
    await Promise.all(loops);
    expect(acknowledged).toContain('kvitteret-og-forladt');
    expect(typed.every((words) => words.length > 20)).toBe(true);
    // Killed mid-editing: part of what was typed had been stored, part had not.
    const stored = typed.flat().filter((word) => acknowledged.includes(word)).length;
    expect(stored).toBeGreaterThan(10);
    expect(stored).toBeLessThan(typed.flat().length);

    server = await startServerProcess(env);
    expect(server.url).toBe(url);
    await Promise.all(typists.map((e) => e.synced()));

    const final = await eventually(() => {
      const texts = new Set(typists.map((e) => e.text()));
      expect(texts.size).toBe(1);
      return typists[0]!.text();
    }, 20_000);
    expect(final).toContain('kvitteret-og-forladt');
    for (const words of typed) for (const word of words) expect(final).toContain(word);
    for (const line of acknowledged.split('\n')) expect(final).toContain(line);
    await eventually(async () => {
      expect(await storedText(id)).toBe(final);
      const res = await apiClient(server!.url).get<ProposalDetail>(`/api/proposals/${id}`);
      expect(res.body.text).toBe(final);
    });
  });
});
