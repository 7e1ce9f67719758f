import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { TimelineActor } from '@lokalforum/protocol';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainEventBus } from '../events/domain-event-bus';
import { JobQueue } from '../jobs/job-queue';
import { ProposalTimelineService, SYSTEM_ACTOR } from '../proposals/proposal-timeline';
import { danishDate, kroner } from './grant-balance';
import { GrantLedger } from './grant-ledger';

/** Every five minutes, once across all nodes: commits what a crash or a lost event left undone. */
const COMMITMENT_SWEEP_JOB = 'grant-commitment-sweep';

/** An adopted vote whose version asked the grant for an amount. */
export interface AdoptedAmount {
  voteId: string;
  proposalId: string;
  forumId: string;
  versionNumber: number;
  title: string;
  amountDkk: number;
}

export type CommitOutcome =
  | { kind: 'committed'; entryId: string; year: number }
  | { kind: 'already'; year: number }
  | { kind: 'refused'; availableDkk: number; year: number };

const ADOPTED_AMOUNTS = `
  SELECT vt.id AS "voteId", vt.proposal_id AS "proposalId", vt.forum_id AS "forumId",
         v.number AS "versionNumber", v.title, v.amount_dkk AS "amountDkk"
    FROM votes vt
    JOIN proposal_versions v ON v.proposal_id = vt.proposal_id AND v.number = vt.version_number
   WHERE vt.outcome = 'adopted' AND v.amount_dkk IS NOT NULL`;

/** Why an adopted amount was not committed, in the words the timeline shows. */
export function refusalReason(amountDkk: number, availableDkk: number, year: number): string {
  return (
    `Tilskuddet rækker ikke: forslaget beder om ${kroner(amountDkk)}, men der er kun ` +
    `${kroner(availableDkk)} til rådighed i ${year}. Beløbet er ikke bundet; en kontaktperson ` +
    `kan binde det, når der er penge.`
  );
}

/**
 * Spending the grant is a forum decision: when a vote adopts a version that
 * asks for an amount, the amount is committed in the ledger, in one
 * transaction with the forum's ledger locked, so two adoptions racing for
 * the last money take turns and the second sees what the first took. A
 * commitment the money does not cover is refused and the refusal goes on the
 * proposal's timeline. The unique commitment per proposal makes a retry a
 * no-op; the sweep (at boot and every five minutes) catches an adoption
 * whose event was lost in a crash between the vote's commit and this one.
 */
