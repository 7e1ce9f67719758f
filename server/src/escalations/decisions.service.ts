import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Decision, ForumDecisions } from '@lokalforum/protocol';
import { DataSource } from 'typeorm';
import { notFound } from '../common/domain-error';

interface DecisionRow {
  proposal_id: string;
  title: string;
  status: Decision['status'];
  authors: string[];
  version_number: number;
  text_sha256: string;
  yes: number;
  no: number;
  abstain: number;
  outcome: Decision['outcome'];
  decided_at: Date;
  escalation: {
    recipientRole: Decision['answers'][number]['staffRole'];
    escalatedAt: string;
    answerDueAt: string;
    overdue: boolean;
    status: NonNullable<Decision['escalation']>['status'];
    packageSha256: string;
  } | null;
  answers: (Omit<Decision['answers'][number], 'at'> & { at: string })[];
}

/** The statuses a proposal has once a vote decided it. */
const decided = `('adopted', 'not_adopted', 'escalated', 'answered', 'closed')`;

const iso = (value: string) => new Date(value).toISOString();

/**
 * A forum's decisions as open data: every decided proposal with the hash of
 * the text voted on, the tally, the escalation and the staff answers. Nothing
 * personal beyond the names authors show publicly and staff sign answers with.
 */
@Injectable()
export class DecisionsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async ofForum(slug: string): Promise<ForumDecisions> {
    const [forum] = await this.db.query<{ id: string; slug: string; name: string }[]>(
      `SELECT f.id, a.slug, f.name FROM forums f JOIN areas a ON a.id = f.area_id WHERE a.slug = $1`,
      [slug],
    );
    if (!forum) throw notFound('Lokalforummet findes ikke');
    const rows: DecisionRow[] = await this.db.query(
      `SELECT p.id AS proposal_id, p.title, p.status,
              ARRAY(SELECT u.name FROM proposal_authors pa JOIN users u ON u.id = pa.user_id
                     WHERE pa.proposal_id = p.id ORDER BY pa.first_edit_at, u.name) AS authors,
              v.version_number, pv.text_sha256,
              (SELECT count(*) FROM ballots b WHERE b.vote_id = v.id AND b.choice = 'yes')::int AS yes,
              (SELECT count(*) FROM ballots b WHERE b.vote_id = v.id AND b.choice = 'no')::int AS no,
              (SELECT count(*) FROM ballots b WHERE b.vote_id = v.id AND b.choice = 'abstain')::int
                AS abstain,
              v.outcome, v.closed_at AS decided_at,
              (SELECT json_build_object('recipientRole', e.recipient_kind,
                        'escalatedAt', e.escalated_at, 'answerDueAt', e.answer_due_at,
                        'overdue', e.first_answered_at IS NULL AND e.answer_due_at < now(),
                        'status', e.status, 'packageSha256', e.package_sha256)
                 FROM escalations e WHERE e.proposal_id = p.id) AS escalation,
              COALESCE((SELECT json_agg(json_build_object('status', x.status,
                          'department', x.department, 'text', x.text, 'at', x.created_at,
                          'staffName', x.author_name, 'staffRole', x.author_role)
                          ORDER BY x.created_at, x.id)
                          FROM escalations e JOIN escalation_answers x ON x.escalation_id = e.id
                         WHERE e.proposal_id = p.id), '[]'::json) AS answers
         FROM proposals p
         JOIN LATERAL (SELECT id, version_number, outcome, closed_at FROM votes
                        WHERE proposal_id = p.id AND closed_at IS NOT NULL
                        ORDER BY closed_at DESC, id LIMIT 1) v ON true
         JOIN proposal_versions pv ON pv.proposal_id = p.id AND pv.number = v.version_number
        WHERE p.forum_id = $1 AND p.status IN ${decided}
        ORDER BY v.closed_at DESC, p.id`,
      [forum.id],
    );
    return {
      forum: { slug: forum.slug, name: forum.name },
      generatedAt: new Date().toISOString(),
      decisions: rows.map(decision),
    };
  }
}

function decision(row: DecisionRow): Decision {
  return {
    proposalId: row.proposal_id,
    title: row.title,
    status: row.status,
    authors: row.authors,
    version: { number: row.version_number, textSha256: row.text_sha256 },
    tally: { yes: row.yes, no: row.no, abstain: row.abstain },
    outcome: row.outcome,
    decidedAt: row.decided_at.toISOString(),
    escalation: row.escalation && {
      ...row.escalation,
      escalatedAt: iso(row.escalation.escalatedAt),
      answerDueAt: iso(row.escalation.answerDueAt),
    },
    answers: row.answers.map((a) => ({ ...a, at: iso(a.at) })),
  };
}
