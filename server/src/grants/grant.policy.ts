import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';

/** What a person is towards one forum's grant. */
export interface GrantFacts {
  isContactPerson: boolean;
  isAdministrator: boolean;
}

/**
 * Everyone reads the ledger. A contact person of the forum (or an
 * administrator) records what the forum's decisions leave to people: a
 * payment made, a commitment's unspent rest released, a commitment retried.
 */
export function mayRecord(facts: GrantFacts): boolean {
  return facts.isContactPerson || facts.isAdministrator;
}

@Injectable()
export class GrantPolicy {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async facts(principal: Principal | null, forumId: string): Promise<GrantFacts> {
    if (!principal) return { isContactPerson: false, isAdministrator: false };
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM contact_persons WHERE forum_id = $1 AND user_id = $2`,
      [forumId, principal.userId],
    );
    return { isContactPerson: rows.length > 0, isAdministrator: principal.isAdministrator };
  }

  async mayRecord(principal: Principal | null, forumId: string): Promise<boolean> {
    return mayRecord(await this.facts(principal, forumId));
  }
}
