import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { StaffKind } from '@lokalforum/protocol';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { forbidden, unauthenticated } from '../common/domain-error';

export const MODERATORS_ONLY =
  'Kun lokalforummets kontaktpersoner og kommunens medarbejdere kan moderere';

/** A person's roles as they bear on one forum. */
export interface ForumRoles {
  staff: StaffKind | null;
  isAdministrator: boolean;
  /** kontaktperson of this forum. */
  isContactPerson: boolean;
  /** The fælles-skaber of this forum's area. */
  coversArea: boolean;
  isMember: boolean;
  /** When they joined, if they are a member. */
  joinedAt: Date | null;
}

export const NO_FORUM_ROLES: ForumRoles = {
  staff: null,
  isAdministrator: false,
  isContactPerson: false,
  coversArea: false,
  isMember: false,
  joinedAt: null,
};

/**
 * Who moderates a forum: its contact persons, the fælles-skaber of its area,
 * the process consultant, and administrators — never someone from elsewhere.
 */
export function moderates(roles: ForumRoles): boolean {
  return (
    roles.isContactPerson ||
    roles.isAdministrator ||
    roles.staff === 'processConsultant' ||
    (roles.staff === 'coCreator' && roles.coversArea)
  );
}

/**
 * Who opens a vote on a draft: a contact person of the forum, or one of the
 * proposal's authors who is still a member when the forum's rules allow it.
 */
export function opensVotes(
  roles: ForumRoles,
  rules: { authorsMayOpenVotes: boolean },
  isAuthor: boolean,
): boolean {
  return roles.isContactPerson || (rules.authorsMayOpenVotes && isAuthor && roles.isMember);
}

/** Closing a vote before its deadline is for the forum's contact persons. */
export function closesVotes(roles: ForumRoles): boolean {
  return roles.isContactPerson;
}

/** The forum's rules (voting period, quorum, majority …) are its contact persons' to change. */
export function managesRules(roles: ForumRoles): boolean {
  return roles.isContactPerson;
}

/** What eligibility in a vote depends on. */
export interface VoteEligibility {
  openedAt: Date;
  membersBeforeVoteOnly: boolean;
}

/**
 * Who may vote: members of the forum, one ballot each whatever they represent;
 * by default only those who had joined before the vote opened. Staff vote only
 * if they are members like anyone else. (The SQL in `BallotBox.cast` says the
 * same, so the check and the write cannot disagree.)
 */
export function votesIn(roles: ForumRoles, vote: VoteEligibility): boolean {
  if (!roles.isMember || !roles.joinedAt) return false;
  return !vote.membersBeforeVoteOnly || roles.joinedAt < vote.openedAt;
}

/**
 * The one place that resolves a person's roles in a lokalforum, for every
 * module that asks who may moderate, open or close votes, vote, or change the
 * forum's rules.
 */
@Injectable()
export class ForumPolicy {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async roles(
    principal: Principal | null,
    forumId: string,
    tx: EntityManager = this.db.manager,
  ): Promise<ForumRoles> {
    if (!principal) return NO_FORUM_ROLES;
    const [row] = await tx.query<[Omit<ForumRoles, 'isAdministrator' | 'isMember'>]>(
      `SELECT (SELECT kind FROM staff WHERE user_id = $2) AS staff,
              EXISTS (SELECT 1 FROM contact_persons WHERE forum_id = $1 AND user_id = $2)
                AS "isContactPerson",
              EXISTS (SELECT 1 FROM forums f JOIN areas a ON a.id = f.area_id
                       WHERE f.id = $1 AND a.co_creator_id = $2) AS "coversArea",
              (SELECT joined_at FROM memberships WHERE forum_id = $1 AND user_id = $2)
                AS "joinedAt"`,
      [forumId, principal.userId],
    );
    return {
      ...row,
      isMember: row.joinedAt !== null,
      isAdministrator: principal.isAdministrator,
    };
  }

  /** Throws unless `principal` moderates the forum. */
  async checkModerator(principal: Principal | null, forumId: string): Promise<ForumRoles> {
    if (!principal) throw unauthenticated();
    const roles = await this.roles(principal, forumId);
    if (!moderates(roles)) throw forbidden(MODERATORS_ONLY);
    return roles;
  }
}
