import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { StaffKind } from '@lokalforum/protocol';
import { DataSource, type EntityManager } from 'typeorm';

/** What a person is towards one proposal's forum, for escalating it. */
export interface EscalatorFacts {
  isAuthor: boolean;
  isContactPerson: boolean;
}

/** What a person is towards one escalation, for answering it or handing it on. */
export interface AnswererFacts {
  staff: StaffKind | null;
  isAssignee: boolean;
}

/** An adopted proposal is escalated by one of its authors or a contact person of its forum. */
export function mayEscalate(facts: EscalatorFacts): boolean {
  return facts.isAuthor || facts.isContactPerson;
}

/**
 * The escalation's current assignee answers it and may hand it on; so may a
 * process consultant, who can pick up any escalation (DESIGN: "staff who can
 * pick up any escalation"). Other staff and everyone else may not.
 */
export function mayAnswer(facts: AnswererFacts): boolean {
  if (facts.staff === null) return false;
  return facts.isAssignee || facts.staff === 'processConsultant';
}

/** The facts behind the rules above, read in the caller's transaction. */
@Injectable()
export class EscalationPolicy {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async escalator(
    userId: string,
    proposal: { id: string; forumId: string },
    tx: EntityManager = this.db.manager,
  ): Promise<EscalatorFacts> {
    const [facts] = await tx.query<EscalatorFacts[]>(
      `SELECT EXISTS (SELECT 1 FROM proposal_authors WHERE proposal_id = $1 AND user_id = $3)
                AS "isAuthor",
              EXISTS (SELECT 1 FROM contact_persons WHERE forum_id = $2 AND user_id = $3)
                AS "isContactPerson"`,
      [proposal.id, proposal.forumId, userId],
    );
    return facts ?? { isAuthor: false, isContactPerson: false };
  }

  async answerer(
    userId: string,
    escalation: { assigneeId: string | null },
    tx: EntityManager = this.db.manager,
  ): Promise<AnswererFacts> {
    const [row] = await tx.query<{ kind: StaffKind }[]>(
      `SELECT kind FROM staff WHERE user_id = $1`,
      [userId],
    );
    return { staff: row?.kind ?? null, isAssignee: escalation.assigneeId === userId };
  }
}
