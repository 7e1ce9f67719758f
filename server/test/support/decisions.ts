import type { ProposalVersion } from '@lokalforum/protocol';
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { RunningServer } from '../../src/app';
import { sealPackage } from '../../src/escalations/escalation-package';
import { SYSTEM_ACTOR } from '../../src/proposals/proposal-timeline';
import { ProposalsService } from '../../src/proposals/proposals.service';
import { startProposal } from './access';
import { apiClient } from './app';
import { personWithToken } from './collab';
import { db } from './factories';

export interface Tally {
  yes: number;
  no: number;
  abstain: number;
}

/**
 * A proposal that a closed vote adopted, made as the voting part would leave it
 * (that part is built elsewhere): a frozen version, a closed vote on it with
 * ballots from members, and the status moved draft → voting → adopted through
 * the lifecycle. `outcome: 'not_adopted'` leaves it there instead.
 */
export async function decidedProposal(
  server: RunningServer,
  slug: string,
  options: { tally?: Tally; outcome?: 'adopted' | 'not_adopted'; authorName?: string } = {},
) {
  const sql = (q: string, p?: unknown[]) => db(server).query(q, p);
  const tally = options.tally ?? { yes: 3, no: 1, abstain: 1 };
  const outcome = options.outcome ?? 'adopted';
  const author = await personWithToken(sql, slug, options.authorName ?? 'Forfatter Forslagsen');
  const { proposal } = await startProposal(server, slug, author.token);
  const frozen = await apiClient(server.url).post<ProposalVersion>(
    `/api/proposals/${proposal.id}/versions`,
    { token: author.token },
  );
  expect(frozen.status, JSON.stringify(frozen.body)).toBe(201);
  const proposals = server.app.get(ProposalsService);
  await proposals.changeStatus(proposal.id, 'voting');

  const [vote] = await db(server).query<{ id: string }[]>(
    `INSERT INTO votes (proposal_id, forum_id, version_number, opened_at, closes_at, majority,
       tally_visibility, members_before_vote_only)
     SELECT id, forum_id, $2, now() - interval '8 days', now() - interval '1 day',
            'moreYesThanNo', 'live', true
       FROM proposals WHERE id = $1
     RETURNING id`,
    [proposal.id, frozen.body.number],
  );
  const voteId = vote!.id;
  const choices = [
    ...Array<string>(tally.yes).fill('yes'),
    ...Array<string>(tally.no).fill('no'),
    ...Array<string>(tally.abstain).fill('abstain'),
  ];
  for (const choice of choices) {
    const voter = await personWithToken(sql, slug, `Vælger ${randomBytes(3).toString('hex')}`);
    await sql(`INSERT INTO ballots (vote_id, user_id, choice) VALUES ($1, $2, $3)`, [
      voteId,
      voter.userId,
      choice,
    ]);
  }
  await sql(
    `UPDATE votes SET eligible_at_close = (SELECT count(*) FROM ballots b WHERE b.vote_id = votes.id),
             closed_at = now() - interval '1 day', close_reason = 'deadline', outcome = $2
      WHERE id = $1`,
    [voteId, outcome],
  );
  await proposals.changeStatus(proposal.id, outcome, { actor: SYSTEM_ACTOR });
  return { proposal, author, voteId, version: frozen.body, tally };
}

/**
 * An escalation as if it had been made `daysAgo` days ago with `dueInDays`
 * to answer (negative: overdue by now). The dates of a real one are sealed,
 * so an old one can only be made by writing it as it would have been then.
 */
export async function pastEscalation(
  server: RunningServer,
  slug: string,
  assigneeId: string,
  daysAgo: number,
  dueAfterDays: number,
) {
  const sql = (q: string, p?: unknown[]) => db(server).query(q, p);
  const decided = await decidedProposal(server, slug);
  await server.app
    .get(ProposalsService)
    .changeStatus(decided.proposal.id, 'escalated', { actor: SYSTEM_ACTOR });
  const sealedAt = new Date(Date.now() - daysAgo * 86_400_000);
  const sealed = await db(server).transaction((tx) =>
    sealPackage(tx, decided.proposal.id, null, sealedAt),
  );
  const [row] = (await sql(
    `INSERT INTO escalations (proposal_id, vote_id, forum_id, recipient_id, recipient_kind,
       escalated_at, answer_due_at, package, package_sha256, assignee_id)
     SELECT p.id, $2, p.forum_id, $3, s.kind, $4::timestamptz,
            $4::timestamptz + make_interval(days => $5), $6::jsonb,
            encode(sha256(convert_to($6::jsonb::text, 'UTF8')), 'hex'), $3
       FROM proposals p, staff s WHERE p.id = $1 AND s.user_id = $3
     RETURNING id`,
    [
      decided.proposal.id,
      decided.voteId,
      assigneeId,
      sealedAt,
      dueAfterDays,
      JSON.stringify(sealed.package),
    ],
  )) as [{ id: string }];
  return { ...decided, escalationId: row.id };
}
