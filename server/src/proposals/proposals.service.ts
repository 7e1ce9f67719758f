import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  PROPOSAL_SUMMARY_MAX,
  PROPOSAL_TITLE_MAX,
  type CreateProposalBody,
  type ProposalAmount,
  type ProposalAmountBody,
  type ProposalAuthor,
  type ProposalDetail,
  type ProposalListItem,
  type ProposalStatus,
  type ProseMirrorDoc,
  type TimelineActor,
  proposalDocName,
} from '@lokalforum/protocol';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { conflict, forbidden, notFound } from '../common/domain-error';
import { RateLimiter } from '../common/rate-limiter';
import { rateRules } from '../common/rate-limits';
import { DomainEventBus } from '../events/domain-event-bus';
import { ForumsService } from '../forums/forums.service';
import { cleanBody, clipText } from './proposal-body';
import { ForumEventOutbox } from '../events/forum-event-outbox';
import { newProposalDocument, renderProposalState } from './proposal-document';
import { ProposalDocumentStore } from './proposal-document.store';
import { nextStatuses } from './proposal-lifecycle';
import { ProposalTimelineService, SYSTEM_ACTOR } from './proposal-timeline';
import { ProposalPolicy } from './proposal.policy';

/** A status change made inside a transaction, to be announced after its commit. */
export interface StatusMove {
  proposal: ProposalListItem;
  from: ProposalStatus;
  announce(): void;
}

/** The facts access decisions need. */
export interface ProposalRef {
  id: string;
  forumId: string;
  status: ProposalStatus;
}

interface ProposalRow {
  id: string;
  forum_id: string;
  forum_slug: string;
  title: string;
  summary: string;
  status: ProposalStatus;
  created_at: Date;
  updated_at: Date;
  authors: ProposalAuthor[];
}

/** Proposals with their forum and authors; `extra` adds the heavy columns for one proposal. */
const proposalRows = (extra = '') => `
  SELECT p.id, p.forum_id, a.slug AS forum_slug, p.title, p.summary, p.status,
         p.created_at, p.updated_at ${extra},
         COALESCE((SELECT json_agg(json_build_object('userId', u.id, 'name', u.name)
                                   ORDER BY pa.first_edit_at, u.name)
                     FROM proposal_authors pa JOIN users u ON u.id = pa.user_id
                    WHERE pa.proposal_id = p.id), '[]'::json) AS authors
    FROM proposals p
    JOIN forums f ON f.id = p.forum_id
    JOIN areas a ON a.id = f.area_id`;

