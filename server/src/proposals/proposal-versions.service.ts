import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ProposalVersion, ProposalVersionSummary, ProseMirrorDoc } from '@lokalforum/protocol';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import * as Y from 'yjs';
import type { Principal } from '../auth/principal';
import { conflict, forbidden, notFound } from '../common/domain-error';
import { RateLimiter } from '../common/rate-limiter';
import { rateRules } from '../common/rate-limits';
import type { ForumEventRecord } from '../events/domain-events';
import { ForumEventOutbox } from '../events/forum-event-outbox';
import { cleanBody } from './proposal-body';
import { renderProposal } from './proposal-document';
import { ProposalDocumentStore } from './proposal-document.store';
import { ProposalPolicy } from './proposal.policy';
import { ProposalsService } from './proposals.service';

interface VersionRow {
  proposal_id: string;
  number: number;
  text_sha256: string;
  frozen_by: string | null;
  frozen_by_name: string | null;
  frozen_at: Date;
  amount_dkk: number | null;
}

/** A version stored in a transaction; `frozen` is to be published once it has committed. */
export interface StoredVersion {
  number: number;
  textSha256: string;
  /** The room event for a new version (null when an equal latest version was reused). */
  frozen: ForumEventRecord<'proposal.versionFrozen'> | null;
}

interface FrozenText {
  snapshot: Uint8Array;
  rendered: ReturnType<typeof renderProposal>;
  sha256: string;
}

/** Versions with the name of who froze them; `extra` adds the heavy columns for one version. */
const versionRows = (extra = '') => `
  SELECT v.proposal_id, v.number, v.text_sha256, v.frozen_by, u.name AS frozen_by_name,
         v.frozen_at, v.amount_dkk ${extra}
    FROM proposal_versions v LEFT JOIN users u ON u.id = v.frozen_by`;

