import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  ForumBudget,
  RecordPaymentBody,
  ReleaseCommitmentBody,
  TimelineActor,
} from '@lokalforum/protocol';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { DomainError, conflict, forbidden, notFound } from '../common/domain-error';
import { RateLimiter } from '../common/rate-limiter';
import { rateRules } from '../common/rate-limits';
import { ForumsService } from '../forums/forums.service';
import { ProposalsService } from '../proposals/proposals.service';
import { danishDate, kroner } from './grant-balance';
import { GrantCommitments, refusalReason } from './grant-commitments';
import { GrantLedger } from './grant-ledger';
import { GrantPolicy, mayRecord } from './grant.policy';

interface CommitmentRow {
  id: string;
  forum_id: string;
  budget_year: number;
  amount_dkk: number;
  proposal_id: string;
  settled_dkk: number;
}

const badDate = (message: string) =>
  new DomainError(400, 'validation_failed', message, [{ path: 'paidOn', message }]);

const isUniqueViolation = (err: unknown) =>
  typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';

/** A real calendar day (zod checks the shape; 2026-02-30 has the shape too). */
function isCalendarDay(day: string): boolean {
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === day;
}

/**
 * The area grant (områdetilskud) of each forum: its public budget, and what
 * contact persons record in its ledger — payments made against commitments,
 * a commitment's unspent rest released, a refused commitment retried.
 */
