import {
  type Comment,
  type Debate,
  type ProposalDetail,
  proposalDocName,
  type SessionResponse,
} from '@lokalforum/protocol';
import { Client } from 'pg';
import * as Y from 'yjs';
import { apiClient } from '../app';
import { openEditor, personWithToken, type Sql } from '../collab';
import type { SocketTargets } from './socket-frames';

/** The fuzzer's forum: the demo member below belongs to it, and no other test uses it. */
export const FUZZ_FORUM = 'tolloese';
/** The bystanders' debate room, also left alone by other tests. */
export const BYSTANDER_FORUM = 'st-merloese';
/** A seeded demo member of `FUZZ_FORUM` (demo data): the fuzzer signs in as this person. */
export const FUZZ_MEMBER = 'david.virksomhed@example.org';

export interface FuzzProposal {
  id: string;
  docName: string;
  /** Its Yjs state when the fuzzing starts, the base of every lane's model. */
  base: Uint8Array;
}

/** Everything a run needs that exists before its first frame. */
export interface FuzzWorld {
  fuzzToken: string;
  proposals: FuzzProposal[];
  targets: SocketTargets;
  editorToken: string;
  posterToken: string;
  observerToken: string;
}

/**
 * Signs the fuzzer in as a demo member (through POST /api/auth/demo-login,
 * so its connections may edit), starts `count` proposals in its forum and a
 * debate with a comment to aim commands at, and makes the bystanders.
 */
export async function prepareWorld(url: string, sql: Sql, count: number): Promise<FuzzWorld> {
  const api = apiClient(url);
  const login = await api.post<SessionResponse>('/api/auth/demo-login', {
    body: { email: FUZZ_MEMBER },
  });
  if (login.status !== 200) throw new Error(`demo login answered ${login.status}`);
  const editor = await personWithToken(sql, FUZZ_FORUM, 'Tilskuer Redaktør');
  const poster = await personWithToken(sql, BYSTANDER_FORUM, 'Tilskuer Skribent');
  const observer = await personWithToken(sql, BYSTANDER_FORUM, 'Tilskuer Læser');

  const proposals: FuzzProposal[] = [];
  for (let i = 0; i < count; i++) {
    // One author each: starting proposals is rate-limited per person.
    const author = await personWithToken(sql, FUZZ_FORUM, `Fuzz Forslagsstiller ${i + 1}`);
    const res = await api.post<ProposalDetail>(`/api/forums/${FUZZ_FORUM}/proposals`, {
      token: author.token,
      body: { title: `Fuzzforslag ${i + 1}`, summary: 'Et forslag, som fuzzeren skriver i.' },
    });
    if (res.status !== 201) throw new Error(`starting a proposal answered ${res.status}`);
    const docName = proposalDocName(res.body.id);
    proposals.push({ id: res.body.id, docName, base: await stateOf(url, docName, editor.token) });
  }

  const debate = await api.post<Debate>(`/api/forums/${FUZZ_FORUM}/debates`, {
    token: editor.token,
    body: { title: 'Fuzzdebat', body: 'Kommandoer fra fuzzeren rammer denne tråd.' },
  });
  if (debate.status !== 201) throw new Error(`starting a debate answered ${debate.status}`);
  const comment = await api.post<Comment>(`/api/debates/${debate.body.id}/comments`, {
    token: editor.token,
    body: { body: 'En kommentar at svare på.' },
  });
  if (comment.status !== 201) throw new Error(`commenting answered ${comment.status}`);

  return {
    fuzzToken: login.body.token,
    proposals,
    targets: {
      slugs: [FUZZ_FORUM, BYSTANDER_FORUM],
      debateIds: [debate.body.id],
      commentIds: [comment.body.id],
      proposalIds: proposals.map((p) => p.id),
    },
    editorToken: editor.token,
    posterToken: poster.token,
    observerToken: observer.token,
  };
}

/** A connection of the fuzzer's own to the run's database, for the test factories. */
export async function openSql(url: string): Promise<{ sql: Sql; end(): Promise<void> }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return {
    sql: async (q, p) => (await client.query<Record<string, unknown>>(q, p)).rows,
    end: () => client.end(),
  };
}

/** A document's state as a stock provider receives it. */
async function stateOf(url: string, docName: string, token: string): Promise<Uint8Array> {
  const editor = openEditor(url, docName, token);
  try {
    await editor.synced();
    return Y.encodeStateAsUpdate(editor.doc);
  } finally {
    editor.destroy();
  }
}
