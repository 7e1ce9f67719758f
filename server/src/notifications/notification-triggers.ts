import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PostRef } from '@lokalforum/protocol';
import { DataSource } from 'typeorm';
import { DomainEventBus } from '../events/domain-event-bus';
import type { DomainEvents, ForumEventRecord } from '../events/domain-events';
import { NotificationsService, people, type Recipients } from './notifications.service';

interface ProposalFacts {
  proposalId: string;
  proposalTitle: string;
  forumSlug: string;
  forumName: string;
}

interface ThreadFacts {
  forumSlug: string;
  forumName: string;
  debateId: string;
  /** Null once the thread is hidden or deleted: it is not named then. */
  debateTitle: string | null;
}

/**
 * Turns what happened (domain events, heard only on the node that published
 * them, so each is handled once) into notifications for the people it
 * concerns. Each handler looks up the facts it names and who caused it (who
 * is never told), then fans out in one statement.
 */
@Injectable()
export class NotificationTriggers implements OnModuleInit {
  private readonly logger = new Logger('NotificationTriggers');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly bus: DomainEventBus,
    private readonly notifications: NotificationsService,
  ) {}

  onModuleInit(): void {
    this.bus.onLocal('vote.opened', (e) => this.voteOpened(e));
    this.bus.onLocal('vote.closed', (e) => this.voteClosed(e));
    this.bus.onLocal('escalation.answered', (e) => this.escalationAnswered(e));
    this.bus.onLocal('proposal.escalated', (e) => this.escalated(e));
    this.bus.onLocal('escalation.handedOver', (e) => this.handedOver(e));
    this.bus.onLocal('report.created', (e) => this.reportCreated(e));
    this.bus.onLocal('poolApplication.changed', (e) => this.poolApplication(e));
    this.bus.onLocal('grant.refused', (e) => this.grantRefused(e));
    this.bus.onLocal('forumEvent.committed', (record) => this.forumEvent(record));
    this.bus.onLocal('request.received', (e) => this.requestReceived(e));
    this.bus.onLocal('request.updated', (e) => this.requestUpdated(e));
  }

  /** Whoever has a request now is told it is theirs. */
  async requestReceived(e: DomainEvents['request.received']): Promise<void> {
    const facts = await this.request(e.requestId);
    if (!facts) return;
    const [by] = e.handedOverById
      ? await this.db.query<{ name: string }[]>(`SELECT name FROM users WHERE id = $1`, [
          e.handedOverById,
        ])
      : [];
    await this.notifications.notify({
      kind: 'requestReceived',
      data: { ...facts.data, fromName: facts.requesterName, handedOverBy: by?.name ?? null },
      recipients: people([e.recipientId]),
      actorId: e.handedOverById,
      forumId: facts.forumId,
    });
  }

  /**
   * Everyone in the thread but the one who acted: the requester, whom they
   * invited (once signed in) and whoever has it. An invitation tells only
   * the person invited.
   */
  async requestUpdated(e: DomainEvents['request.updated']): Promise<void> {
    const facts = await this.request(e.requestId);
    if (!facts) return;
    const [actor] = await this.db.query<{ name: string }[]>(
      `SELECT name FROM users WHERE id = $1`,
      [e.actorId],
    );
    const recipients: Recipients =
      e.change === 'invited'
        ? { sql: `SELECT id AS user_id FROM users WHERE email = $1`, params: [e.invitedEmail] }
        : {
            sql: `SELECT requester_id AS user_id FROM requests WHERE id = $1
                  UNION SELECT assignee_id FROM requests WHERE id = $1 AND assignee_id IS NOT NULL
                  UNION SELECT u.id FROM request_participants rp JOIN users u ON u.email = rp.email
                         WHERE rp.request_id = $1`,
            params: [e.requestId],
          };
    await this.notifications.notify({
      kind: 'requestUpdated',
      data: { ...facts.data, byName: actor?.name ?? null, change: e.change, status: facts.status },
      recipients,
      actorId: e.actorId,
      forumId: facts.forumId,
    });
  }

  private async request(requestId: string) {
    const [row] = await this.db.query<
      {
        subject: string;
        status: 'new' | 'in_dialogue' | 'passed_on' | 'done';
        forum_id: string | null;
        forum_slug: string | null;
        forum_name: string | null;
        requester_name: string;
      }[]
    >(
      `SELECT r.subject, r.status, r.forum_id, a.slug AS forum_slug, f.name AS forum_name,
              u.name AS requester_name
         FROM requests r JOIN users u ON u.id = r.requester_id
         LEFT JOIN forums f ON f.id = r.forum_id LEFT JOIN areas a ON a.id = f.area_id
        WHERE r.id = $1`,
      [requestId],
    );
    if (!row) return null;
    return {
      forumId: row.forum_id,
      status: row.status,
      requesterName: row.requester_name,
      data: {
        requestId,
        subject: row.subject,
        forumSlug: row.forum_slug,
        forumName: row.forum_name,
      },
    };
  }

  async voteOpened(e: DomainEvents['vote.opened']): Promise<void> {
    const facts = await this.proposal(e.proposalId);
    const [vote] = await this.db.query<[{ opened_by: string | null }?]>(
      `SELECT opened_by FROM votes WHERE id = $1`,
      [e.voteId],
    );
    if (!facts || !vote) return;
    await this.notifications.notify({
      kind: 'voteOpened',
      data: { ...facts, versionNumber: e.versionNumber, closesAt: e.closesAt },
      recipients: {
        sql: `SELECT user_id FROM memberships WHERE forum_id = $1`,
        params: [e.forumId],
      },
      actorId: vote.opened_by,
      forumId: e.forumId,
    });
  }

  async voteClosed(e: DomainEvents['vote.closed']): Promise<void> {
    const facts = await this.proposal(e.proposalId);
    const [vote] = await this.db.query<[{ closed_by: string | null }?]>(
      `SELECT closed_by FROM votes WHERE id = $1`,
      [e.voteId],
    );
    if (!facts || !vote) return;
    await this.notifications.notify({
      kind: 'voteClosed',
      data: { ...facts, outcome: e.outcome, yes: e.yes, no: e.no, abstain: e.abstain },
      recipients: { sql: `SELECT user_id FROM ballots WHERE vote_id = $1`, params: [e.voteId] },
      actorId: vote.closed_by,
      forumId: e.forumId,
    });
  }

  async escalationAnswered(e: DomainEvents['escalation.answered']): Promise<void> {
    const facts = await this.proposal(e.proposalId);
    const [answer] = await this.db.query<[{ author_id: string | null; author_name: string }?]>(
      `SELECT author_id, author_name FROM escalation_answers WHERE id = $1`,
      [e.answerId],
    );
    if (!facts || !answer) return;
    await this.notifications.notify({
      kind: 'escalationAnswered',
      data: {
        ...facts,
        escalationId: e.escalationId,
        status: e.status,
        answeredBy: answer.author_name,
      },
      // Its authors and everyone who voted on it, in any round.
      recipients: {
        sql: `SELECT user_id FROM proposal_authors WHERE proposal_id = $1
              UNION SELECT b.user_id FROM ballots b JOIN votes v ON v.id = b.vote_id
                     WHERE v.proposal_id = $1`,
        params: [e.proposalId],
      },
      actorId: answer.author_id,
      forumId: e.forumId,
    });
  }

  async escalated(e: DomainEvents['proposal.escalated']): Promise<void> {
    const facts = await this.proposal(e.proposalId);
    const [escalation] = await this.db.query<
      [{ escalated_by: string | null; recipient_kind: string }?]
    >(`SELECT escalated_by, recipient_kind FROM escalations WHERE id = $1`, [e.escalationId]);
    if (!facts || !escalation) return;
    // Sent to nobody in particular (the process consultant's desk): every process consultant.
    const recipients: Recipients = e.recipientId
      ? people([e.recipientId])
      : escalation.recipient_kind === 'processConsultant'
        ? { sql: `SELECT user_id FROM staff WHERE kind = 'processConsultant'`, params: [] }
        : people([]);
    await this.notifications.notify({
      kind: 'escalationReceived',
      data: {
        ...facts,
        escalationId: e.escalationId,
        answerDueAt: e.answerDueAt,
        handedOverBy: null,
      },
      recipients,
      actorId: escalation.escalated_by,
      forumId: e.forumId,
    });
  }

  async handedOver(e: DomainEvents['escalation.handedOver']): Promise<void> {
    const facts = await this.proposal(e.proposalId);
    const [handover] = await this.db.query<
      [{ by_id: string | null; by_name: string | null; answer_due_at: Date }?]
    >(
      `SELECT h.by_id, u.name AS by_name, e.answer_due_at
         FROM escalation_handovers h
         JOIN escalations e ON e.id = h.escalation_id
         LEFT JOIN users u ON u.id = h.by_id
        WHERE h.escalation_id = $1 AND h.to_id = $2
        ORDER BY h.created_at DESC LIMIT 1`,
      [e.escalationId, e.toId],
    );
    if (!facts || !handover) return;
    await this.notifications.notify({
      kind: 'escalationReceived',
      data: {
        ...facts,
        escalationId: e.escalationId,
        answerDueAt: handover.answer_due_at.toISOString(),
        handedOverBy: handover.by_name,
      },
      recipients: people([e.toId]),
      actorId: handover.by_id,
      forumId: e.forumId,
    });
  }

  async reportCreated(e: DomainEvents['report.created']): Promise<void> {
    const thread = await this.thread(e.debateId);
    const [report] = await this.db.query<[{ reporter_id: string | null }?]>(
      `SELECT reporter_id FROM reports WHERE id = $1`,
      [e.reportId],
    );
    if (!thread || !report) return;
    const post: PostRef = e.commentId
      ? { kind: 'comment', id: e.commentId }
      : { kind: 'debate', id: e.debateId };
    await this.notifications.notify({
      kind: 'reportCreated',
      data: { ...thread, reportId: e.reportId, post },
      recipients: {
        sql: `SELECT user_id FROM contact_persons WHERE forum_id = $1`,
        params: [e.forumId],
      },
      actorId: report.reporter_id,
      forumId: e.forumId,
    });
  }

  /**
   * An application to a pool took a step: the applicant, the proposal's
   * authors and the forum's contact persons hear of each; the area's
   * fælles-skaber (else the process consultants) of a new one and of its report.
   */
  async poolApplication(e: DomainEvents['poolApplication.changed']): Promise<void> {
    const facts = await this.proposal(e.proposalId);
    const [application] = await this.db.query<
      [{ pool_name: string; requested_dkk: number; granted_dkk: number | null }?]
    >(
      `SELECT p.name AS pool_name, a.requested_dkk, a.granted_dkk
         FROM pool_applications a JOIN pools p ON p.id = a.pool_id WHERE a.id = $1`,
      [e.applicationId],
    );
    if (!facts || !application) return;
    const toStaff = e.status === 'received' || e.status === 'reported';
    await this.notifications.notify({
      kind: 'poolApplication',
      data: {
        ...facts,
        applicationId: e.applicationId,
        poolName: application.pool_name,
        status: e.status,
        amountDkk:
          e.status === 'received'
            ? application.requested_dkk
            : e.status === 'granted'
              ? application.granted_dkk
              : null,
      },
      recipients: {
        sql: `SELECT applicant_id AS user_id FROM pool_applications
               WHERE id = $1 AND applicant_id IS NOT NULL
              UNION SELECT user_id FROM proposal_authors WHERE proposal_id = $2
              UNION SELECT user_id FROM contact_persons WHERE forum_id = $3
              UNION SELECT a.co_creator_id FROM forums f JOIN areas a ON a.id = f.area_id
                     WHERE $4 AND f.id = $3 AND a.co_creator_id IS NOT NULL
              UNION SELECT user_id FROM staff
                     WHERE $4 AND kind = 'processConsultant' AND NOT EXISTS (
                       SELECT 1 FROM forums f JOIN areas a ON a.id = f.area_id
                        WHERE f.id = $3 AND a.co_creator_id IS NOT NULL)`,
        params: [e.applicationId, e.proposalId, e.forumId, toStaff],
      },
      actorId: e.actorId,
      forumId: e.forumId,
    });
  }

  /**
   * An adopted amount the grant did not cover: the proposal's authors (their
   * decision is not funded yet) and the forum's contact persons (who can
   * commit it once there is money) hear of it.
   */
  async grantRefused(e: DomainEvents['grant.refused']): Promise<void> {
    const facts = await this.proposal(e.proposalId);
    if (!facts) return;
    await this.notifications.notify({
      kind: 'grantRefused',
      data: {
        ...facts,
        amountDkk: e.amountDkk,
        availableDkk: e.availableDkk,
        budgetYear: e.budgetYear,
      },
      recipients: {
        sql: `SELECT user_id FROM proposal_authors WHERE proposal_id = $1
              UNION SELECT user_id FROM contact_persons WHERE forum_id = $2`,
        params: [e.proposalId, e.forumId],
      },
      actorId: null,
      forumId: e.forumId,
    });
  }

  /** Replies (`comment.created`) and hidden posts arrive as forum events. */
  async forumEvent({ forumId, event }: ForumEventRecord): Promise<void> {
    if (event.type === 'comment.created') return this.replied(forumId, event.comment.id);
    if (event.type === 'debate.hidden') {
      return this.hidden(forumId, { kind: 'debate', id: event.debate.id });
    }
    if (event.type === 'comment.hidden') {
      return this.hidden(forumId, { kind: 'comment', id: event.comment.id });
    }
  }

  /** The thread's author hears of a comment in it; a comment's author hears of a reply to it. */
  private async replied(forumId: string, commentId: string): Promise<void> {
    const [row] = await this.db.query<
      [
        {
          debate_id: string;
          author_id: string | null;
          author_name: string | null;
          debate_author: string | null;
          parent_author: string | null;
        }?,
      ]
    >(
      `SELECT c.debate_id, c.author_id, u.name AS author_name, d.author_id AS debate_author,
              pc.author_id AS parent_author
         FROM comments c
         JOIN debates d ON d.id = c.debate_id
         LEFT JOIN comments pc ON pc.id = c.parent_id AND pc.deleted_at IS NULL
         LEFT JOIN users u ON u.id = c.author_id
        WHERE c.id = $1`,
      [commentId],
    );
    if (!row) return;
    const thread = await this.thread(row.debate_id);
    if (!thread) return;
    const to = new Map<string, 'debate' | 'comment'>();
    if (row.parent_author) to.set(row.parent_author, 'comment');
    if (row.debate_author && !to.has(row.debate_author)) to.set(row.debate_author, 'debate');
    await this.notifications.notify({
      kind: 'reply',
      data: { ...thread, commentId, to: 'debate', authorName: row.author_name },
      recipients: {
        sql: `SELECT u AS user_id, jsonb_build_object('to', t) AS extra
                FROM unnest($1::uuid[], $2::text[]) AS x(u, t)`,
        params: [[...to.keys()], [...to.values()]],
      },
      actorId: row.author_id,
      forumId,
    });
  }

  private async hidden(forumId: string, post: PostRef): Promise<void> {
    const [row] = await this.db.query<
      [
        {
          debate_id: string;
          author_id: string | null;
          hidden_by: string | null;
          hidden_reason: string | null;
        }?,
      ]
    >(
      post.kind === 'debate'
        ? `SELECT id AS debate_id, author_id, hidden_by, hidden_reason FROM debates WHERE id = $1`
        : `SELECT debate_id, author_id, hidden_by, hidden_reason FROM comments WHERE id = $1`,
      [post.id],
    );
    if (!row?.author_id) return;
    const thread = await this.thread(row.debate_id, post.kind === 'comment');
    if (!thread) return;
    await this.notifications.notify({
      kind: 'postHidden',
      data: { ...thread, post, reason: row.hidden_reason },
      recipients: people([row.author_id]),
      actorId: row.hidden_by,
      forumId,
    });
  }

  private async proposal(proposalId: string): Promise<ProposalFacts | null> {
    const [row] = await this.db.query<[ProposalFacts?]>(
      `SELECT p.id AS "proposalId", p.title AS "proposalTitle", a.slug AS "forumSlug",
              f.name AS "forumName"
         FROM proposals p JOIN forums f ON f.id = p.forum_id JOIN areas a ON a.id = f.area_id
        WHERE p.id = $1`,
      [proposalId],
    );
    if (!row) this.logger.warn(`Proposal ${proposalId} is gone; nobody is notified`);
    return row ?? null;
  }

  /**
   * A thread as notifications name it. With `visibleOnly` false the title is
   * given even for a hidden thread (to its own author, whose post it is).
   */
  private async thread(debateId: string, visibleOnly = true): Promise<ThreadFacts | null> {
    const [row] = await this.db.query<[ThreadFacts?]>(
      `SELECT a.slug AS "forumSlug", f.name AS "forumName", d.id AS "debateId",
              CASE WHEN NOT $2 OR (d.hidden_at IS NULL AND d.deleted_at IS NULL)
                   THEN d.title END AS "debateTitle"
         FROM debates d JOIN forums f ON f.id = d.forum_id JOIN areas a ON a.id = f.area_id
        WHERE d.id = $1`,
      [debateId, visibleOnly],
    );
    return row ?? null;
  }
}
