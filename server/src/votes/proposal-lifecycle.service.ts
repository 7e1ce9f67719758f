import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  LifecyclePermissions,
  ProposalLifecycle,
  ProposalStatus,
  ProposalTimeline,
} from '@lokalforum/protocol';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { conflict, forbidden } from '../common/domain-error';
import {
  closesVotes,
  type ForumRoles,
  ForumPolicy,
  NO_FORUM_ROLES,
  opensVotes,
  votesIn,
} from '../forums/forum-policy';
import { ForumRulesService } from '../forums/forum-rules.service';
import { canMove, type LifecycleRole } from '../proposals/proposal-lifecycle';
import { ProposalTimelineService } from '../proposals/proposal-timeline';
import { ProposalsService } from '../proposals/proposals.service';
import { actorOf } from './actor';

const DAY_MS = 86_400_000;

/** What the lifecycle's rules need to know about a person and a proposal. */
interface LifecycleFacts {
  status: ProposalStatus;
  roles: ForumRoles;
  isAuthor: boolean;
  rules: { authorsMayOpenVotes: boolean; votingDays: number };
  /** The latest vote, if it is open. */
  openVote: { openedAt: Date; membersBeforeVoteOnly: boolean } | null;
}

/** The person's parts in the state machine (`canMove`). */
function lifecycleRoles(facts: LifecycleFacts): LifecycleRole[] {
  const roles: LifecycleRole[] = [];
  if (facts.isAuthor) roles.push('author');
  if (facts.roles.isContactPerson) roles.push('contactPerson');
  return roles;
}

/** Every lifecycle step a person may take now, from the state machine and the forum policy. */
export function lifecyclePermissions(facts: LifecycleFacts): LifecyclePermissions {
  const roles = lifecycleRoles(facts);
  const may = (to: ProposalStatus) => canMove(facts.status, to, roles, facts.rules);
  return {
    openVote: may('voting') && opensVotes(facts.roles, facts.rules, facts.isAuthor),
    closeVote: facts.status === 'voting' && facts.openVote !== null && closesVotes(facts.roles),
    vote: facts.openVote !== null && votesIn(facts.roles, facts.openVote),
    withdraw: may('withdrawn'),
    redraft: may('draft'),
  };
}

/**
 * A proposal's steps outside the vote itself: withdrawing a draft (its
 * authors), taking a proposal that was not adopted back to draft for another
 * round (its authors or a contact person), what a person may do now, and the
 * public timeline.
 */
@Injectable()
export class ProposalLifecycleService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly proposals: ProposalsService,
    private readonly policy: ForumPolicy,
    private readonly rules: ForumRulesService,
    private readonly timeline: ProposalTimelineService,
  ) {}

  async lifecycle(proposalId: string, viewer: Principal | null): Promise<ProposalLifecycle> {
    const facts = await this.facts(proposalId, viewer);
    return {
      proposalId,
      status: facts.status,
      permissions: lifecyclePermissions(facts),
      defaultClosesAt: new Date(Date.now() + facts.rules.votingDays * DAY_MS).toISOString(),
    };
  }

  /** An author withdraws their draft; it stays readable, with the reason on the timeline. */
  async withdraw(
    proposalId: string,
    principal: Principal,
    reason: string | null,
  ): Promise<ProposalLifecycle> {
    const facts = await this.facts(proposalId, principal);
    if (!lifecyclePermissions(facts).withdraw) {
      if (!facts.isAuthor) throw forbidden('Kun forslagets forfattere kan trække det tilbage');
      throw conflict('Kun en kladde kan trækkes tilbage');
    }
    await this.moveTo(proposalId, 'withdrawn', principal, facts, reason);
    return this.lifecycle(proposalId, principal);
  }

  /** A proposal that was not adopted becomes a draft again, for a new text and a new vote. */
  async redraft(
    proposalId: string,
    principal: Principal,
    reason: string | null,
  ): Promise<ProposalLifecycle> {
    const facts = await this.facts(proposalId, principal);
    if (!lifecyclePermissions(facts).redraft) {
      if (!facts.isAuthor && !facts.roles.isContactPerson) {
        throw forbidden('Kun forslagets forfattere og lokalforummets kontaktpersoner kan det');
      }
      throw conflict('Kun et forslag, der ikke blev vedtaget, kan blive en kladde igen');
    }
    await this.moveTo(proposalId, 'draft', principal, facts, reason);
    return this.lifecycle(proposalId, principal);
  }

  async publicTimeline(proposalId: string): Promise<ProposalTimeline> {
    await this.proposals.get(proposalId);
    return { proposalId, entries: await this.timeline.list(proposalId) };
  }

  private async moveTo(
    proposalId: string,
    to: ProposalStatus,
    principal: Principal,
    facts: LifecycleFacts,
    reason: string | null,
  ): Promise<void> {
    // `expected` makes a move that raced another one (a vote opening) a clear 409.
    const moved = await this.db.transaction((tx) =>
      this.proposals.move(tx, proposalId, to, {
        actor: actorOf(principal, facts.roles),
        reason,
        expected: [facts.status],
      }),
    );
    moved.announce();
  }

  private async facts(proposalId: string, viewer: Principal | null): Promise<LifecycleFacts> {
    const proposal = await this.proposals.get(proposalId);
    const [roles, rules, authorRows, voteRows] = await Promise.all([
      viewer ? this.policy.roles(viewer, proposal.forumId) : NO_FORUM_ROLES,
      this.rules.of(proposal.forumId),
      viewer
        ? this.db.query<unknown[]>(
            `SELECT 1 FROM proposal_authors WHERE proposal_id = $1 AND user_id = $2`,
            [proposalId, viewer.userId],
          )
        : [],
      this.db.query<{ opened_at: Date; members_before_vote_only: boolean }[]>(
        `SELECT opened_at, members_before_vote_only FROM votes
          WHERE proposal_id = $1 AND closed_at IS NULL`,
        [proposalId],
      ),
    ]);
    const open = voteRows[0];
    return {
      status: proposal.status,
      roles,
      isAuthor: authorRows.length > 0,
      rules,
      openVote: open
        ? { openedAt: open.opened_at, membersBeforeVoteOnly: open.members_before_vote_only }
        : null,
    };
  }
}
