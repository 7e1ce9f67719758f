import type { RequestEntry, RequestSummary } from '@lokalforum/protocol';
import type { EntityManager } from 'typeorm';

interface SummaryRow {
  id: string;
  subject: string;
  status: RequestSummary['status'];
  recipient_kind: RequestSummary['recipientKind'];
  forum_slug: string | null;
  forum_name: string | null;
  partner_id: string | null;
  partner_name: string | null;
  requester_name: string;
  holder_id: string | null;
  holder_name: string | null;
  holder_staff_kind: 'coCreator' | 'processConsultant' | null;
  holder_field: string | null;
  created_at: Date;
  updated_at: Date;
  answer_due_at: Date;
  first_answered_at: Date | null;
  overdue: boolean;
  my_role: RequestSummary['myRole'];
}

interface EntryRow {
  id: string;
  kind: RequestEntry['kind'];
  author_name: string | null;
  author_role: RequestEntry['authorRole'];
  text: string | null;
  status: RequestEntry['status'];
  from_name: string | null;
  to_name: string | null;
  created_at: Date;
}

/**
 * Requests as their people see them, for the viewer `$1` (user id) with
 * e-mail `$2`; `where` narrows with further parameters from `$3`.
 */
export async function requestSummaries(
  tx: EntityManager,
  viewer: { userId: string; email: string },
  where: string,
  params: unknown[],
): Promise<RequestSummary[]> {
  const rows: SummaryRow[] = await tx.query(
    `SELECT r.id, r.subject, r.status, r.recipient_kind, a.slug AS forum_slug,
            f.name AS forum_name, p.id AS partner_id, p.name AS partner_name,
            ru.name AS requester_name, h.id AS holder_id, h.name AS holder_name,
            hs.kind AS holder_staff_kind, hs.field AS holder_field, r.created_at, r.updated_at,
            r.answer_due_at, r.first_answered_at,
            (r.first_answered_at IS NULL AND r.status <> 'done' AND r.answer_due_at < now())
              AS overdue,
            CASE WHEN r.requester_id = $1 THEN 'requester'
                 WHEN r.assignee_id = $1 THEN 'holder'
                 WHEN EXISTS (SELECT 1 FROM request_participants rp
                               WHERE rp.request_id = r.id AND rp.email = $2) THEN 'participant'
                 ELSE 'staff' END AS my_role
       FROM requests r
       JOIN users ru ON ru.id = r.requester_id
       LEFT JOIN forums f ON f.id = r.forum_id
       LEFT JOIN areas a ON a.id = f.area_id
       LEFT JOIN partners p ON p.id = r.partner_id
       LEFT JOIN users h ON h.id = r.assignee_id
       LEFT JOIN staff hs ON hs.user_id = h.id
      WHERE ${where}
      ORDER BY r.updated_at DESC, r.id`,
    [viewer.userId, viewer.email, ...params],
  );
  return rows.map(summary);
}

/** The thread of one request, oldest first. */
export async function requestEntries(tx: EntityManager, id: string): Promise<RequestEntry[]> {
  const rows: EntryRow[] = await tx.query(
    `SELECT id, kind, author_name, author_role, text, status, from_name, to_name, created_at
       FROM request_entries WHERE request_id = $1 ORDER BY created_at, id`,
    [id],
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    authorName: r.author_name,
    authorRole: r.author_role,
    text: r.text,
    status: r.status,
    fromName: r.from_name,
    toName: r.to_name,
    at: r.created_at.toISOString(),
  }));
}

/** Whom the requester invited, with their name once they have signed in. */
export async function requestParticipants(
  tx: EntityManager,
  id: string,
): Promise<{ email: string; name: string | null }[]> {
  return tx.query(
    `SELECT rp.email, u.name FROM request_participants rp LEFT JOIN users u ON u.email = rp.email
      WHERE rp.request_id = $1 ORDER BY rp.invited_at, rp.email`,
    [id],
  );
}

function summary(r: SummaryRow): RequestSummary {
  return {
    id: r.id,
    subject: r.subject,
    status: r.status,
    recipientKind: r.recipient_kind,
    forum: r.forum_slug && r.forum_name ? { slug: r.forum_slug, name: r.forum_name } : null,
    partner: r.partner_id && r.partner_name ? { id: r.partner_id, name: r.partner_name } : null,
    requesterName: r.requester_name,
    holder:
      r.holder_id && r.holder_name
        ? {
            userId: r.holder_id,
            name: r.holder_name,
            staffKind: r.holder_staff_kind,
            field: r.holder_field,
          }
        : null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    answerDueAt: r.answer_due_at.toISOString(),
    overdue: r.overdue,
    firstAnsweredAt: r.first_answered_at?.toISOString() ?? null,
    myRole: r.my_role,
  };
}
