import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  ModerationAction,
  ModerationLogEntry,
  PostState,
  Report,
  StaffKind,
} from '@lokalforum/protocol';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { ForumPolicy } from '../forums/forum-policy';
import { postState } from '../debates/debate-rows';
import { ForumsService } from '../forums/forums.service';

interface ReportRow {
  id: string;
  forum_slug: string;
  debate_id: string;
  comment_id: string | null;
  reason: string;
  reporter_id: string | null;
  reporter_name: string | null;
  created_at: Date;
  title: string | null;
  body: string;
  author_id: string | null;
  author_name: string | null;
  author_staff: StaffKind | null;
  deleted_at: Date | null;
  hidden_at: Date | null;
}

interface LogRow {
  id: string;
  forum_slug: string;
  action: ModerationAction;
  debate_id: string;
  comment_id: string | null;
  reason: string | null;
  moderator_id: string | null;
  moderator_name: string | null;
  created_at: Date;
}

/** What moderators and the public read: the report queue and the moderation log. */
@Injectable()
export class ModerationQueries {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly forums: ForumsService,
    private readonly policy: ForumPolicy,
  ) {}

  /** Open reports, oldest first, with the posts as written (for moderators of this forum). */
  async queue(slug: string, principal: Principal): Promise<Report[]> {
    const forumId = await this.forums.idOf(slug);
    await this.policy.checkModerator(principal, forumId);
    const rows = await this.db.query<ReportRow[]>(
      `SELECT r.id, $2::text AS forum_slug, r.debate_id, r.comment_id, r.reason, r.reporter_id,
              ru.name AS reporter_name, r.created_at,
              CASE WHEN c.id IS NULL THEN d.title END AS title,
              COALESCE(c.body, d.body) AS body,
              COALESCE(c.author_id, d.author_id) AS author_id, au.name AS author_name,
              CASE WHEN c.id IS NULL THEN d.author_staff ELSE c.author_staff END AS author_staff,
              CASE WHEN c.id IS NULL THEN d.deleted_at ELSE c.deleted_at END AS deleted_at,
              CASE WHEN c.id IS NULL THEN d.hidden_at ELSE c.hidden_at END AS hidden_at
         FROM reports r
         JOIN debates d ON d.id = r.debate_id
         LEFT JOIN comments c ON c.id = r.comment_id
         LEFT JOIN users ru ON ru.id = r.reporter_id
         LEFT JOIN users au ON au.id = COALESCE(c.author_id, d.author_id)
        WHERE r.forum_id = $1 AND r.resolved_at IS NULL
        ORDER BY r.created_at, r.id`,
      [forumId, slug],
    );
    return rows.map(toReport);
  }

  /** The forum's public moderation log, newest first. */
  async log(slug: string): Promise<ModerationLogEntry[]> {
    const forumId = await this.forums.idOf(slug);
    const rows = await this.db.query<LogRow[]>(
      `SELECT m.id, $2::text AS forum_slug, m.action, m.debate_id, m.comment_id, m.reason,
              m.moderator_id, u.name AS moderator_name, m.created_at
         FROM moderation_actions m LEFT JOIN users u ON u.id = m.moderator_id
        WHERE m.forum_id = $1
        ORDER BY m.created_at DESC, m.id
        LIMIT 200`,
      [forumId, slug],
    );
    return rows.map((r) => ({
      id: r.id,
      forumSlug: r.forum_slug,
      action: r.action,
      post: r.comment_id
        ? { kind: 'comment' as const, id: r.comment_id }
        : { kind: 'debate' as const, id: r.debate_id },
      debateId: r.debate_id,
      reason: r.reason,
      moderator:
        r.moderator_id && r.moderator_name
          ? { userId: r.moderator_id, name: r.moderator_name }
          : null,
      at: r.created_at.toISOString(),
    }));
  }
}

function toReport(r: ReportRow): Report {
  const state: PostState = postState(r);
  return {
    id: r.id,
    forumSlug: r.forum_slug,
    post: r.comment_id
      ? { kind: 'comment', id: r.comment_id }
      : { kind: 'debate', id: r.debate_id },
    debateId: r.debate_id,
    reason: r.reason,
    reporter:
      r.reporter_id && r.reporter_name ? { userId: r.reporter_id, name: r.reporter_name } : null,
    createdAt: r.created_at.toISOString(),
    content: {
      title: r.title,
      body: r.body,
      author:
        r.author_id && r.author_name
          ? { userId: r.author_id, name: r.author_name, staff: r.author_staff }
          : null,
      state,
    },
  };
}
