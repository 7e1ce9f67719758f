import type { EscalationView, ForumDecisions } from '@lokalforum/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/app';
import { startProposal } from './support/access';
import { apiClient, type ApiClient, startTestServer } from './support/app';
import { personWithToken } from './support/collab';
import { decidedProposal } from './support/decisions';
import { db } from './support/factories';
import { coCreatorOf } from './support/realtime';

/** This file's forum: Tuse Næs. */
const FORUM = 'tuse-naes';

let server: RunningServer;
let api: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
});
afterAll(() => server?.close());

const sql = <T = unknown[]>(q: string, p?: unknown[]): Promise<T> => db(server).query<T>(q, p);

/** A decided, escalated and answered proposal with a title a CSV must quote. */
async function answeredDecision() {
  const decided = await decidedProposal(server, FORUM, {
    tally: { yes: 2, no: 1, abstain: 0 },
    authorName: 'Ærlige Åse Øster',
  });
  await sql(`UPDATE proposals SET title = $2 WHERE id = $1`, [
    decided.proposal.id,
    '=Bænke, "gode" bænke',
  ]);
  const escalated = await api.post<EscalationView>(
    `/api/proposals/${decided.proposal.id}/escalation`,
    { token: decided.author.token, body: {} },
  );
  expect(escalated.status).toBe(201);
  const lise = await coCreatorOf(server, FORUM);
  const answered = await api.post<EscalationView>(`/api/escalations/${escalated.body.id}/answers`, {
    token: lise.token,
    body: {
      status: 'forwarded',
      text: 'Sendt videre, med en linje\nog en til.',
      department: 'Vej og Park',
    },
  });
  expect(answered.status).toBe(201);
  return { decided, escalation: answered.body, lise };
}

describe('decisions as open data', () => {
  it('lists every decided proposal with hash, tally, escalation and answers, and nothing personal', async () => {
    const { decided, escalation, lise } = await answeredDecision();
    const rejected = await decidedProposal(server, FORUM, {
      outcome: 'not_adopted',
      tally: { yes: 0, no: 3, abstain: 1 },
    });
    const draftAuthor = await personWithToken(sql, FORUM);
    const { proposal: draft } = await startProposal(server, FORUM, draftAuthor.token);

    const res = await api.get<ForumDecisions>(`/api/forums/${FORUM}/decisions`);
    expect(res.status).toBe(200);
    expect(res.body.forum.slug).toBe(FORUM);
    const ids = res.body.decisions.map((d) => d.proposalId);
    expect(ids).not.toContain(draft.id);
    expect(res.body.decisions.find((d) => d.proposalId === decided.proposal.id)).toEqual({
      proposalId: decided.proposal.id,
      title: '=Bænke, "gode" bænke',
      status: 'answered',
      authors: ['Ærlige Åse Øster'],
      version: { number: 1, textSha256: decided.version.textSha256 },
      tally: { yes: 2, no: 1, abstain: 0 },
      outcome: 'adopted',
      decidedAt: expect.any(String) as string,
      escalation: {
        recipientRole: 'coCreator',
        escalatedAt: escalation.escalatedAt,
        answerDueAt: escalation.answerDueAt,
        overdue: false,
        status: 'forwarded',
        packageSha256: escalation.packageSha256,
      },
      answers: [
        {
          status: 'forwarded',
          department: 'Vej og Park',
          text: 'Sendt videre, med en linje\nog en til.',
          at: escalation.answers[0]!.createdAt,
          staffName: lise.name,
          staffRole: 'coCreator',
        },
      ],
    });
    expect(res.body.decisions.find((d) => d.proposalId === rejected.proposal.id)).toMatchObject({
      status: 'not_adopted',
      outcome: 'not_adopted',
      tally: { yes: 0, no: 3, abstain: 1 },
      escalation: null,
      answers: [],
    });
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/@/);
    expect(text).not.toContain(decided.author.userId);
    expect(text).not.toContain(lise.userId);

    const file = await fetch(`${server.url}/api/forums/${FORUM}/decisions.json`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe(
      `attachment; filename="lokalforum-${FORUM}-beslutninger.json"`,
    );
    const fromFile = (await file.json()) as ForumDecisions;
    expect(fromFile.decisions.map((d) => d.proposalId)).toEqual(ids);

    expect((await api.get('/api/forums/atlantis/decisions')).status).toBe(404);
    expect((await api.get('/api/forums/atlantis/decisions.csv')).status).toBe(404);
    expect((await api.get('/api/forums/NOT_A_SLUG/decisions')).status).toBe(400);
  });

  it('exports CSV with a BOM, proper quoting and a file name', async () => {
    const { decided, escalation, lise } = await answeredDecision();
    const res = await fetch(`${server.url}/api/forums/${FORUM}/decisions.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="lokalforum-${FORUM}-beslutninger.csv"`,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'proposal_id,title,status,authors,version_number,text_sha256,yes,no,abstain,outcome,' +
        'decided_at,escalated_at,answer_due_at,overdue,recipient_role,escalation_status,' +
        'package_sha256,answer_count,last_answer_status,last_answer_department,' +
        'last_answer_text,last_answer_at,last_answer_by,last_answer_role',
    );
    const json = await api.get<ForumDecisions>(`/api/forums/${FORUM}/decisions`);
    const decidedAt = json.body.decisions.find(
      (d) => d.proposalId === decided.proposal.id,
    )!.decidedAt;
    const row = lines.find((l) => l.startsWith(decided.proposal.id));
    expect(row).toBe(
      [
        decided.proposal.id,
        // A comma and quotes: quoted, quotes doubled; a leading = is not run as a formula.
        `"'=Bænke, ""gode"" bænke"`,
        'answered',
        'Ærlige Åse Øster',
        '1',
        decided.version.textSha256,
        '2',
        '1',
        '0',
        'adopted',
        decidedAt,
        escalation.escalatedAt,
        escalation.answerDueAt,
        'false',
        'coCreator',
        'forwarded',
        escalation.packageSha256,
        '1',
        'forwarded',
        'Vej og Park',
        // The line break stays inside its quoted cell.
        `"Sendt videre, med en linje\nog en til."`,
        escalation.answers[0]!.createdAt,
        lise.name,
        'coCreator',
      ].join(','),
    );
    expect(csv).not.toMatch(/@/);
  });
});
