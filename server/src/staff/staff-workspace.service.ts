import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  EscalationInboxItem,
  InboxItem,
  RequestInboxItem,
  StaffDirectoryEntry,
  StaffWorkspace,
  WaitingDebate,
  WorkspaceArea,
} from '@lokalforum/protocol';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { forbidden, notFound } from '../common/domain-error';
import { inboxOrder } from './inbox-order';
import { StaffDirectory, staffRef } from './staff-directory';

interface RequestRow {
  id: string;
  subject: string;
  requester_name: string;
  forum_slug: string | null;
  forum_name: string | null;
  created_at: Date;
  answer_due_at: Date;
  status: RequestInboxItem['status'];
  overdue: boolean;
  answered: boolean;
}

interface InboxRow {
  escalation_id: string;
  proposal_id: string;
  proposal_title: string;
  proposal_status: EscalationInboxItem['proposalStatus'];
  forum_slug: string;
  forum_name: string;
  escalated_at: Date;
  answer_due_at: Date;
  overdue: boolean;
  status: EscalationInboxItem['status'];
  answer_count: number;
}

interface AreaRow {
  slug: string;
  name: string;
  covered: boolean;
  followed: boolean;
  last_seen_at: Date | null;
  proposals: number;
  votes: number;
  debates: number;
  reports: number;
}

interface WaitingRow {
  id: string;
  forum_slug: string;
  forum_name: string;
  title: string;
  created_at: Date;
  comment_count: number;
}

/**
 * The forums a staff member works in: those of the areas they cover (the
 * process consultant covers all) and those they follow. `$1` is their user id.
 */
const myForums = `
  SELECT f.id AS forum_id,
         (s.kind = 'processConsultant' OR a.co_creator_id = s.user_id) AS covered,
         EXISTS (SELECT 1 FROM staff_follows sf WHERE sf.user_id = s.user_id AND sf.forum_id = f.id)
           AS followed
    FROM staff s CROSS JOIN forums f JOIN areas a ON a.id = f.area_id
   WHERE s.user_id = $1`;

/**
 * A fælles-skaber's or the process consultant's workspace (arbejdsplads):
 * their inbox of escalations, their areas with what is new since they last
 * looked, the debates there still waiting for a staff answer, and the areas
 * they follow beside the ones they cover.
 */
