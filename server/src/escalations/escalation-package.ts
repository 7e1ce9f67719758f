import type { SealedPackage } from '@lokalforum/protocol';
import type { EntityManager } from 'typeorm';
import { conflict, notFound } from '../common/domain-error';

interface PackageFacts {
  proposal: { id: string; title: string; forum_slug: string; forum_name: string };
  vote: { id: string; version_number: number; closed_at: Date } | null;
}

/**
 * Gathers what an escalation seals, inside the escalation's transaction (the
 * proposal row is locked by then): the version the adopting vote was on, with
 * its text and hash, that vote's final tally, the forum, the authors' names,
 * the dissenting view and the visible debates about the proposal.
 */
export async function sealPackage(
  tx: EntityManager,
  proposalId: string,
  dissent: string | null,
  sealedAt: Date,
): Promise<{ voteId: string; package: SealedPackage }> {
  const facts = await packageFacts(tx, proposalId);
  const vote = facts.vote;
  if (!vote) throw conflict('Forslaget har ingen afsluttet afstemning, der vedtog det');
  const [version] = await tx.query<{ title: string; text: string; text_sha256: string }[]>(
    `SELECT title, text, text_sha256 FROM proposal_versions WHERE proposal_id = $1 AND number = $2`,
    [proposalId, vote.version_number],
  );
  const [tally] = await tx.query<{ yes: number; no: number; abstain: number }[]>(
    `SELECT count(*) FILTER (WHERE choice = 'yes')::int AS yes,
            count(*) FILTER (WHERE choice = 'no')::int AS no,
            count(*) FILTER (WHERE choice = 'abstain')::int AS abstain
       FROM ballots WHERE vote_id = $1`,
    [vote.id],
  );
  const authors: { name: string }[] = await tx.query(
    `SELECT u.name FROM proposal_authors pa JOIN users u ON u.id = pa.user_id
      WHERE pa.proposal_id = $1 ORDER BY pa.first_edit_at, u.name`,
    [proposalId],
  );
  const debates: { id: string; title: string }[] = await tx.query(
    `SELECT id, title FROM debates
      WHERE proposal_id = $1 AND deleted_at IS NULL AND hidden_at IS NULL
      ORDER BY created_at, id`,
    [proposalId],
  );
  if (!version || !tally) throw notFound('Forslagets version findes ikke');
  return {
    voteId: vote.id,
    package: {
      proposal: { id: facts.proposal.id, title: facts.proposal.title },
      version: {
        number: vote.version_number,
        title: version.title,
        text: version.text,
        textSha256: version.text_sha256,
      },
      tally: { voteId: vote.id, ...tally, closedAt: vote.closed_at.toISOString() },
      forum: { slug: facts.proposal.forum_slug, name: facts.proposal.forum_name },
      authors: authors.map((a) => ({ name: a.name })),
      dissent,
      debates: debates.map((d) => ({ id: d.id, title: d.title, path: `/debatter/${d.id}` })),
      sealedAt: sealedAt.toISOString(),
    },
  };
}

async function packageFacts(tx: EntityManager, proposalId: string): Promise<PackageFacts> {
  const [proposal] = await tx.query<PackageFacts['proposal'][]>(
    `SELECT p.id, p.title, a.slug AS forum_slug, f.name AS forum_name
       FROM proposals p JOIN forums f ON f.id = p.forum_id JOIN areas a ON a.id = f.area_id
      WHERE p.id = $1`,
    [proposalId],
  );
  if (!proposal) throw notFound('Forslaget findes ikke');
  // The vote that adopted it: the latest closed one (a proposal may have had earlier rounds).
  const [vote] = await tx.query<NonNullable<PackageFacts['vote']>[]>(
    `SELECT id, version_number, closed_at FROM votes
      WHERE proposal_id = $1 AND outcome = 'adopted'
      ORDER BY closed_at DESC, id LIMIT 1`,
    [proposalId],
  );
  return { proposal, vote: vote ?? null };
}
