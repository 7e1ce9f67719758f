import type { Comment, Debate, PostRevision, PostState, StaffKind } from '@lokalforum/protocol';

/** A debate as read with its forum's slug and its author's current name. */
export interface DebateRow {
  id: string;
  forum_id: string;
  forum_slug: string;
  author_id: string | null;
  author_name: string | null;
  author_staff: StaffKind | null;
  proposal_id: string | null;
  title: string;
  body: string;
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
  hidden_at: Date | null;
  hidden_reason: string | null;
  locked_at: Date | null;
  locked_reason: string | null;
  last_activity_at: Date;
  comment_count: number;
  /** Microsecond-exact position in the newest-activity order, for page cursors. */
  activity_key: string;
}

export interface CommentRow {
  id: string;
  debate_id: string;
  parent_id: string | null;
  author_id: string | null;
  author_name: string | null;
  author_staff: StaffKind | null;
  body: string;
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
  hidden_at: Date | null;
  hidden_reason: string | null;
}

/** `lock` adds FOR UPDATE on the debate row (not on the joined rows). */
export const debateRows = (where: string, lock = false) => `
  SELECT d.id, d.forum_id, a.slug AS forum_slug, d.author_id, u.name AS author_name,
         d.author_staff, d.proposal_id, d.title, d.body, d.created_at, d.edited_at,
         d.deleted_at, d.hidden_at, d.hidden_reason, d.locked_at, d.locked_reason,
         d.last_activity_at, d.comment_count,
         (d.last_activity_at AT TIME ZONE 'UTC')::text AS activity_key
    FROM debates d
    JOIN forums f ON f.id = d.forum_id
    JOIN areas a ON a.id = f.area_id
    LEFT JOIN users u ON u.id = d.author_id
   WHERE ${where}${lock ? ' FOR UPDATE OF d' : ''}`;

export const commentRows = (where: string, lock = false) => `
  SELECT c.id, c.debate_id, c.parent_id, c.author_id, u.name AS author_name, c.author_staff,
         c.body, c.created_at, c.edited_at, c.deleted_at, c.hidden_at, c.hidden_reason
    FROM comments c
    LEFT JOIN users u ON u.id = c.author_id
   WHERE ${where}${lock ? ' FOR UPDATE OF c' : ''}`;

export function postState(row: { deleted_at: Date | null; hidden_at: Date | null }): PostState {
  if (row.deleted_at) return 'deleted';
  return row.hidden_at ? 'hidden' : 'visible';
}

function author(row: DebateRow | CommentRow) {
  return row.author_id && row.author_name
    ? { userId: row.author_id, name: row.author_name, staff: row.author_staff }
    : null;
}

/** What anyone may see of a debate: a hidden or deleted one shows only that it was. */
export function toDebate(row: DebateRow): Debate {
  const state = postState(row);
  const visible = state === 'visible';
  return {
    id: row.id,
    forumSlug: row.forum_slug,
    title: visible ? row.title : null,
    body: visible ? row.body : null,
    author: visible ? author(row) : null,
    proposalId: row.proposal_id,
    state,
    hiddenReason: state === 'hidden' ? row.hidden_reason : null,
    locked: row.locked_at !== null,
    lockedReason: row.locked_reason,
    createdAt: row.created_at.toISOString(),
    editedAt: visible ? (row.edited_at?.toISOString() ?? null) : null,
    lastActivityAt: row.last_activity_at.toISOString(),
    commentCount: row.comment_count,
  };
}

export function toComment(row: CommentRow): Comment {
  const state = postState(row);
  const visible = state === 'visible';
  return {
    id: row.id,
    debateId: row.debate_id,
    parentId: row.parent_id,
    body: visible ? row.body : null,
    author: visible ? author(row) : null,
    state,
    hiddenReason: state === 'hidden' ? row.hidden_reason : null,
    createdAt: row.created_at.toISOString(),
    editedAt: visible ? (row.edited_at?.toISOString() ?? null) : null,
  };
}

/** A debate's opening post as the rules see it. */
export function debateTarget(row: DebateRow) {
  const state = postState(row);
  return {
    forumId: row.forum_id,
    authorId: row.author_id,
    post: state,
    thread: state,
    locked: row.locked_at !== null,
  };
}

/** A comment as the rules see it, with the state of its thread. */
export function commentTarget(comment: CommentRow, debate: DebateRow) {
  return {
    forumId: debate.forum_id,
    authorId: comment.author_id,
    post: postState(comment),
    thread: postState(debate),
    locked: debate.locked_at !== null,
  };
}

export function forumOf(row: DebateRow) {
  return { id: row.forum_id, slug: row.forum_slug };
}

export interface RevisionRow {
  number: number;
  title?: string;
  body: string;
  written_at: Date;
}

export function toRevision(row: RevisionRow): PostRevision {
  return {
    number: row.number,
    title: row.title ?? null,
    body: row.body,
    writtenAt: row.written_at.toISOString(),
  };
}