@Injectable()
export class StaffWorkspaceService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly directory: StaffDirectory,
  ) {}

  async workspace(principal: Principal): Promise<StaffWorkspace> {
    const me = await this.staffMember(principal);
    const [areas, inbox, waitingDebates, otherForums] = await Promise.all([
      this.areas(me.userId),
      this.inboxOf(me.userId),
      this.waitingDebates(me.userId),
      this.db.query<{ slug: string; name: string }[]>(
        `SELECT a.slug, f.name FROM forums f JOIN areas a ON a.id = f.area_id
          WHERE f.id NOT IN (SELECT forum_id FROM (${myForums}) m WHERE m.covered OR m.followed)
          ORDER BY a.position`,
        [me.userId],
      ),
    ]);
    return { me: staffRef(me), areas, otherForums, waitingDebates, inbox };
  }

  /** Escalations and requests with me: overdue ones first (most overdue first), then by due date. */
  async inbox(principal: Principal): Promise<InboxItem[]> {
    const me = await this.staffMember(principal);
    return this.inboxOf(me.userId);
  }

  async follow(principal: Principal, slug: string): Promise<void> {
    const me = await this.staffMember(principal);
    const forumId = await this.forumId(slug);
    await this.db.query(
      `INSERT INTO staff_follows (user_id, forum_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [me.userId, forumId],
    );
  }

  async unfollow(principal: Principal, slug: string): Promise<void> {
    const me = await this.staffMember(principal);
    const forumId = await this.forumId(slug);
    await this.db.query(`DELETE FROM staff_follows WHERE user_id = $1 AND forum_id = $2`, [
      me.userId,
      forumId,
    ]);
  }

  /** What is new in a forum counts from now on for this staff member. */
  async markSeen(principal: Principal, slug: string): Promise<void> {
    const me = await this.staffMember(principal);
    const forumId = await this.forumId(slug);
    await this.db.query(
      `INSERT INTO staff_forum_views (user_id, forum_id, last_seen_at) VALUES ($1, $2, now())
       ON CONFLICT (user_id, forum_id) DO UPDATE SET last_seen_at = now()`,
      [me.userId, forumId],
    );
  }

  /** Escalations and requests with me, in one order (see `inboxOrder`). */
  private async inboxOf(userId: string): Promise<InboxItem[]> {
    const [escalations, requests] = await Promise.all([
      this.escalationsWith(userId),
      this.requestsWith(userId),
    ]);
    return [...escalations, ...requests].sort(inboxOrder);
  }

  private async requestsWith(userId: string): Promise<RequestInboxItem[]> {
    const rows: RequestRow[] = await this.db.query(
      `SELECT r.id, r.subject, u.name AS requester_name, a.slug AS forum_slug,
              f.name AS forum_name, r.created_at, r.answer_due_at, r.status,
              (r.first_answered_at IS NULL AND r.status <> 'done' AND r.answer_due_at < now())
                AS overdue,
              (r.first_answered_at IS NOT NULL) AS answered
         FROM requests r JOIN users u ON u.id = r.requester_id
         LEFT JOIN forums f ON f.id = r.forum_id LEFT JOIN areas a ON a.id = f.area_id
        WHERE r.assignee_id = $1 AND r.recipient_kind = 'staff'`,
      [userId],
    );
    return rows.map((r) => ({
      kind: 'request',
      requestId: r.id,
      subject: r.subject,
      requesterName: r.requester_name,
      forumSlug: r.forum_slug,
      forumName: r.forum_name,
      receivedAt: r.created_at.toISOString(),
      answerDueAt: r.answer_due_at.toISOString(),
      overdue: r.overdue,
      answered: r.answered,
      status: r.status,
    }));
  }

  private async escalationsWith(userId: string): Promise<EscalationInboxItem[]> {
    const rows: InboxRow[] = await this.db.query(
      `SELECT e.id AS escalation_id, p.id AS proposal_id, p.title AS proposal_title,
              p.status AS proposal_status, a.slug AS forum_slug, f.name AS forum_name,
              e.escalated_at, e.answer_due_at,
              (e.first_answered_at IS NULL AND e.answer_due_at < now()) AS overdue, e.status,
              (SELECT count(*) FROM escalation_answers x WHERE x.escalation_id = e.id)::int
                AS answer_count
         FROM escalations e
         JOIN proposals p ON p.id = e.proposal_id
         JOIN forums f ON f.id = e.forum_id
         JOIN areas a ON a.id = f.area_id
        WHERE e.assignee_id = $1
        ORDER BY (e.first_answered_at IS NULL AND e.answer_due_at < now()) DESC,
                 (e.first_answered_at IS NULL) DESC, e.answer_due_at, e.id`,
      [userId],
    );
    return rows.map((r) => ({
      kind: 'escalation',
      escalationId: r.escalation_id,
      proposalId: r.proposal_id,
      proposalTitle: r.proposal_title,
      proposalStatus: r.proposal_status,
      forumSlug: r.forum_slug,
      forumName: r.forum_name,
      escalatedAt: r.escalated_at.toISOString(),
      answerDueAt: r.answer_due_at.toISOString(),
      overdue: r.overdue,
      status: r.status,
      answerCount: r.answer_count,
    }));
  }

  /** My forums with what appeared since I last opened each (never opened: everything). */
  private async areas(userId: string): Promise<WorkspaceArea[]> {
    const rows: AreaRow[] = await this.db.query(
      `WITH mine AS (
         SELECT m.*, v.last_seen_at, COALESCE(v.last_seen_at, '-infinity') AS since
           FROM (${myForums}) m
           LEFT JOIN staff_forum_views v ON v.user_id = $1 AND v.forum_id = m.forum_id
          WHERE m.covered OR m.followed)
       SELECT a.slug, f.name, mine.covered, mine.followed, mine.last_seen_at,
              (SELECT count(*) FROM proposals p
                WHERE p.forum_id = f.id AND p.created_at > mine.since)::int AS proposals,
              (SELECT count(*) FROM votes v
                WHERE v.forum_id = f.id AND v.opened_at > mine.since)::int AS votes,
              (SELECT count(*) FROM debates d
                WHERE d.forum_id = f.id AND d.created_at > mine.since
                  AND d.deleted_at IS NULL AND d.hidden_at IS NULL)::int AS debates,
              (SELECT count(*) FROM reports r
                WHERE r.forum_id = f.id AND r.created_at > mine.since)::int AS reports
         FROM mine JOIN forums f ON f.id = mine.forum_id JOIN areas a ON a.id = f.area_id
        ORDER BY mine.covered DESC, a.position`,
      [userId],
    );
    return rows.map((r) => ({
      slug: r.slug,
      name: r.name,
      covered: r.covered,
      followed: r.followed,
      lastSeenAt: r.last_seen_at?.toISOString() ?? null,
      newSince: { proposals: r.proposals, votes: r.votes, debates: r.debates, reports: r.reports },
    }));
  }

  /** Open debates in my forums that no staff member has answered yet, oldest first. */
  private async waitingDebates(userId: string): Promise<WaitingDebate[]> {
    const rows: WaitingRow[] = await this.db.query(
      `SELECT d.id, a.slug AS forum_slug, f.name AS forum_name, d.title, d.created_at,
              d.comment_count
         FROM debates d
         JOIN forums f ON f.id = d.forum_id
         JOIN areas a ON a.id = f.area_id
        WHERE d.forum_id IN (SELECT forum_id FROM (${myForums}) m WHERE m.covered OR m.followed)
          AND d.deleted_at IS NULL AND d.hidden_at IS NULL AND d.locked_at IS NULL
          AND d.author_staff IS NULL
          AND NOT EXISTS (SELECT 1 FROM comments c
                           WHERE c.debate_id = d.id AND c.author_staff IS NOT NULL
                             AND c.deleted_at IS NULL AND c.hidden_at IS NULL)
        ORDER BY d.created_at, d.id
        LIMIT 50`,
      [userId],
    );
    return rows.map((r) => ({
      id: r.id,
      forumSlug: r.forum_slug,
      forumName: r.forum_name,
      title: r.title,
      createdAt: r.created_at.toISOString(),
      commentCount: r.comment_count,
    }));
  }

  private async staffMember(principal: Principal): Promise<StaffDirectoryEntry> {
    const me = await this.directory.find(principal.userId);
    if (!me) throw forbidden('Arbejdspladsen er for kommunens medarbejdere');
    return me;
  }

  private async forumId(slug: string): Promise<string> {
    const [row] = await this.db.query<{ id: string }[]>(
      `SELECT f.id FROM forums f JOIN areas a ON a.id = f.area_id WHERE a.slug = $1`,
      [slug],
    );
    if (!row) throw notFound('Lokalforummet findes ikke');
    return row.id;
  }
}
