import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CollabPresenceRole, ProposalStatus, StaffKind } from '@lokalforum/protocol';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';

export type ProposalAction = 'read' | 'edit' | 'freeze';

/** What the rules depend on, gathered before they are applied. */
export interface ProposalFacts {
  signedIn: boolean;
  /** Member of the proposal's lokalforum. */
  isMember: boolean;
  status: ProposalStatus;
}

/**
 * The rules, free of I/O: anyone reads a proposal; members of its forum edit
 * it while it is a draft and may freeze its text as a version.
 */
export function proposalAllows(action: ProposalAction, facts: ProposalFacts): boolean {
  switch (action) {
    case 'read':
      return true;
    case 'edit':
      return facts.signedIn && facts.isMember && facts.status === 'draft';
    case 'freeze':
      return facts.signedIn && facts.isMember;
  }
}

/** What a person's badge beside a proposal depends on. */
export interface ParticipantFacts {
  staff: StaffKind | null;
  isContactPerson: boolean;
  isMember: boolean;
}

/** The badge beside a person's name in a proposal: staff by kind, contact person, member, visitor. */
export function participantRole(facts: ParticipantFacts): CollabPresenceRole {
  if (facts.staff) return facts.staff;
  if (facts.isContactPerson) return 'contactPerson';
  return facts.isMember ? 'member' : 'visitor';
}

/** The one place that says who may do what with a proposal (REST, sockets and /collab alike). */
@Injectable()
export class ProposalPolicy {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async can(
    principal: Principal | null,
    action: ProposalAction,
    proposal: { forumId: string; status: ProposalStatus },
  ): Promise<boolean> {
    if (action === 'read') return proposalAllows(action, this.guestFacts(proposal));
    return proposalAllows(action, await this.facts(principal, proposal));
  }

  /** Every action at once, with one look-up (for showing a person what they may do). */
  async permissions(
    principal: Principal | null,
    proposal: { forumId: string; status: ProposalStatus },
  ): Promise<Record<'edit' | 'freeze', boolean>> {
    const facts = await this.facts(principal, proposal);
    return { edit: proposalAllows('edit', facts), freeze: proposalAllows('freeze', facts) };
  }

  /**
   * What a signed-in person may do in a proposal's live document, and the
   * badge others see beside their name there, with one look-up.
   */
  async participation(
    principal: Principal,
    proposal: { forumId: string; status: ProposalStatus },
  ): Promise<{ canEdit: boolean; role: CollabPresenceRole }> {
    const [facts] = await this.db.query<[ParticipantFacts]>(
      `SELECT (SELECT kind FROM staff WHERE user_id = $2) AS staff,
              EXISTS (SELECT 1 FROM contact_persons WHERE forum_id = $1 AND user_id = $2)
                AS "isContactPerson",
              EXISTS (SELECT 1 FROM memberships WHERE forum_id = $1 AND user_id = $2)
                AS "isMember"`,
      [proposal.forumId, principal.userId],
    );
    const canEdit = proposalAllows('edit', {
      signedIn: true,
      isMember: facts.isMember,
      status: proposal.status,
    });
    return { canEdit, role: participantRole(facts) };
  }

  /** Starting a proposal is for members of the forum. */
  canStart(principal: Principal, forumId: string): Promise<boolean> {
    return this.isMember(principal.userId, forumId);
  }

  /** Whether the person is one of the proposal's authors (they set what it asks of the grant). */
  async isAuthor(userId: string, proposalId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM proposal_authors WHERE proposal_id = $1 AND user_id = $2`,
      [proposalId, userId],
    );
    return rows.length > 0;
  }

  private guestFacts(proposal: { status: ProposalStatus }): ProposalFacts {
    return { signedIn: false, isMember: false, status: proposal.status };
  }

  private async facts(
    principal: Principal | null,
    proposal: { forumId: string; status: ProposalStatus },
  ): Promise<ProposalFacts> {
    if (!principal) return this.guestFacts(proposal);
    return {
      signedIn: true,
      isMember: await this.isMember(principal.userId, proposal.forumId),
      status: proposal.status,
    };
  }

  private async isMember(userId: string, forumId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM memberships WHERE forum_id = $1 AND user_id = $2`,
      [forumId, userId],
    );
    return rows.length > 0;
  }
}