@Injectable()
export class GrantCommitments implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('GrantCommitments');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ledger: GrantLedger,
    private readonly timeline: ProposalTimelineService,
    private readonly events: DomainEventBus,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    // Once across nodes: the node that closed the vote commits it.
    this.events.onLocal('vote.closed', ({ voteId, outcome }) =>
      outcome === 'adopted' ? this.commitVote(voteId).then(() => undefined) : undefined,
    );
    this.jobs.register(COMMITMENT_SWEEP_JOB, () => this.sweep(), {
      runs: { kind: 'every', seconds: 300 },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.sweep().catch((err: unknown) =>
      this.logger.error('Committing adopted amounts at boot failed', err),
    );
  }

  /** Every adopted amount with neither a commitment nor a recorded refusal. */
  async sweep(): Promise<void> {
    const pending = await this.db.query<{ voteId: string }[]>(
      `${ADOPTED_AMOUNTS}
         AND NOT EXISTS (SELECT 1 FROM grant_ledger_entries e
                          WHERE e.proposal_id = vt.proposal_id AND e.kind = 'commitment')
         AND NOT EXISTS (SELECT 1 FROM proposal_timeline t
                          WHERE t.proposal_id = vt.proposal_id AND t.kind = 'grantRefused'
                            AND t.data->>'voteId' = vt.id::text)`,
    );
    for (const { voteId } of pending) await this.commitVote(voteId);
  }

  /**
   * The automatic commitment of an adopted vote's amount (null: it asked for
   * none). A refusal is recorded on the timeline once per vote, and the
   * proposal's authors and the forum's contact persons are told of it then.
   */
  async commitVote(voteId: string): Promise<CommitOutcome | null> {
    const [adopted] = await this.db.query<AdoptedAmount[]>(`${ADOPTED_AMOUNTS} AND vt.id = $1`, [
      voteId,
    ]);
    if (!adopted) return null;
    const { outcome, newlyRefused } = await this.db.transaction(async (tx) => {
      const outcome = await this.commit(tx, adopted, SYSTEM_ACTOR, null);
      if (outcome.kind !== 'refused') return { outcome, newlyRefused: false };
      const [refusedBefore] = await tx.query<unknown[]>(
        `SELECT 1 FROM proposal_timeline
          WHERE proposal_id = $1 AND kind = 'grantRefused' AND data->>'voteId' = $2`,
        [adopted.proposalId, voteId],
      );
      if (refusedBefore) return { outcome, newlyRefused: false };
      await this.timeline.record(tx, {
        proposalId: adopted.proposalId,
        kind: 'grantRefused',
        actor: SYSTEM_ACTOR,
        reason: refusalReason(adopted.amountDkk, outcome.availableDkk, outcome.year),
        data: {
          voteId,
          amountDkk: adopted.amountDkk,
          availableDkk: outcome.availableDkk,
          budgetYear: outcome.year,
          versionNumber: adopted.versionNumber,
        },
      });
      return { outcome, newlyRefused: true };
    });
    if (newlyRefused && outcome.kind === 'refused') {
      this.events.publish('grant.refused', {
        proposalId: adopted.proposalId,
        forumId: adopted.forumId,
        amountDkk: adopted.amountDkk,
        availableDkk: outcome.availableDkk,
        budgetYear: outcome.year,
      });
    }
    return outcome;
  }

  /** The forum's adopted amounts that have no commitment (refused, or not yet swept). */
  async uncommitted(tx: EntityManager, forumId: string): Promise<AdoptedAmount[]> {
    return tx.query<AdoptedAmount[]>(
      `${ADOPTED_AMOUNTS} AND vt.forum_id = $1
         AND NOT EXISTS (SELECT 1 FROM grant_ledger_entries e
                          WHERE e.proposal_id = vt.proposal_id AND e.kind = 'commitment')
       ORDER BY vt.closed_at`,
      [forumId],
    );
  }

  /** The latest adopted vote of a proposal with its amount, if it asked for one. */
  async adoptedAmountOf(proposalId: string): Promise<AdoptedAmount | null> {
    const [row] = await this.db.query<AdoptedAmount[]>(
      `${ADOPTED_AMOUNTS} AND vt.proposal_id = $1 ORDER BY vt.closed_at DESC LIMIT 1`,
      [proposalId],
    );
    return row ?? null;
  }

  /**
   * Commits `adopted` in `tx` unless the proposal already has a commitment:
   * locks the forum's ledger, makes sure this year's grant is there, and
   * refuses when what is available does not cover the amount.
   */
  async commit(
    tx: EntityManager,
    adopted: AdoptedAmount,
    actor: TimelineActor,
    recordedBy: { userId: string; name: string } | null,
  ): Promise<CommitOutcome> {
    const basis = await this.ledger.lock(tx, adopted.forumId);
    const today = danishDate(this.clock.now());
    const [existing] = await tx.query<{ budget_year: number }[]>(
      `SELECT budget_year FROM grant_ledger_entries WHERE proposal_id = $1 AND kind = 'commitment'`,
      [adopted.proposalId],
    );
    if (existing) return { kind: 'already', year: existing.budget_year };
    await this.ledger.ensureGrant(tx, basis, today.year);
    const { availableDkk } = await this.ledger.figures(tx, basis, today.year);
    if (availableDkk < adopted.amountDkk) {
      return { kind: 'refused', availableDkk, year: today.year };
    }
    const entryId = await this.ledger.insert(tx, {
      forumId: adopted.forumId,
      budgetYear: today.year,
      kind: 'commitment',
      amountDkk: adopted.amountDkk,
      purpose: `Vedtaget forslag: ${adopted.title}`.slice(0, 500),
      occurredOn: today.date,
      proposalId: adopted.proposalId,
      voteId: adopted.voteId,
      recordedBy,
    });
    await this.timeline.record(tx, {
      proposalId: adopted.proposalId,
      kind: 'grantCommitted',
      actor,
      data: {
        entryId,
        amountDkk: adopted.amountDkk,
        budgetYear: today.year,
        versionNumber: adopted.versionNumber,
      },
    });
    return { kind: 'committed', entryId, year: today.year };
  }
}
