import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type CreateRequestBody,
  type MyRequests,
  REQUEST_PARTICIPANTS_MAX,
  type RequestHandOverBody,
  type RequestStatus,
  type RequestThread,
} from '@lokalforum/protocol';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { conflict, DomainError, forbidden, notFound } from '../common/domain-error';
import { RateLimiter } from '../common/rate-limiter';
import { rateRules } from '../common/rate-limits';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { DomainEventBus } from '../events/domain-event-bus';
import type { DomainEvents } from '../events/domain-events';
import { StaffDirectory } from '../staff/staff-directory';
import {
  answersForRecipient,
  type RequestFacts,
  requestPermissions,
  requestRole,
} from './request.policy';
import { requestEntries, requestParticipants, requestSummaries } from './request-views';

const invalid = (path: string, message: string) =>
  new DomainError(400, 'validation_failed', message, [{ path, message }]);

const NOT_FOUND = 'Henvendelsen findes ikke, eller du har ikke adgang til den';

/** Whom a new request goes to, resolved and checked. */
interface Recipient {
  kind: CreateRequestBody['to']['kind'];
  userId: string;
  forumId: string | null;
  partnerId: string | null;
}

interface FactsRow {
  recipient_kind: RequestFacts['recipientKind'];
  status: RequestStatus;
  assignee_id: string | null;
  first_answered_at: Date | null;
  is_requester: boolean;
  is_participant: boolean;
  is_holder: boolean;
  staff: RequestFacts['staff'];
  covers_area: boolean;
}

type Locked = FactsRow & { facts: RequestFacts };

/** What to announce once a step has committed. */
type Announcement =
  | { name: 'request.received'; payload: DomainEvents['request.received'] }
  | { name: 'request.updated'; payload: DomainEvents['request.updated'] };

/**
 * Requests (henvendelser): private threads between a person and the one they
 * wrote to. Each step locks the request, checks who the person is to it, and
 * writes the change and its thread entry in one transaction; the people in
 * the thread are told after the commit.
 */
