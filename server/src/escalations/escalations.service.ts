import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  AnswerEscalationBody,
  EscalateBody,
  EscalationView,
  HandOverEscalationBody,
  ProposalEscalation,
  StaffKind,
  TimelineActor,
} from '@lokalforum/protocol';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { conflict, DomainError, forbidden, notFound } from '../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { DomainEventBus } from '../events/domain-event-bus';
import type { ForumEventRecord } from '../events/domain-events';
import { ForumEventOutbox } from '../events/forum-event-outbox';
import { ProposalTimelineService } from '../proposals/proposal-timeline';
import { ProposalsService, type StatusMove } from '../proposals/proposals.service';
import { StaffDirectory, staffRef } from '../staff/staff-directory';
import { sealPackage } from './escalation-package';
import { brief, escalationById, escalationOfProposal } from './escalation-views';
import { EscalationPolicy, mayAnswer, mayEscalate } from './escalation.policy';

/** The locked facts of an escalation that answers and hand-overs change. */
interface LockedEscalation {
  id: string;
  proposal_id: string;
  forum_id: string;
  forum_slug: string;
  assignee_id: string | null;
  first_answered_at: Date | null;
}

const badRecipient = (message: string) =>
  new DomainError(400, 'validation_failed', message, [{ path: 'to', message }]);

const isUniqueViolation = (err: unknown) =>
  typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';

/**
 * Escalation (eskalering) of an adopted proposal to the municipality, and the
 * staff's public answers and hand-overs. Each step is one transaction: the
 * proposal's status, the sealed escalation, its timeline entry and the room
 * event commit together, and are announced after the commit.
 */
