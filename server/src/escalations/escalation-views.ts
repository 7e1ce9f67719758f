import type {
  EscalationBrief,
  EscalationStatus,
  EscalationView,
  SealedPackage,
  StaffKind,
  StaffRef,
} from '@lokalforum/protocol';
import type { EntityManager } from 'typeorm';

interface EscalationRow {
  id: string;
  proposal_id: string;
  forum_slug: string;
  recipient_kind: StaffKind;
  recipient: StaffRef | null;
  assignee: StaffRef | null;
  escalated_at: Date;
  answer_due_at: Date;
  overdue: boolean;
  status: EscalationStatus;
  first_answered_at: Date | null;
  package: SealedPackage;
  package_sha256: string;
  answers: EscalationView['answers'];
  handovers: EscalationView['handovers'];
}

const staffJson = (alias: string) => `
  (SELECT json_build_object('userId', s.user_id, 'name', u.name, 'kind', s.kind, 'field', s.field)
     FROM staff s JOIN users u ON u.id = s.user_id WHERE s.user_id = ${alias})`;

/**
 * Escalations as anyone may see them. Overdue is derived from the database's
 * clock when read (no answer and the due date passed), so no job has to mark it.
 */
const escalationRows = `
  SELECT e.id, e.proposal_id, a.slug AS forum_slug, e.recipient_kind,
         ${staffJson('e.recipient_id')} AS recipient,
         ${staffJson('e.assignee_id')} AS assignee,
         e.escalated_at, e.answer_due_at,
         (e.first_answered_at IS NULL AND e.answer_due_at < now()) AS overdue,
         e.status, e.first_answered_at, e.package, e.package_sha256,
         COALESCE((SELECT json_agg(json_build_object(
                    'id', x.id, 'status', x.status, 'department', x.department, 'text', x.text,
                    'author', json_build_object('name', x.author_name, 'role', x.author_role),
                    'createdAt', x.created_at) ORDER BY x.created_at, x.id)
                     FROM escalation_answers x WHERE x.escalation_id = e.id), '[]'::json) AS answers,
         COALESCE((SELECT json_agg(json_build_object(
                    'id', h.id, 'fromName', fu.name, 'toName', tu.name, 'byName', bu.name,
                    'note', h.note, 'createdAt', h.created_at) ORDER BY h.created_at, h.id)
                     FROM escalation_handovers h
                     LEFT JOIN users fu ON fu.id = h.from_id
                     LEFT JOIN users tu ON tu.id = h.to_id
                     LEFT JOIN users bu ON bu.id = h.by_id
                    WHERE h.escalation_id = e.id), '[]'::json) AS handovers
    FROM escalations e
    JOIN forums f ON f.id = e.forum_id
    JOIN areas a ON a.id = f.area_id`;

/** The escalation with this id, or null. */
export async function escalationById(
  tx: EntityManager,
  id: string,
): Promise<EscalationView | null> {
  const rows: EscalationRow[] = await tx.query(`${escalationRows} WHERE e.id = $1`, [id]);
  return rows[0] ? view(rows[0]) : null;
}

/** The proposal's escalation (there is at most one), or null. */
export async function escalationOfProposal(
  tx: EntityManager,
  proposalId: string,
): Promise<EscalationView | null> {
  const rows: EscalationRow[] = await tx.query(`${escalationRows} WHERE e.proposal_id = $1`, [
    proposalId,
  ]);
  return rows[0] ? view(rows[0]) : null;
}

/** The view without the frozen text, for room events (the version page has the text). */
export function brief(escalation: EscalationView): EscalationBrief {
  const { text: _text, ...version } = escalation.package.version;
  return { ...escalation, package: { ...escalation.package, version } };
}

// json_build_object gives timestamps without a zone designator the way PostgreSQL prints them.
const iso = (value: string | Date) => new Date(value).toISOString();

function view(row: EscalationRow): EscalationView {
  return {
    id: row.id,
    proposalId: row.proposal_id,
    forumSlug: row.forum_slug,
    recipientKind: row.recipient_kind,
    recipient: row.recipient,
    assignee: row.assignee,
    escalatedAt: row.escalated_at.toISOString(),
    answerDueAt: row.answer_due_at.toISOString(),
    overdue: row.overdue,
    status: row.status,
    firstAnsweredAt: row.first_answered_at?.toISOString() ?? null,
    packageSha256: row.package_sha256,
    package: row.package,
    answers: row.answers.map((a) => ({ ...a, createdAt: iso(a.createdAt) })),
    handovers: row.handovers.map((h) => ({ ...h, createdAt: iso(h.createdAt) })),
  };
}