/** Starting, listing and reading proposals (forslag). Their text is edited through /collab. */
@Injectable()
export class ProposalsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly forums: ForumsService,
    private readonly policy: ProposalPolicy,
    private readonly documents: ProposalDocumentStore,
    private readonly outbox: ForumEventOutbox,
    private readonly events: DomainEventBus,
    private readonly limiter: RateLimiter,
    private readonly timeline: ProposalTimelineService,
  ) {}

  /** Starts a proposal; `paragraphs` start its body (the demo data's; members start empty). */
  async start(
    slug: string,
    principal: Principal,
    body: CreateProposalBody,
    paragraphs: readonly string[] = [],
  ): Promise<ProposalDetail> {
    const forumId = await this.forums.idOf(slug);
    if (!(await this.policy.canStart(principal, forumId))) {
      throw forbidden('Kun medlemmer af lokalforummet kan starte et forslag');
    }
    await this.limiter.consume(rateRules.proposalStart, principal.userId);
    const title = body.title;
    const summary = body.summary ?? '';
    const state = newProposalDocument(title, summary, paragraphs);
    const rendered = renderProposalState(state);
    const { id, event } = await this.db.transaction(async (tx) => {
      const [row] = await tx.query<[{ id: string; created_at: Date; updated_at: Date }]>(
        `INSERT INTO proposals (forum_id, title, summary, text, body_json, created_by, amount_dkk)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, created_at, updated_at`,
        [
          forumId,
          title,
          summary,
          rendered.text,
          JSON.stringify(rendered.body),
          principal.userId,
          body.amountDkk ?? null,
        ],
      );
      await tx.query(`INSERT INTO proposal_authors (proposal_id, user_id) VALUES ($1, $2)`, [
        row.id,
        principal.userId,
      ]);
      await this.documents.create(tx, row.id, state);
      const proposal: ProposalListItem = {
        id: row.id,
        forumSlug: slug,
        title,
        summary,
        status: 'draft',
        authors: [{ userId: principal.userId, name: principal.name }],
        createdAt: row.created_at.toISOString(),
        updatedAt: row.updated_at.toISOString(),
      };
      const forum = { id: forumId, slug };
      const event = await this.outbox.record(tx, forum, 'proposal.changed', { proposal }, row.id);
      return { id: row.id, event };
    });
    this.outbox.publish(event);
    return this.detail(id, principal);
  }

  /**
   * Moves a proposal to `to` inside the caller's transaction: the row is
   * locked, the move must be one the lifecycle has from the current status
   * (and from `expected`, when given), and the step goes on the public
   * timeline. Who may make it is the caller's policy (see `canMove`). Call
   * `announce()` once the transaction has committed: forum rooms hear
   * `proposal.changed`; open /collab connections that may no longer edit
   * become readers within a second, on every node.
   */
  async move(
    tx: EntityManager,
    id: string,
    to: ProposalStatus,
    by: { actor: TimelineActor; reason?: string | null; expected?: ProposalStatus[] },
  ): Promise<StatusMove> {
    const rows: { status: ProposalStatus; forum_id: string }[] = await tx.query(
      `SELECT status, forum_id FROM proposals WHERE id = $1 FOR UPDATE`,
      [id],
    );
    const row = rows[0];
    if (!row) throw notFound('Forslaget findes ikke');
    const from = row.status;
    if (!nextStatuses(from).includes(to) || (by.expected && !by.expected.includes(from))) {
      throw conflict(`Forslaget kan ikke gå fra status ${from} til ${to}`);
    }
    await tx.query(`UPDATE proposals SET status = $2, updated_at = now() WHERE id = $1`, [id, to]);
    await this.timeline.record(tx, {
      proposalId: id,
      kind: 'statusChanged',
      actor: by.actor,
      reason: by.reason ?? null,
      data: { from, to },
    });
    const proposal = await this.listItem(id, tx);
    const forum = { id: row.forum_id, slug: proposal.forumSlug };
    const event = await this.outbox.record(tx, forum, 'proposal.changed', { proposal }, id);
    return {
      proposal,
      from,
      announce: () => {
        this.outbox.publish(event);
        this.events.publish('proposal.statusChanged', {
          proposalId: id,
          forumId: row.forum_id,
          from,
          to,
        });
      },
    };
  }

  /** `move` in a transaction of its own, announced once committed. */
  async changeStatus(
    id: string,
    to: ProposalStatus,
    by: { actor: TimelineActor; reason?: string | null } = { actor: SYSTEM_ACTOR },
  ): Promise<ProposalListItem> {
    const moved = await this.db.transaction((tx) => this.move(tx, id, to, by));
    moved.announce();
    return moved.proposal;
  }

  async list(slug: string): Promise<ProposalListItem[]> {
    const forumId = await this.forums.idOf(slug);
    const rows: ProposalRow[] = await this.db.query(
      `${proposalRows()} WHERE p.forum_id = $1 ORDER BY p.updated_at DESC, p.id`,
      [forumId],
    );
    return rows.map(listItem);
  }

  async detail(id: string, viewer: Principal | null): Promise<ProposalDetail> {
    const rows: (ProposalRow & {
      text: string;
      body_json: ProseMirrorDoc;
      amount_dkk: number | null;
    })[] = await this.db.query(
      `${proposalRows(', p.text, p.body_json, p.amount_dkk')} WHERE p.id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) throw notFound('Forslaget findes ikke');
    return {
      ...listItem(row),
      text: row.text,
      // Stored by an earlier version, it may hold what today's rules leave out.
      body: cleanBody(row.body_json),
      docName: proposalDocName(row.id),
      amountDkk: row.amount_dkk,
      permissions: await this.policy.permissions(viewer, {
        forumId: row.forum_id,
        status: row.status,
      }),
    };
  }

  /**
   * Changes what a draft asks of the area grant. Its authors may, while it is
   * a draft; a vote freezes the amount with the text, so an open vote's
   * amount never moves under the voters.
   */
  async setAmount(
    id: string,
    principal: Principal,
    body: ProposalAmountBody,
  ): Promise<ProposalAmount> {
    const proposal = await this.get(id);
    if (!(await this.policy.isAuthor(principal.userId, proposal.id))) {
      throw forbidden('Kun forslagets forfattere kan ændre beløbet');
    }
    await this.limiter.consume(rateRules.grantWrite, principal.userId);
    await this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ status: ProposalStatus }[]>(
        `SELECT status FROM proposals WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (row?.status !== 'draft') {
        throw conflict('Beløbet kan kun ændres, mens forslaget er et udkast');
      }
      await tx.query(`UPDATE proposals SET amount_dkk = $2, updated_at = now() WHERE id = $1`, [
        id,
        body.amountDkk,
      ]);
    });
    return { proposalId: id, amountDkk: body.amountDkk };
  }

  private async listItem(
    id: string,
    tx: EntityManager = this.db.manager,
  ): Promise<ProposalListItem> {
    const rows: ProposalRow[] = await tx.query(`${proposalRows()} WHERE p.id = $1`, [id]);
    if (!rows[0]) throw notFound('Forslaget findes ikke');
    return listItem(rows[0]);
  }

  /** The proposal's forum and status, or null when there is no such proposal. */
  async find(id: string): Promise<ProposalRef | null> {
    const rows: { id: string; forum_id: string; status: ProposalStatus }[] = await this.db.query(
      `SELECT id, forum_id, status FROM proposals WHERE id = $1`,
      [id],
    );
    const row = rows[0];
    return row ? { id: row.id, forumId: row.forum_id, status: row.status } : null;
  }

  /** Like `find`, but a missing proposal is a 404. */
  async get(id: string): Promise<ProposalRef> {
    const proposal = await this.find(id);
    if (!proposal) throw notFound('Forslaget findes ikke');
    return proposal;
  }
}

function listItem(row: ProposalRow): ProposalListItem {
  return {
    id: row.id,
    forumSlug: row.forum_slug,
    // Rows rendered before the limits held in the document may be longer.
    title: clipText(row.title, PROPOSAL_TITLE_MAX),
    summary: clipText(row.summary, PROPOSAL_SUMMARY_MAX),
    status: row.status,
    authors: row.authors,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
