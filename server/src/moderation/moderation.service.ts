import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  CreatedReport,
  CreateReportBody,
  Debate,
  ModerationAction,
  PostRef,
} from '@lokalforum/protocol';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import type { Principal } from '../auth/principal';
import { conflict, notFound } from '../common/domain-error';
import { RateLimiter } from '../common/rate-limiter';
import {
  commentTarget,
  type CommentRow,
  debateTarget,
  type DebateRow,
} from '../debates/debate-rows';
import { DebateStore } from '../debates/debate-store';
import { DebatePolicy, type PostTarget } from '../debates/debate.policy';
import { DebatesService } from '../debates/debates.service';
import { ForumPolicy } from '../forums/forum-policy';
import { DomainEventBus } from '../events/domain-event-bus';
import { ForumEventOutbox } from '../events/forum-event-outbox';

const UNIQUE_VIOLATION = '23505';
const REPORTS_PER_TEN_MINUTES = 10;

/** A post to moderate with its thread, locked for the change. */
interface LockedPost {
  debate: DebateRow;
  comment: CommentRow | null;
  target: PostTarget;
}

/**
 * Reports and moderation: anyone signed in reports a post; the forum's contact
 * persons and staff hide posts (with a public reason) and lock threads. Every
 * act goes into the forum's public moderation log; a hidden post's author is
 * notified.
 */
@Injectable()
export class ModerationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly store: DebateStore,
    private readonly policy: DebatePolicy,
    private readonly forumPolicy: ForumPolicy,
    private readonly debates: DebatesService,
    private readonly bus: DomainEventBus,
    private readonly outbox: ForumEventOutbox,
    private readonly limiter: RateLimiter,
  ) {}

  async report(principal: Principal, body: CreateReportBody): Promise<CreatedReport> {
    await this.limiter.hit(`report:${principal.userId}`, REPORTS_PER_TEN_MINUTES, 600_000);
    const created = await this.db.transaction(async (tx) => {
      const { debate, comment, target } = await this.lockPost(tx, body.post);
      await this.policy.check(principal, 'report', target, tx);
      try {
        const [row] = await tx.query<[{ id: string; created_at: Date }]>(
          `INSERT INTO reports (forum_id, debate_id, comment_id, reporter_id, reason)
           VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at`,
          [debate.forum_id, debate.id, comment?.id ?? null, principal.userId, body.reason],
        );
        const report = { id: row.id, createdAt: row.created_at.toISOString() };
        return { report, forumId: debate.forum_id, debateId: debate.id, commentId: comment?.id };
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict('Du har allerede anmeldt dette indlæg');
        throw err;
      }
    });
    // The forum's contact persons are told (notifications listen).
    this.bus.publish('report.created', {
      reportId: created.report.id,
      forumId: created.forumId,
      debateId: created.debateId,
      commentId: created.commentId ?? null,
    });
    return created.report;
  }

  async dismissReport(reportId: string, principal: Principal): Promise<void> {
    const rows = await this.db.query<{ forum_id: string; resolved_at: Date | null }[]>(
      `SELECT forum_id, resolved_at FROM reports WHERE id = $1`,
      [reportId],
    );
    const report = rows[0];
    if (!report) throw notFound('Anmeldelsen findes ikke');
    await this.forumPolicy.checkModerator(principal, report.forum_id);
    const [, affected] = await this.db.query<[unknown, number]>(
      `UPDATE reports SET resolved_at = now(), resolved_by = $2, resolution = 'dismissed'
        WHERE id = $1 AND resolved_at IS NULL`,
      [reportId, principal.userId],
    );
    if (!affected) throw conflict('Anmeldelsen er allerede behandlet');
  }

  /** Hides a visible post; `reason` is shown publicly in its place. */
  async hide(post: PostRef, principal: Principal, reason: string): Promise<void> {
    const event = await this.db.transaction(async (tx) => {
      const { debate, comment, target } = await this.lockPost(tx, post);
      await this.policy.check(principal, 'moderate', target, tx);
      if (target.post !== 'visible') throw conflict('Indlægget er allerede skjult eller slettet');
      const event = await this.debates.hidePost(tx, { debate, comment }, reason, principal.userId);
      await tx.query(
        `UPDATE reports SET resolved_at = now(), resolved_by = $3, resolution = 'hidden'
          WHERE debate_id = $1 AND comment_id IS NOT DISTINCT FROM $2 AND resolved_at IS NULL`,
        [debate.id, comment?.id ?? null, principal.userId],
      );
      await this.logAction(tx, debate, comment, 'hide', reason, principal);
      return event;
    });
    // The post's author is told through this event (notifications listen).
    this.outbox.publish(event);
  }

  lock(debateId: string, principal: Principal, reason: string | null): Promise<Debate> {
    return this.setLocked(debateId, principal, reason, true);
  }

  unlock(debateId: string, principal: Principal): Promise<Debate> {
    return this.setLocked(debateId, principal, null, false);
  }

  private async setLocked(
    debateId: string,
    principal: Principal,
    reason: string | null,
    locked: boolean,
  ): Promise<Debate> {
    const { debate, event } = await this.db.transaction(async (tx) => {
      const row = await this.store.debate(tx, debateId, true);
      await this.policy.check(principal, 'moderate', debateTarget(row), tx);
      if ((row.locked_at !== null) === locked) {
        throw conflict(locked ? 'Tråden er allerede låst' : 'Tråden er ikke låst');
      }
      const changed = await this.debates.setLocked(tx, row, {
        locked,
        reason,
        moderatorId: principal.userId,
      });
      await this.logAction(tx, row, null, locked ? 'lock' : 'unlock', reason, principal);
      const { debate, event } = changed;
      return { debate, event };
    });
    this.outbox.publish(event);
    return debate;
  }

  private async lockPost(tx: EntityManager, post: PostRef): Promise<LockedPost> {
    if (post.kind === 'debate') {
      const debate = await this.store.debate(tx, post.id, true);
      return { debate, comment: null, target: debateTarget(debate) };
    }
    const { debate, comment } = await this.store.commentWithDebate(tx, post.id, true);
    return { debate, comment, target: commentTarget(comment, debate) };
  }

  private async logAction(
    tx: EntityManager,
    debate: DebateRow,
    comment: CommentRow | null,
    action: ModerationAction,
    reason: string | null,
    principal: Principal,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO moderation_actions (forum_id, debate_id, comment_id, action, reason, moderator_id)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [debate.forum_id, debate.id, comment?.id ?? null, action, reason, principal.userId],
    );
  }
}

function isUniqueViolation(err: unknown): boolean {
  return (
    err instanceof QueryFailedError &&
    (err.driverError as { code?: string }).code === UNIQUE_VIOLATION
  );
}
