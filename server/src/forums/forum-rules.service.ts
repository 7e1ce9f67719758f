import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  defaultForumRules,
  type ForumRules,
  type ForumRulesView,
  type Majority,
  type TallyVisibility,
} from '@lokalforum/protocol';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { forbidden } from '../common/domain-error';
import { ForumPolicy, managesRules } from './forum-policy';
import { ForumsService } from './forums.service';

interface RulesRow {
  voting_days: number;
  quorum: number | null;
  majority: Majority;
  tally_visibility: TallyVisibility;
  members_before_vote_only: boolean;
  authors_may_open_votes: boolean;
  updated_at: Date;
  updated_by: string | null;
  updated_by_name: string | null;
}

/** A forum's voting rules: read by everyone, changed by its contact persons. */
@Injectable()
export class ForumRulesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly forums: ForumsService,
    private readonly policy: ForumPolicy,
  ) {}

  /** The rules in force for a forum (the defaults when it never changed them). */
  async of(forumId: string, tx: EntityManager = this.db.manager): Promise<ForumRules> {
    const [row] = await this.rows(forumId, tx);
    return row ? toRules(row) : defaultForumRules;
  }

  async view(slug: string, viewer: Principal | null): Promise<ForumRulesView> {
    const forumId = await this.forums.idOf(slug);
    const [[row], roles] = await Promise.all([
      this.rows(forumId),
      this.policy.roles(viewer, forumId),
    ]);
    return {
      forumSlug: slug,
      rules: row ? toRules(row) : defaultForumRules,
      updatedAt: row ? row.updated_at.toISOString() : null,
      updatedBy:
        row?.updated_by && row.updated_by_name
          ? { userId: row.updated_by, name: row.updated_by_name }
          : null,
      permissions: { manage: managesRules(roles) },
    };
  }

  /** Replaces the rules; votes already open keep the rules they opened with. */
  async replace(slug: string, principal: Principal, rules: ForumRules): Promise<ForumRulesView> {
    const forumId = await this.forums.idOf(slug);
    if (!managesRules(await this.policy.roles(principal, forumId))) {
      throw forbidden('Kun lokalforummets kontaktpersoner kan ændre reglerne for afstemninger');
    }
    await this.db.query(
      `INSERT INTO forum_rules (forum_id, voting_days, quorum, majority, tally_visibility,
                                members_before_vote_only, authors_may_open_votes, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (forum_id) DO UPDATE SET
         voting_days = EXCLUDED.voting_days, quorum = EXCLUDED.quorum,
         majority = EXCLUDED.majority, tally_visibility = EXCLUDED.tally_visibility,
         members_before_vote_only = EXCLUDED.members_before_vote_only,
         authors_may_open_votes = EXCLUDED.authors_may_open_votes,
         updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [
        forumId,
        rules.votingDays,
        rules.quorum,
        rules.majority,
        rules.tallyVisibility,
        rules.membersBeforeVoteOnly,
        rules.authorsMayOpenVotes,
        principal.userId,
      ],
    );
    return this.view(slug, principal);
  }

  private rows(forumId: string, tx: EntityManager = this.db.manager): Promise<RulesRow[]> {
    return tx.query<RulesRow[]>(
      `SELECT r.voting_days, r.quorum, r.majority, r.tally_visibility, r.members_before_vote_only,
              r.authors_may_open_votes, r.updated_at, r.updated_by, u.name AS updated_by_name
         FROM forum_rules r LEFT JOIN users u ON u.id = r.updated_by
        WHERE r.forum_id = $1`,
      [forumId],
    );
  }
}

function toRules(row: RulesRow): ForumRules {
  return {
    votingDays: row.voting_days,
    quorum: row.quorum,
    majority: row.majority,
    tallyVisibility: row.tally_visibility,
    membersBeforeVoteOnly: row.members_before_vote_only,
    authorsMayOpenVotes: row.authors_may_open_votes,
  };
}
