import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type ApplicationStatus,
  type ApplicationStep,
  applicationSteps,
  type ApplyBody,
  budgetTotal,
  type PoolApplication,
  type ProposalApplications,
  type ProposalStatus,
  requestedAmount,
  ruleProblem,
} from '@lokalforum/protocol';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { conflict, DomainError, forbidden, notFound } from '../common/domain-error';
import { RateLimiter } from '../common/rate-limiter';
import { rateRules } from '../common/rate-limits';
import { DomainEventBus } from '../events/domain-event-bus';
import { ProposalTimelineService } from '../proposals/proposal-timeline';
import { ProposalsService } from '../proposals/proposals.service';
import {
  actorRole,
  type ApplicationFacts,
  isApplicantSide,
  mayTakeStep,
  PoolPolicy,
  stepsAllowed,
} from './pool.policy';
import {
  applicationRow,
  applicationRows,
  applicationSummary,
  applicationView,
  budgetLines,
  poolRow,
  rulesOf,
} from './pool-rows';

/** A proposal that a vote adopted, whatever has happened to it since. */
const ADOPTED: readonly ProposalStatus[] = ['adopted', 'escalated', 'answered', 'closed'];

/** Each status as the Danish messages name it. */
const statusName: Record<ApplicationStatus, string> = {
  received: 'modtaget',
  under_review: 'under behandling',
  granted: 'bevilget',
  declined: 'afslået',
  paid: 'udbetalt',
  reported: 'afrapporteret',
};

const STAFF_ONLY =
  'Kun områdets fælles-skaber, en proceskonsulent eller en administrator kan behandle ansøgningen';
const APPLICANT_SIDE_ONLY =
  'Kun forslagets forfattere og forummets kontaktpersoner kan søge og afrapportere';

/** What each step writes besides its status and time. */
export type StepInput =
  | { step: 'review' | 'pay' }
  | { step: 'grant'; grantedDkk: number; note?: string }
  | { step: 'decline'; reason: string }
  | { step: 'report'; text: string };

const isUniqueViolation = (err: unknown) =>
  typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';

/**
 * Applications to municipal pools from adopted proposals, and their steps:
 * received → under review → granted / declined → paid → reported back. Each
 * is one transaction with its entry on the proposal's timeline; a step is an
 * `UPDATE … WHERE status = <the one it needs>`, so of two people taking the
 * same step at once one wins and the other gets 409. Applications are public:
 * it is municipal money, like the decisions.
 */