@Injectable()
export class EscalationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly proposals: ProposalsService,
    private readonly timeline: ProposalTimelineService,
    private readonly outbox: ForumEventOutbox,
    private readonly events: DomainEventBus,
    private readonly policy: EscalationPolicy,
    private readonly staff: StaffDirectory,
  ) {}

  async ofProposal(proposalId: string): Promise<ProposalEscalation> {
    const proposal = await this.proposals.get(proposalId);
    // The seq first: a client joining from it misses nothing that changes the data after.
    const seq = await this.outbox.seq(proposal.forumId);
    const escalation = await escalationOfProposal(this.db.manager, proposalId);
    return { proposalId, seq, escalation };
  }

  async get(id: string): Promise<EscalationView> {
    const escalation = await escalationById(this.db.manager, id);
    if (!escalation) throw notFound('Eskaleringen findes ikke');
    return escalation;
  }

  async escalate(
    proposalId: string,
    principal: Principal,
    body: EscalateBody,
  ): Promise<EscalationView> {
    const proposal = await this.proposals.get(proposalId);
    const facts = await this.policy.escalator(principal.userId, proposal);
    if (!mayEscalate(facts)) {
      throw forbidden(
        'Kun forslagets forfattere og forummets kontaktpersoner kan sende det videre',
      );
    }
    if (proposal.status !== 'adopted') {
      throw conflict('Kun et vedtaget forslag, der ikke er sendt videre, kan sendes til kommunen');
    }
    const actor: TimelineActor = {
      userId: principal.userId,
      name: principal.name,
      role: facts.isContactPerson ? 'contactPerson' : 'member',
    };
    const done = await this.db
      .transaction(async (tx) => {
        const moved = await this.proposals.move(tx, proposalId, 'escalated', {
          actor,
          expected: ['adopted'],
        });
        const recipient = await this.recipient(tx, proposal.forumId, body.to);
        const [{ now }] = await tx.query<[{ now: Date }]>(`SELECT now() AS now`);
        const sealed = await sealPackage(tx, proposalId, body.dissent ?? null, now);
        const [row] = await tx.query<[{ id: string; answer_due_at: Date }]>(
          `INSERT INTO escalations (proposal_id, vote_id, forum_id, recipient_id, recipient_kind,
             escalated_by, escalated_at, answer_due_at, package, package_sha256, assignee_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz,
             $7::timestamptz + make_interval(days => $8), $9::jsonb,
             encode(sha256(convert_to($9::jsonb::text, 'UTF8')), 'hex'), $4)
           RETURNING id, answer_due_at`,
          [
            proposalId,
            sealed.voteId,
            proposal.forumId,
            recipient.userId,
            recipient.kind,
            principal.userId,
            now,
            this.config.answerDueDays,
            JSON.stringify(sealed.package),
          ],
        );
        await this.timeline.record(tx, {
          proposalId,
          kind: 'escalated',
          actor,
          data: {
            escalationId: row.id,
            recipientName: recipient.name,
            recipientKind: recipient.kind,
            answerDueAt: row.answer_due_at.toISOString(),
          },
        });
        const forum = { id: proposal.forumId, slug: moved.proposal.forumSlug };
        const escalation = await this.current(tx, row.id);
        const event = await this.outbox.record(tx, forum, 'proposal.escalated', {
          escalation: brief(escalation),
        });
        return { escalation, announce: this.announcer(moved, event) };
      })
      .catch((err: unknown) => {
        if (isUniqueViolation(err)) throw conflict('Forslaget er allerede sendt videre');
        throw err;
      });
    done.announce();
    this.events.publish('proposal.escalated', {
      escalationId: done.escalation.id,
      proposalId,
      forumId: proposal.forumId,
      recipientId: done.escalation.assignee?.userId ?? null,
      answerDueAt: done.escalation.answerDueAt,
    });
    return done.escalation;
  }

  async answer(
    id: string,
    principal: Principal,
    body: AnswerEscalationBody,
  ): Promise<EscalationView> {
    const done = await this.db.transaction(async (tx) => {
      const escalation = await this.lock(tx, id);
      const staff = await this.mayHandle(tx, principal, escalation);
      const [answer] = await tx.query<[{ id: string }]>(
        // clock_timestamp(), not now(): answers that waited for the lock are stamped in the
        // order they were written, so the latest one is also the one whose status stands.
        `INSERT INTO escalation_answers (escalation_id, status, department, text, author_id,
           author_name, author_role, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, clock_timestamp()) RETURNING id`,
        [
          id,
          body.status,
          body.department ?? null,
          body.text,
          principal.userId,
          principal.name,
          staff,
        ],
      );
      await tx.query(
        `UPDATE escalations SET status = $2,
                first_answered_at = COALESCE(first_answered_at, clock_timestamp())
          WHERE id = $1`,
        [id, body.status],
      );
      const actor: TimelineActor = { userId: principal.userId, name: principal.name, role: staff };
      // The first answer moves the proposal on; later ones only add to its timeline.
      const moved =
        escalation.first_answered_at === null
          ? await this.proposals.move(tx, escalation.proposal_id, 'answered', {
              actor,
              expected: ['escalated'],
            })
          : null;
      await this.timeline.record(tx, {
        proposalId: escalation.proposal_id,
        kind: 'answered',
        actor,
        data: {
          escalationId: id,
          answerId: answer.id,
          status: body.status,
          department: body.department ?? null,
          text: body.text,
        },
      });
      const forum = { id: escalation.forum_id, slug: escalation.forum_slug };
      const view = await this.current(tx, id);
      const event = await this.outbox.record(tx, forum, 'escalation.answered', {
        escalation: brief(view),
        answerId: answer.id,
      });
      return {
        locked: escalation,
        view,
        answerId: answer.id,
        announce: this.announcer(moved, event),
      };
    });
    done.announce();
    this.events.publish('escalation.answered', {
      escalationId: id,
      proposalId: done.locked.proposal_id,
      forumId: done.locked.forum_id,
      answerId: done.answerId,
      status: body.status,
    });
    return done.view;
  }

  async handOver(
    id: string,
    principal: Principal,
    body: HandOverEscalationBody,
  ): Promise<EscalationView> {
    const done = await this.db.transaction(async (tx) => {
      const escalation = await this.lock(tx, id);
      const staff = await this.mayHandle(tx, principal, escalation);
      const colleague = await this.staff.find(body.to, tx);
      if (!colleague) throw badRecipient('Modtageren er ikke en af kommunens medarbejdere');
      if (colleague.userId === escalation.assignee_id) {
        throw conflict(`Eskaleringen ligger allerede hos ${colleague.name}`);
      }
      const [from] = await tx.query<{ name: string }[]>(`SELECT name FROM users WHERE id = $1`, [
        escalation.assignee_id,
      ]);
      await tx.query(`UPDATE escalations SET assignee_id = $2 WHERE id = $1`, [
        id,
        colleague.userId,
      ]);
      await tx.query(
        `INSERT INTO escalation_handovers (escalation_id, from_id, to_id, by_id, note, created_at)
         VALUES ($1, $2, $3, $4, $5, clock_timestamp())`,
        [id, escalation.assignee_id, colleague.userId, principal.userId, body.note ?? null],
      );
      await this.timeline.record(tx, {
        proposalId: escalation.proposal_id,
        kind: 'handedOver',
        actor: { userId: principal.userId, name: principal.name, role: staff },
        data: {
          escalationId: id,
          fromName: from?.name ?? null,
          toName: colleague.name,
          note: body.note ?? null,
        },
      });
      const view = await this.current(tx, id);
      const forum = { id: escalation.forum_id, slug: escalation.forum_slug };
      const event = await this.outbox.record(tx, forum, 'escalation.handedOver', {
        escalation: brief(view),
      });
      return { escalation, view, toId: colleague.userId, event };
    });
    this.outbox.publish(done.event);
    this.events.publish('escalation.handedOver', {
      escalationId: id,
      proposalId: done.escalation.proposal_id,
      forumId: done.escalation.forum_id,
      fromId: done.escalation.assignee_id,
      toId: done.toId,
    });
    return done.view;
  }

  /** Who receives a new escalation: the chosen staff member, the process consultant, or by default the area's fælles-skaber. */
  private async recipient(
    tx: EntityManager,
    forumId: string,
    to: EscalateBody['to'],
  ): Promise<{ userId: string; name: string; kind: StaffKind }> {
    if (to !== undefined && to !== 'processConsultant') {
      const chosen = await this.staff.find(to, tx);
      if (!chosen) throw badRecipient('Modtageren er ikke en af kommunens medarbejdere');
      return staffRef(chosen);
    }
    // An area without a fælles-skaber (a vacancy) goes to the process consultant.
    const found =
      (to === undefined ? await this.staff.coCreatorOfForum(forumId, tx) : null) ??
      (await this.staff.processConsultant(tx));
    if (!found) throw conflict('Der er ingen medarbejder at sende forslaget til');
    return staffRef(found);
  }

  private async lock(tx: EntityManager, id: string): Promise<LockedEscalation> {
    const [row] = await tx.query<LockedEscalation[]>(
      `SELECT e.id, e.proposal_id, e.forum_id, a.slug AS forum_slug, e.assignee_id,
              e.first_answered_at
         FROM escalations e JOIN forums f ON f.id = e.forum_id JOIN areas a ON a.id = f.area_id
        WHERE e.id = $1 FOR UPDATE OF e`,
      [id],
    );
    if (!row) throw notFound('Eskaleringen findes ikke');
    return row;
  }

  /** The staff kind of a person who may answer or hand on the escalation; 403 for others. */
  private async mayHandle(
    tx: EntityManager,
    principal: Principal,
    escalation: LockedEscalation,
  ): Promise<StaffKind> {
    const facts = await this.policy.answerer(
      principal.userId,
      { assigneeId: escalation.assignee_id },
      tx,
    );
    if (!facts.staff) throw forbidden('Kun kommunens medarbejdere kan svare på en eskalering');
    if (!mayAnswer(facts)) {
      throw forbidden(
        'Eskaleringen ligger hos en anden medarbejder; kun den kan svare eller give den videre',
      );
    }
    return facts.staff;
  }

  /** What to do after the commit: announce the status move (if any), then the room event. */
  private announcer(moved: StatusMove | null, event: ForumEventRecord): () => void {
    return () => {
      moved?.announce();
      this.outbox.publish(event);
    };
  }

  private async current(tx: EntityManager, id: string): Promise<EscalationView> {
    const escalation = await escalationById(tx, id);
    if (!escalation) throw notFound('Eskaleringen findes ikke');
    return escalation;
  }
}