@Injectable()
export class RequestsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly staff: StaffDirectory,
    private readonly limiter: RateLimiter,
    private readonly events: DomainEventBus,
  ) {}

  async create(principal: Principal, body: CreateRequestBody): Promise<RequestThread> {
    await this.limiter.consume(rateRules.requestOpen, principal.userId);
    const id = await this.db.transaction(async (tx) => {
      const to = await this.recipient(tx, principal, body);
      // One person's submissions in turn, so a double click is seen as one.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('request:' || $1::text))`, [
        principal.userId,
      ]);
      const [same] = await tx.query<{ id: string }[]>(
        `SELECT id FROM requests
          WHERE requester_id = $1 AND assignee_id = $2 AND subject = $3
            AND created_at > now() - interval '10 minutes'`,
        [principal.userId, to.userId, body.subject],
      );
      if (same) throw conflict('Du har lige sendt den samme henvendelse; den er modtaget');
      const [row] = await tx.query<[{ id: string }]>(
        `INSERT INTO requests (subject, requester_id, recipient_kind, forum_id, partner_id,
           assignee_id, answer_due_at)
         VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(days => $7)) RETURNING id`,
        [
          body.subject,
          principal.userId,
          to.kind,
          to.forumId,
          to.partnerId,
          to.userId,
          this.config.answerDueDays,
        ],
      );
      await this.entry(tx, row.id, principal, 'requester', { kind: 'opened', text: body.text });
      return row.id;
    });
    const [request] = await requestSummaries(this.db.manager, principal, 'r.id = $3', [id]);
    this.events.publish('request.received', {
      requestId: id,
      recipientId: request!.holder!.userId,
      handedOverById: null,
    });
    return this.thread(id, principal);
  }

  /** What I sent or was invited to, and what is with me or — for staff — in my areas. */
  async mine(principal: Principal): Promise<MyRequests> {
    const [sent, received] = await Promise.all([
      requestSummaries(
        this.db.manager,
        principal,
        `(r.requester_id = $1 OR EXISTS (SELECT 1 FROM request_participants rp
            WHERE rp.request_id = r.id AND rp.email = $2))`,
        [],
      ),
      requestSummaries(
        this.db.manager,
        principal,
        `r.requester_id <> $1 AND (r.assignee_id = $1 OR (r.recipient_kind = 'staff' AND EXISTS (
           SELECT 1 FROM staff s WHERE s.user_id = $1 AND (s.kind = 'processConsultant'
             OR EXISTS (SELECT 1 FROM forums f JOIN areas a ON a.id = f.area_id
                         WHERE f.id = r.forum_id AND a.co_creator_id = s.user_id)))))`,
        [],
      ),
    ]);
    return { sent, received };
  }

  async thread(id: string, principal: Principal): Promise<RequestThread> {
    const facts = await this.facts(this.db.manager, id, principal, false);
    const permissions = requestPermissions(facts.facts);
    if (!permissions.view) throw notFound(NOT_FOUND);
    const [summary] = await requestSummaries(this.db.manager, principal, 'r.id = $3', [id]);
    const [participants, entries] = await Promise.all([
      requestParticipants(this.db.manager, id),
      requestEntries(this.db.manager, id),
    ]);
    const { view: _view, ...may } = permissions;
    return { ...summary!, participants, entries, permissions: may };
  }

  async message(id: string, principal: Principal, text: string): Promise<RequestThread> {
    await this.limiter.consume(rateRules.requestMessage, principal.userId);
    await this.step(id, principal, async (tx, r) => {
      if (!requestPermissions(r.facts).reply) throw notFound(NOT_FOUND);
      await this.entry(tx, id, principal, requestRole(r.facts), { kind: 'message', text });
      // The holder's first word moves a new request into dialogue.
      if (r.facts.isHolder && r.status === 'new') {
        await this.setStatusRow(tx, id, 'in_dialogue');
        await this.entry(tx, id, principal, requestRole(r.facts), {
          kind: 'status',
          status: 'in_dialogue',
        });
      }
      await this.touch(tx, id, answersForRecipient(r.facts));
      return [this.updated(id, principal, 'message')];
    });
    return this.thread(id, principal);
  }

  async setStatus(id: string, principal: Principal, status: RequestStatus): Promise<RequestThread> {
    await this.step(id, principal, async (tx, r) => {
      const may = requestPermissions(r.facts);
      if (!may.view) throw notFound(NOT_FOUND);
      if (!may.setStatus) {
        throw forbidden('Kun den, der har henvendelsen nu, kan ændre dens status');
      }
      if (r.status === status) throw conflict('Henvendelsen har allerede den status');
      await this.setStatusRow(tx, id, status);
      await this.entry(tx, id, principal, requestRole(r.facts), { kind: 'status', status });
      await this.touch(tx, id, true);
      return [this.updated(id, principal, 'status')];
    });
    return this.thread(id, principal);
  }

  async handOver(
    id: string,
    principal: Principal,
    body: RequestHandOverBody,
  ): Promise<RequestThread> {
    await this.step(id, principal, async (tx, r) => {
      const may = requestPermissions(r.facts);
      if (!may.view) throw notFound(NOT_FOUND);
      if (!may.handOver) {
        throw forbidden('Kun den medarbejder, der har henvendelsen nu, kan give den videre');
      }
      const colleague = await this.staff.find(body.to, tx);
      if (!colleague) throw invalid('to', 'Modtageren er ikke en af kommunens medarbejdere');
      if (colleague.userId === r.assignee_id) {
        throw conflict(`Henvendelsen ligger allerede hos ${colleague.name}`);
      }
      await tx.query(`UPDATE requests SET assignee_id = $2, status = 'passed_on' WHERE id = $1`, [
        id,
        colleague.userId,
      ]);
      await this.entry(tx, id, principal, requestRole(r.facts), {
        kind: 'handedOver',
        text: body.note ?? null,
        status: 'passed_on',
        fromName: principal.name,
        toName: colleague.name,
      });
      await this.touch(tx, id, true);
      return [
        {
          name: 'request.received',
          payload: {
            requestId: id,
            recipientId: colleague.userId,
            handedOverById: principal.userId,
          },
        },
        this.updated(id, principal, 'handedOver'),
      ];
    });
    return this.thread(id, principal);
  }

  async invite(id: string, principal: Principal, email: string): Promise<RequestThread> {
    const address = email.toLowerCase();
    await this.limiter.consume(rateRules.requestInvite, principal.userId);
    await this.step(id, principal, async (tx, r) => {
      const may = requestPermissions(r.facts);
      if (!may.view) throw notFound(NOT_FOUND);
      if (!may.invite) throw forbidden('Kun den, der skrev henvendelsen, kan invitere andre');
      if (address === principal.email) throw invalid('email', 'Du er allerede med i henvendelsen');
      const [{ count }] = await tx.query<[{ count: number }]>(
        `SELECT count(*)::int AS count FROM request_participants WHERE request_id = $1`,
        [id],
      );
      if (count >= REQUEST_PARTICIPANTS_MAX) {
        throw conflict(`Der kan højst være ${REQUEST_PARTICIPANTS_MAX} inviterede`);
      }
      const inserted = await tx.query<{ email: string }[]>(
        `INSERT INTO request_participants (request_id, email, invited_by) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING email`,
        [id, address, principal.userId],
      );
      if (inserted.length === 0) throw conflict('Personen er allerede inviteret');
      await this.entry(tx, id, principal, 'requester', { kind: 'invited', toName: address });
      await this.touch(tx, id, false);
      return [
        {
          name: 'request.updated',
          payload: {
            requestId: id,
            actorId: principal.userId,
            change: 'invited',
            invitedEmail: address,
          },
        },
      ];
    });
    return this.thread(id, principal);
  }

  /** Runs one step on the locked request, then announces what it returns. */
  private async step(
    id: string,
    principal: Principal,
    run: (tx: EntityManager, r: Locked) => Promise<Announcement[]>,
  ): Promise<void> {
    const announcements = await this.db.transaction(async (tx) =>
      run(tx, await this.facts(tx, id, principal, true)),
    );
    for (const a of announcements) {
      if (a.name === 'request.received') this.events.publish(a.name, a.payload);
      else this.events.publish(a.name, a.payload);
    }
  }

  private updated(
    id: string,
    principal: Principal,
    change: 'message' | 'status' | 'handedOver',
  ): Announcement {
    return {
      name: 'request.updated',
      payload: { requestId: id, actorId: principal.userId, change, invitedEmail: null },
    };
  }

  /** Who the person is to the request (`lock`: and holds it until the transaction ends). */
  private async facts(
    tx: EntityManager,
    id: string,
    principal: Principal,
    lock: boolean,
  ): Promise<Locked> {
    const [row] = await tx.query<FactsRow[]>(
      `SELECT r.recipient_kind, r.status, r.assignee_id, r.first_answered_at,
              r.requester_id = $2 AS is_requester,
              EXISTS (SELECT 1 FROM request_participants rp
                       WHERE rp.request_id = r.id AND rp.email = $3) AS is_participant,
              r.assignee_id IS NOT DISTINCT FROM $2::uuid AS is_holder,
              s.kind AS staff,
              (s.kind = 'processConsultant' OR EXISTS (
                 SELECT 1 FROM forums f JOIN areas a ON a.id = f.area_id
                  WHERE f.id = r.forum_id AND a.co_creator_id = $2)) AS covers_area
         FROM requests r LEFT JOIN staff s ON s.user_id = $2
        WHERE r.id = $1 ${lock ? 'FOR UPDATE OF r' : ''}`,
      [id, principal.userId, principal.email],
    );
    if (!row) throw notFound(NOT_FOUND);
    return {
      ...row,
      facts: {
        isRequester: row.is_requester,
        isParticipant: row.is_participant,
        isHolder: row.is_holder,
        staff: row.staff,
        coversArea: row.covers_area ?? false,
        recipientKind: row.recipient_kind,
      },
    };
  }

  /** Checks the recipient exists and may be written to this way, and finds its forum. */
  private async recipient(
    tx: EntityManager,
    principal: Principal,
    body: CreateRequestBody,
  ): Promise<Recipient> {
    const to = body.to;
    let recipient: Recipient;
    if (to.kind === 'staff') {
      const staff = await this.staff.find(to.userId, tx);
      if (!staff) throw invalid('to.userId', 'Modtageren er ikke en af kommunens medarbejdere');
      const forumId = body.forum ? await this.forumId(tx, body.forum, 'forum') : null;
      recipient = { kind: 'staff', userId: staff.userId, forumId, partnerId: null };
    } else if (to.kind === 'partner') {
      const [partner] = await tx.query<{ contact_id: string; forum_id: string }[]>(
        `SELECT contact_id, forum_id FROM partners WHERE id = $1`,
        [to.partnerId],
      );
      if (!partner) throw invalid('to.partnerId', 'Samarbejdspartneren findes ikke');
      recipient = {
        kind: 'partner',
        userId: partner.contact_id,
        forumId: partner.forum_id,
        partnerId: to.partnerId,
      };
    } else {
      const forumId = await this.forumId(tx, to.forum, 'to.forum');
      const [contact] = await tx.query<{ user_id: string }[]>(
        `SELECT user_id FROM contact_persons WHERE forum_id = $1 AND user_id = $2`,
        [forumId, to.userId],
      );
      if (!contact) throw invalid('to.userId', 'Personen er ikke kontaktperson i det lokalforum');
      recipient = { kind: 'contactPerson', userId: to.userId, forumId, partnerId: null };
    }
    if (to.kind !== 'staff' && body.forum !== undefined) {
      throw invalid('forum', 'Forummet følger af modtageren her; udelad det');
    }
    if (recipient.userId === principal.userId) {
      throw invalid('to', 'Du kan ikke sende en henvendelse til dig selv');
    }
    return recipient;
  }

  private async forumId(tx: EntityManager, slug: string, path: string): Promise<string> {
    const [row] = await tx.query<{ id: string }[]>(
      `SELECT f.id FROM forums f JOIN areas a ON a.id = f.area_id WHERE a.slug = $1`,
      [slug],
    );
    if (!row) throw invalid(path, 'Lokalforummet findes ikke');
    return row.id;
  }

  private async entry(
    tx: EntityManager,
    id: string,
    principal: Principal,
    role: string,
    e: {
      kind: 'opened' | 'message' | 'status' | 'handedOver' | 'invited';
      text?: string | null;
      status?: RequestStatus;
      fromName?: string;
      toName?: string;
    },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO request_entries (request_id, kind, author_id, author_name, author_role, text,
         status, from_name, to_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        id,
        e.kind,
        principal.userId,
        principal.name,
        role,
        e.text ?? null,
        e.status ?? null,
        e.fromName ?? null,
        e.toName ?? null,
      ],
    );
  }

  private async setStatusRow(tx: EntityManager, id: string, status: RequestStatus): Promise<void> {
    await tx.query(`UPDATE requests SET status = $2 WHERE id = $1`, [id, status]);
  }

  /** Something happened now; `answered`: it counts as the recipient's answer. */
  private async touch(tx: EntityManager, id: string, answered: boolean): Promise<void> {
    await tx.query(
      `UPDATE requests SET updated_at = clock_timestamp(),
              first_answered_at = CASE WHEN $2 THEN COALESCE(first_answered_at, clock_timestamp())
                                       ELSE first_answered_at END
        WHERE id = $1`,
      [id, answered],
    );
  }
}
