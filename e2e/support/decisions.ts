import type { ProposalDetail, SessionResponse } from '@lokalforum/protocol';
import { Client } from 'pg';
import { expect, inject } from 'vitest';
import { baseUrl } from './browser';

async function call<T>(path: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(`${baseUrl()}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  expect(res.ok, `${path}: ${text}`).toBe(true);
  return JSON.parse(text) as T;
}

/**
 * A proposal of `slug` by the demo person `authorEmail` that a closed vote
 * adopted: started and frozen over the API, then the vote, its ballots and
 * the status written as the voting part of the app leaves them (that part is
 * exercised by its own browser test).
 */
export async function adoptedProposal(
  authorEmail: string,
  slug: string,
  title: string,
  tally = { yes: 3, no: 1, abstain: 0 },
): Promise<ProposalDetail> {
  const session = await call<SessionResponse>('/api/auth/demo-login', { email: authorEmail });
  const proposal = await call<ProposalDetail>(
    `/api/forums/${slug}/proposals`,
    { title, summary: 'En bænk ved søen, hvor man kan se solnedgangen.' },
    session.token,
  );
  await call(`/api/proposals/${proposal.id}/versions`, {}, session.token);
  const db = new Client({ connectionString: inject('databaseUrl') });
  await db.connect();
  try {
    await db.query('BEGIN');
    const vote = await db.query<{ id: string }>(
      `INSERT INTO votes (proposal_id, forum_id, version_number, opened_at, closes_at, majority,
         tally_visibility, members_before_vote_only)
       SELECT id, forum_id, 1, now() - interval '7 days', now(), 'moreYesThanNo', 'live', true
         FROM proposals WHERE id = $1 RETURNING id`,
      [proposal.id],
    );
    const voteId = vote.rows[0]!.id;
    const choices = [
      ...Array<string>(tally.yes).fill('yes'),
      ...Array<string>(tally.no).fill('no'),
      ...Array<string>(tally.abstain).fill('abstain'),
    ];
    for (const [i, choice] of choices.entries()) {
      const voter = await db.query<{ id: string }>(
        `INSERT INTO users (email, name) VALUES ($1, $2) RETURNING id`,
        [`voter-${proposal.id.slice(0, 8)}-${i}@example.org`, `Vælger ${i + 1}`],
      );
      await db.query(`INSERT INTO ballots (vote_id, user_id, choice) VALUES ($1, $2, $3)`, [
        voteId,
        voter.rows[0]!.id,
        choice,
      ]);
    }
    await db.query(
      `UPDATE votes SET eligible_at_close = (SELECT count(*) FROM ballots b WHERE b.vote_id = votes.id),
             closed_at = now(), close_reason = 'deadline', outcome = 'adopted'
        WHERE id = $1`,
      [voteId],
    );
    await db.query(`UPDATE proposals SET status = 'adopted' WHERE id = $1`, [proposal.id]);
    await db.query('COMMIT');
  } finally {
    await db.end();
  }
  return proposal;
}