@Injectable()
export class PoolApplicationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly limiter: RateLimiter,
    private readonly proposals: ProposalsService,
    private readonly policy: PoolPolicy,
    private readonly timeline: ProposalTimelineService,
    private readonly events: DomainEventBus,
  ) {}

  async ofProposal(proposalId: string, viewer: Principal | null): Promise<ProposalApplications> {
    const proposal = await this.proposals.get(proposalId);
    const facts = await this.policy.facts(viewer, proposal);
    const adopted = ADOPTED.includes(proposal.status);
    const sealed = adopted ? await sealedVersion(this.db.manager, proposalId) : null;
    const rows = await applicationRows(this.db.manager, 'proposal', proposalId);
    return {
      proposalId,
      mayApply: adopted && sealed !== null && isApplicantSide(facts),
      sealed: sealed && { versionNumber: sealed.number, title: sealed.title, text: sealed.text },
      applications: rows.map(applicationSummary),
    };
  }

  async get(id: string, viewer: Principal | null): Promise<PoolApplication> {
    const row = await applicationRow(this.db.manager, id);
    if (!row) throw notFound('Ansøgningen findes ikke');
    const facts = await this.policy.facts(viewer, { id: row.proposal_id, forumId: row.forum_id });
    const next = (step: ApplicationStep) => applicationSteps[step].from === row.status;
    return applicationView(row, await budgetLines(this.db.manager, id), stepsAllowed(facts, next));
  }

  async apply(slug: string, principal: Principal, body: ApplyBody): Promise<PoolApplication> {
    const proposal = await this.proposals.get(body.proposalId);
    const facts = await this.policy.facts(principal, proposal);
    if (!isApplicantSide(facts)) throw forbidden(APPLICANT_SIDE_ONLY);
    if (!ADOPTED.includes(proposal.status)) {
      throw conflict('Kun et vedtaget forslag kan søge en pulje');
    }
    await this.limiter.consume(rateRules.poolApply, principal.userId);
    const id = await this.db
      .transaction(async (tx) => {
        // The pool's row is locked: a change to its rules or its closing waits for this.
        const pool = await poolRow(tx, slug, true);
        if (!pool) throw notFound('Puljen findes ikke');
        const [area] = await tx.query<{ slug: string }[]>(
          `SELECT a.slug FROM forums f JOIN areas a ON a.id = f.area_id WHERE f.id = $1`,
          [proposal.forumId],
        );
        const problem = ruleProblem(
          rulesOf(pool),
          { ...body, areaSlug: area?.slug ?? '' },
          this.clock.now(),
        );
        if (problem) {
          if ('path' in problem) {
            throw new DomainError(400, 'validation_failed', problem.message, [
              { path: problem.path, message: problem.message },
            ]);
          }
          throw problem.status === 403 ? forbidden(problem.message) : conflict(problem.message);
        }
        const [live] = await tx.query<{ id: string }[]>(
          `SELECT id FROM pool_applications
            WHERE pool_id = $1 AND proposal_id = $2 AND status <> 'declined'`,
          [pool.id, proposal.id],
        );
        if (live) throw alreadyApplied();
        const sealed = await sealedVersion(tx, proposal.id);
        if (!sealed) throw conflict('Forslaget har ingen vedtaget version at søge ud fra');
        const requested = requestedAmount(body, pool.volunteer_hour_rate_dkk);
        const [row] = await tx.query<{ id: string }[]>(
          `INSERT INTO pool_applications (pool_id, proposal_id, forum_id, applicant_id,
             version_number, version_sha256, title, text, own_funding_dkk, volunteer_hours,
             volunteer_hour_rate_dkk, total_dkk, requested_dkk, declarations)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
          [
            pool.id,
            proposal.id,
            proposal.forumId,
            principal.userId,
            sealed.number,
            sealed.text_sha256,
            body.title,
            body.text,
            body.ownFundingDkk,
            body.volunteerHours,
            pool.volunteer_hour_rate_dkk,
            budgetTotal(body),
            requested,
            [...new Set(body.declarations)],
          ],
        );
        const applicationId = row!.id;
        for (const [position, line] of body.lines.entries()) {
          await tx.query(
            `INSERT INTO pool_application_lines (application_id, position, description, amount_dkk)
             VALUES ($1, $2, $3, $4)`,
            [applicationId, position, line.description, line.amountDkk],
          );
        }
        await this.record(tx, principal, facts, 'apply', {
          applicationId,
          proposalId: proposal.id,
          poolSlug: pool.slug,
          poolName: pool.name,
          status: 'received',
          amountDkk: requested,
          text: null,
        });
        return applicationId;
      })
      .catch((err: unknown) => {
        // Two submissions at once: the partial unique index lets one in.
        if (isUniqueViolation(err)) throw alreadyApplied();
        throw err;
      });
    this.announce(id, proposal.id, proposal.forumId, 'received', principal.userId);
    return this.get(id, principal);
  }

  async step(id: string, principal: Principal, input: StepInput): Promise<PoolApplication> {
    const row = await applicationRow(this.db.manager, id);
    if (!row) throw notFound('Ansøgningen findes ikke');
    const facts = await this.policy.facts(principal, {
      id: row.proposal_id,
      forumId: row.forum_id,
    });
    if (!mayTakeStep(input.step, facts)) {
      throw forbidden(input.step === 'report' ? APPLICANT_SIDE_ONLY : STAFF_ONLY);
    }
    await this.limiter.consume(rateRules.poolStep, principal.userId);
    const { from, to } = applicationSteps[input.step];
    if (input.step === 'grant' && input.grantedDkk > row.requested_dkk) {
      const message = `Der kan højst bevilges det ansøgte beløb, ${row.requested_dkk.toLocaleString('da-DK')} kr.`;
      throw new DomainError(400, 'validation_failed', message, [{ path: 'grantedDkk', message }]);
    }
    const set = stepColumns(input);
    await this.db.transaction(async (tx) => {
      const moved = await tx.query<{ id: string }[]>(
        // Through a CTE: TypeORM answers a bare UPDATE … RETURNING with [rows, count].
        `WITH moved AS (UPDATE pool_applications SET status = $3, ${set.sql}
                         WHERE id = $1 AND status = $2 RETURNING id)
         SELECT id FROM moved`,
        [id, from, to, ...set.params],
      );
      if (moved.length === 0) {
        const [now] = await tx.query<{ status: ApplicationStatus }[]>(
          `SELECT status FROM pool_applications WHERE id = $1`,
          [id],
        );
        throw conflict(
          `Ansøgningen er ${statusName[now?.status ?? row.status]}; det kan kun gøres, når den er ${statusName[from]}`,
        );
      }
      await this.record(tx, principal, facts, input.step, {
        applicationId: id,
        proposalId: row.proposal_id,
        poolSlug: row.pool_slug,
        poolName: row.pool_name,
        status: to,
        amountDkk: input.step === 'grant' ? input.grantedDkk : null,
        text:
          input.step === 'decline'
            ? input.reason
            : input.step === 'report'
              ? input.text
              : input.step === 'grant'
                ? (input.note ?? null)
                : null,
      });
    });
    this.announce(id, row.proposal_id, row.forum_id, to, principal.userId);
    return this.get(id, principal);
  }

  private record(
    tx: EntityManager,
    principal: Principal,
    facts: ApplicationFacts,
    step: ApplicationStep | 'apply',
    entry: {
      applicationId: string;
      proposalId: string;
      poolSlug: string;
      poolName: string;
      status: ApplicationStatus;
      amountDkk: number | null;
      text: string | null;
    },
  ): Promise<void> {
    const { proposalId, ...data } = entry;
    return this.timeline.record(tx, {
      proposalId,
      kind: 'poolApplication',
      actor: { userId: principal.userId, name: principal.name, role: actorRole(step, facts) },
      data,
    });
  }

  private announce(
    applicationId: string,
    proposalId: string,
    forumId: string,
    status: ApplicationStatus,
    actorId: string,
  ): void {
    this.events.publish('poolApplication.changed', {
      applicationId,
      proposalId,
      forumId,
      status,
      actorId,
    });
  }
}

const alreadyApplied = () =>
  conflict('Forslaget har allerede en ansøgning til denne pulje, der ikke er afslået');

/** The columns a step sets, after `status` (its parameters start at $4). */
function stepColumns(input: StepInput): { sql: string; params: unknown[] } {
  switch (input.step) {
    case 'review':
      return { sql: 'reviewed_at = now()', params: [] };
    case 'grant':
      return {
        sql: 'decided_at = now(), granted_dkk = $4, grant_note = $5',
        params: [input.grantedDkk, input.note || null],
      };
    case 'decline':
      return { sql: 'decided_at = now(), decline_reason = $4', params: [input.reason] };
    case 'pay':
      return { sql: 'paid_at = now()', params: [] };
    case 'report':
      return { sql: 'reported_at = now(), report_text = $4', params: [input.text] };
  }
}

/** The version the adopting vote was on (the latest adopted, if there were several rounds). */
async function sealedVersion(
  tx: EntityManager,
  proposalId: string,
): Promise<{ number: number; title: string; text: string; text_sha256: string } | null> {
  const [row] = await tx.query<
    { number: number; title: string; text: string; text_sha256: string }[]
  >(
    `SELECT pv.number, pv.title, pv.text, pv.text_sha256
       FROM votes v JOIN proposal_versions pv
         ON pv.proposal_id = v.proposal_id AND pv.number = v.version_number
      WHERE v.proposal_id = $1 AND v.outcome = 'adopted'
      ORDER BY v.closed_at DESC, v.id LIMIT 1`,
    [proposalId],
  );
  return row ?? null;
}
