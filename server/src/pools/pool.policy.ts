import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type ApplicationStep,
  applicationStepNames,
  stepTakenBy,
  type TimelineActorRole,
} from '@lokalforum/protocol';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { ForumPolicy } from '../forums/forum-policy';

/** What a person is towards one proposal and its forum, for its pool applications. */
export interface ApplicationFacts {
  isAuthor: boolean;
  isContactPerson: boolean;
  /** The fælles-skaber of the forum's area. */
  coversArea: boolean;
  staff: 'coCreator' | 'processConsultant' | null;
  isAdministrator: boolean;
}

export const NO_APPLICATION_FACTS: ApplicationFacts = {
  isAuthor: false,
  isContactPerson: false,
  coversArea: false,
  staff: null,
  isAdministrator: false,
};

/** The forum's side: an author of the proposal, or a contact person of its forum. */
export function isApplicantSide(facts: ApplicationFacts): boolean {
  return facts.isAuthor || facts.isContactPerson;
}

/**
 * Municipal staff for one application: the fælles-skaber of the forum's area,
 * any process consultant (who picks up anything cross-area), or an
 * administrator. Fælles-skabere of other areas are not.
 */
export function isCaseworker(facts: ApplicationFacts): boolean {
  return facts.coversArea || facts.staff === 'processConsultant' || facts.isAdministrator;
}

/** Whether these facts allow `step` (its status order is checked where it is taken). */
export function mayTakeStep(step: ApplicationStep, facts: ApplicationFacts): boolean {
  return stepTakenBy[step] === 'staff' ? isCaseworker(facts) : isApplicantSide(facts);
}

/** The steps these facts allow on an application that has `status`'s next steps. */
export function stepsAllowed(
  facts: ApplicationFacts,
  from: (step: ApplicationStep) => boolean,
): ApplicationStep[] {
  return applicationStepNames.filter((step) => from(step) && mayTakeStep(step, facts));
}

/** The role a step's taker is named with on the timeline. */
export function actorRole(
  step: ApplicationStep | 'apply',
  facts: ApplicationFacts,
): TimelineActorRole {
  if (step === 'apply' || step === 'report')
    return facts.isContactPerson ? 'contactPerson' : 'member';
  if (facts.coversArea) return 'coCreator';
  if (facts.staff === 'processConsultant') return 'processConsultant';
  return 'administrator';
}

/** The facts behind the rules above, read in the caller's transaction. */
@Injectable()
export class PoolPolicy {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly forums: ForumPolicy,
  ) {}

  async facts(
    principal: Principal | null,
    proposal: { id: string; forumId: string },
    tx: EntityManager = this.db.manager,
  ): Promise<ApplicationFacts> {
    if (!principal) return NO_APPLICATION_FACTS;
    const roles = await this.forums.roles(principal, proposal.forumId, tx);
    const [author] = await tx.query<{ is_author: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM proposal_authors WHERE proposal_id = $1 AND user_id = $2)
                AS is_author`,
      [proposal.id, principal.userId],
    );
    return {
      isAuthor: author?.is_author ?? false,
      isContactPerson: roles.isContactPerson,
      coversArea: roles.coversArea,
      staff: roles.staff,
      isAdministrator: roles.isAdministrator,
    };
  }
}