@Injectable()
export class GrantsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly forums: ForumsService,
    private readonly proposals: ProposalsService,
    private readonly ledger: GrantLedger,
    private readonly commitments: GrantCommitments,
    private readonly policy: GrantPolicy,
    private readonly limiter: RateLimiter,
    private readonly clock: Clock,
  ) {}

  async budget(slug: string, year: number | undefined, viewer: Principal | null) {
    const forumId = await this.forums.idOf(slug);
    return this.view(forumId, year ?? danishDate(this.clock.now()).year, viewer);
  }

  /** A contact person commits an adopted proposal's amount (after a refusal, when there is money). */
  async commitProposal(proposalId: string, principal: Principal): Promise<ForumBudget> {
    const proposal = await this.proposals.get(proposalId);
    const facts = await this.policy.facts(principal, proposal.forumId);
    if (!mayRecord(facts)) throw forbidden('Kun forummets kontaktpersoner kan binde tilskud');
    await this.limiter.consume(rateRules.grantWrite, principal.userId);
    const adopted = await this.commitments.adoptedAmountOf(proposalId);
    if (!adopted) {
      throw conflict('Kun et vedtaget forslag, der beder om et beløb, kan få bundet tilskud');
    }
    const actor: TimelineActor = {
      userId: principal.userId,
      name: principal.name,
      // An administrator acts for the municipality, as the server itself does.
      role: facts.isContactPerson ? 'contactPerson' : 'system',
    };
    const outcome = await this.db.transaction((tx) =>
      this.commitments.commit(tx, adopted, actor, principal),
    );
    if (outcome.kind === 'already') throw conflict('Forslagets beløb er allerede bundet');
    if (outcome.kind === 'refused') {
      throw conflict(refusalReason(adopted.amountDkk, outcome.availableDkk, outcome.year));
    }
    return this.view(proposal.forumId, outcome.year, principal);
  }

  async recordPayment(
    commitmentId: string,
    principal: Principal,
    body: RecordPaymentBody,
  ): Promise<ForumBudget> {
    const commitment = await this.mayRecordOn(commitmentId, principal);
    if (!isCalendarDay(body.paidOn)) throw badDate('Datoen findes ikke i kalenderen');
    if (body.paidOn > danishDate(this.clock.now()).date) {
      throw badDate('En betaling registreres, når den er sket: datoen ligger i fremtiden');
    }
    await this.settle(commitment, body.requestId, async (tx, outstanding) => {
      if (body.amountDkk > outstanding) {
        throw conflict(
          `Betalingen på ${kroner(body.amountDkk)} er større end de ${kroner(outstanding)}, ` +
            `der er tilbage af bevillingen`,
        );
      }
      await this.ledger.insert(tx, {
        forumId: commitment.forum_id,
        budgetYear: commitment.budget_year,
        kind: 'payment',
        amountDkk: body.amountDkk,
        purpose: body.note,
        occurredOn: body.paidOn,
        proposalId: commitment.proposal_id,
        commitmentId,
        requestId: body.requestId,
        recordedBy: principal,
      });
    });
    return this.view(commitment.forum_id, commitment.budget_year, principal);
  }

  /** Gives what a commitment has not paid back to the forum's grant (the project cost less). */
  async release(
    commitmentId: string,
    principal: Principal,
    body: ReleaseCommitmentBody,
  ): Promise<ForumBudget> {
    const commitment = await this.mayRecordOn(commitmentId, principal);
    const today = danishDate(this.clock.now()).date;
    await this.settle(commitment, body.requestId, async (tx, outstanding) => {
      if (outstanding === 0) throw conflict('Der er intet tilbage af bevillingen at frigive');
      await this.ledger.insert(tx, {
        forumId: commitment.forum_id,
        budgetYear: commitment.budget_year,
        kind: 'release',
        amountDkk: outstanding,
        purpose: body.note ?? 'Den ubrugte rest af bevillingen er frigivet',
        occurredOn: today,
        proposalId: commitment.proposal_id,
        commitmentId,
        requestId: body.requestId,
        recordedBy: principal,
      });
    });
    return this.view(commitment.forum_id, commitment.budget_year, principal);
  }

  /** The commitment, once the person is known to be one who may record on its forum. */
  private async mayRecordOn(commitmentId: string, principal: Principal): Promise<CommitmentRow> {
    const commitment = await this.commitment(this.db.manager, commitmentId);
    if (!(await this.policy.mayRecord(principal, commitment.forum_id))) {
      throw forbidden('Kun forummets kontaktpersoner kan registrere betalinger');
    }
    await this.limiter.consume(rateRules.grantWrite, principal.userId);
    return commitment;
  }

  /** Runs `write` with the ledger locked, what is outstanding read after the lock. */
  private async settle(
    commitment: CommitmentRow,
    requestId: string,
    write: (tx: EntityManager, outstanding: number) => Promise<void>,
  ): Promise<void> {
    const sent = () => conflict('Det er allerede registreret (formularen blev sendt to gange)');
    await this.db
      .transaction(async (tx) => {
        await this.ledger.lock(tx, commitment.forum_id);
        const [again] = await tx.query<unknown[]>(
          `SELECT 1 FROM grant_ledger_entries WHERE request_id = $1`,
          [requestId],
        );
        if (again) throw sent();
        const now = await this.commitment(tx, commitment.id);
        await write(tx, now.amount_dkk - now.settled_dkk);
      })
      .catch((err: unknown) => {
        if (isUniqueViolation(err)) throw sent();
        throw err;
      });
  }

  private async commitment(tx: EntityManager, id: string): Promise<CommitmentRow> {
    const [row] = await tx.query<CommitmentRow[]>(
      `SELECT e.id, e.forum_id, e.budget_year, e.amount_dkk, e.proposal_id,
              COALESCE((SELECT sum(s.amount_dkk) FROM grant_ledger_entries s
                         WHERE s.commitment_id = e.id), 0)::int AS settled_dkk
         FROM grant_ledger_entries e WHERE e.id = $1 AND e.kind = 'commitment'`,
      [id],
    );
    if (!row) throw notFound('Bevillingen findes ikke');
    return row;
  }

  /** One year's budget, its figures and entries read from one snapshot. */
  private async view(
    forumId: string,
    year: number,
    viewer: Principal | null,
  ): Promise<ForumBudget> {
    const basis = await this.ledger.basis(forumId);
    const [forum] = await this.db.query<{ slug: string; name: string }[]>(
      `SELECT a.slug, f.name FROM forums f JOIN areas a ON a.id = f.area_id WHERE f.id = $1`,
      [forumId],
    );
    const { figures, entries, uncommitted } = await this.db.transaction(
      'REPEATABLE READ',
      async (tx) => ({
        figures: await this.ledger.figures(tx, basis, year),
        entries: await this.ledger.entries(tx, forumId, year),
        uncommitted: await this.commitments.uncommitted(tx, forumId),
      }),
    );
    return {
      forumSlug: forum!.slug,
      forumName: forum!.name,
      year,
      ...figures,
      basis: {
        baseDkk: basis.baseDkk,
        perInhabitantDkk: basis.perInhabitantDkk,
        population: basis.population,
        baseOnly: basis.population === null,
        carryOver: basis.carryOver,
      },
      entries,
      uncommitted: uncommitted.map((u) => ({
        proposal: { id: u.proposalId, title: u.title },
        amountDkk: u.amountDkk,
      })),
      permissions: { record: await this.policy.mayRecord(viewer, forumId) },
    };
  }
}