/** SHA-256 of the rendered text as UTF-8, in hex: what ballots will be pinned to. */
export function textSha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Frozen, numbered versions of a proposal's text (for votes and escalations). */
@Injectable()
export class ProposalVersionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly proposals: ProposalsService,
    private readonly policy: ProposalPolicy,
    private readonly documents: ProposalDocumentStore,
    private readonly limiter: RateLimiter,
    private readonly outbox: ForumEventOutbox,
  ) {}

  /**
   * Freezes the document as stored now (what every editor has been
   * acknowledged). A text equal to the latest version's is refused: it would
   * be the same version again, with another full snapshot.
   */
  async freeze(proposalId: string, principal: Principal): Promise<ProposalVersion> {
    const proposal = await this.proposals.get(proposalId);
    if (!(await this.policy.can(principal, 'freeze', proposal))) {
      throw forbidden('Kun medlemmer af lokalforummet kan fastfryse en version');
    }
    await this.limiter.consume(rateRules.versionFreeze, principal.userId);
    const frozen = await this.render(proposalId);
    const stored = await this.db.transaction((tx) =>
      this.store(tx, proposalId, frozen, principal.userId, 'refuseSame'),
    );
    if (stored.frozen) this.outbox.publish(stored.frozen);
    return this.get(proposalId, stored.number);
  }

  /**
   * For a vote, inside its transaction: freezes the document as stored now,
   * or, when its text is the latest version's, points at that version.
   * The caller publishes `frozen` once its transaction has committed.
   */
  async freezeForVote(
    tx: EntityManager,
    proposalId: string,
    frozenBy: string,
  ): Promise<StoredVersion> {
    const frozen = await this.render(proposalId);
    return this.store(tx, proposalId, frozen, frozenBy, 'reuseSame');
  }

  /** The document as stored now, rendered once. */
  private async render(proposalId: string): Promise<FrozenText> {
    const doc = await this.documents.loadDocument(proposalId);
    try {
      const rendered = renderProposal(doc);
      return {
        snapshot: Y.encodeStateAsUpdate(doc),
        rendered,
        sha256: textSha256(rendered.text),
      };
    } finally {
      doc.destroy();
    }
  }

  private async store(
    tx: EntityManager,
    proposalId: string,
    frozen: FrozenText,
    frozenBy: string,
    same: 'refuseSame' | 'reuseSame',
  ): Promise<StoredVersion> {
    const { rendered, sha256 } = frozen;
    // Numbers count up per proposal; the row lock makes two freezes at once take turns.
    const [forum] = await tx.query<{ id: string; slug: string; amount_dkk: number | null }[]>(
      `SELECT p.forum_id AS id, a.slug, p.amount_dkk FROM proposals p
         JOIN forums f ON f.id = p.forum_id JOIN areas a ON a.id = f.area_id
        WHERE p.id = $1 FOR UPDATE OF p`,
      [proposalId],
    );
    if (!forum) throw notFound('Forslaget findes ikke');
    const [latest] = await tx.query<
      { number: number; text_sha256: string; amount_dkk: number | null }[]
    >(
      `SELECT number, text_sha256, amount_dkk FROM proposal_versions
        WHERE proposal_id = $1 ORDER BY number DESC LIMIT 1`,
      [proposalId],
    );
    // The amount is part of what members vote on: a changed amount is a new version.
    if (latest?.text_sha256 === sha256 && latest.amount_dkk === forum.amount_dkk) {
      if (same === 'reuseSame') return { number: latest.number, textSha256: sha256, frozen: null };
      throw conflict(
        `Teksten og beløbet er de samme som i version ${latest.number}, så der er ingen ny version at fastfryse`,
      );
    }
    const number = (latest?.number ?? 0) + 1;
    const [row] = await tx.query<{ frozen_at: Date; frozen_by_name: string | null }[]>(
      `INSERT INTO proposal_versions
         (proposal_id, number, title, text, text_sha256, body_json, snapshot, frozen_by, amount_dkk)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       RETURNING frozen_at, (SELECT name FROM users WHERE id = $8) AS frozen_by_name`,
      [
        proposalId,
        number,
        rendered.title,
        rendered.text,
        sha256,
        JSON.stringify(rendered.body),
        Buffer.from(frozen.snapshot),
        frozenBy,
        forum.amount_dkk,
      ],
    );
    // Everyone on the proposal's page sees the new version in its list at once.
    const version = summary({
      proposal_id: proposalId,
      number,
      text_sha256: sha256,
      frozen_by: frozenBy,
      frozen_by_name: row!.frozen_by_name,
      frozen_at: row!.frozen_at,
      amount_dkk: forum.amount_dkk,
    });
    const event = await this.outbox.record(
      tx,
      forum,
      'proposal.versionFrozen',
      { version },
      proposalId,
    );
    return { number, textSha256: sha256, frozen: event };
  }

  async list(proposalId: string): Promise<ProposalVersionSummary[]> {
    await this.proposals.get(proposalId);
    const rows: VersionRow[] = await this.db.query(
      `${versionRows()} WHERE v.proposal_id = $1 ORDER BY v.number`,
      [proposalId],
    );
    return rows.map(summary);
  }

  async get(proposalId: string, number: number): Promise<ProposalVersion> {
    const rows: (VersionRow & {
      title: string;
      text: string;
      body_json: ProseMirrorDoc;
      snapshot: Buffer;
    })[] = await this.db.query(
      `${versionRows(', v.title, v.text, v.body_json, v.snapshot')}
        WHERE v.proposal_id = $1 AND v.number = $2`,
      [proposalId, number],
    );
    const row = rows[0];
    if (!row) throw notFound(`Forslaget har ingen version ${number}`);
    return {
      ...summary(row),
      title: row.title,
      text: row.text,
      body: cleanBody(row.body_json),
      snapshot: row.snapshot.toString('base64'),
    };
  }
}

function summary(row: VersionRow): ProposalVersionSummary {
  return {
    proposalId: row.proposal_id,
    number: row.number,
    textSha256: row.text_sha256,
    frozenBy: row.frozen_by ? { userId: row.frozen_by, name: row.frozen_by_name ?? '' } : null,
    frozenAt: row.frozen_at.toISOString(),
    amountDkk: row.amount_dkk,
  };
}
