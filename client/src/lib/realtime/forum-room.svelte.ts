import type {
  Comment,
  Debate,
  ForumEvent,
  ForumEventName,
  ForumJoined,
  Presence,
  Tally,
} from '@lokalforum/protocol';
import { applyActivity, applyTally, upsertComment, upsertDebate } from './apply';
import { forumEventNames } from '@lokalforum/protocol/browser';
import { acquireSocket, releaseSocket, type RealtimeSocket } from './socket';

const LEAVE_AFTER_MS = 1500;

/** Rooms per forum slug in this tab: the room is left only when the last one goes. */
// Bookkeeping, never rendered: a plain Map on purpose.
// eslint-disable-next-line svelte/prefer-svelte-reactivity
const roomsInTab = new Map<string, number>();

/** `connecting` before the first join, `live` in the room, `reconnecting` after a break. */
export type RoomStatus = 'connecting' | 'live' | 'reconnecting';

export interface ForumRoomOptions {
  slug: string;
  /**
   * The forum `seq` the server-rendered data reflects; without one the room
   * is joined from now (a page that re-reads what it shows once `live`).
   */
  seq?: number;
  /** The debate list shown (forum page), or none. */
  debates?: Debate[];
  /** Whether new debates join the list (the first page only). */
  addNewDebates?: boolean;
  /** The thread shown (thread page), or none. */
  thread?: { debate: Debate; comments: Comment[] };
  /** A comment appeared in the thread shown, live. */
  onNewComment?: (comment: Comment) => void;
  /** A debate appeared in the list, live. */
  onNewDebate?: (debate: Debate) => void;
  /** Every new event of the room, after the room has applied it (for what a page keeps itself). */
  onForumEvent?: (event: ForumEvent) => void;
  /** The proposal shown (proposal page): its latest vote's tally follows the room. */
  proposal?: { id: string; tally: Tally | null };
}

/**
 * One forum's room on the tab's Socket.IO connection: the debates and the
 * thread a page shows, kept current by the room's numbered events (upserts
 * by id; an event whose `seq` was seen already is ignored), who is present,
 * and how the connection is doing. After a reconnect that Socket.IO could not
 * recover, it re-joins with `since: lastSeq` and the server replays what was
 * missed. Browser only; `destroy` on teardown.
 */
export class ForumRoom {
  debates = $state.raw<Debate[]>([]);
  debate = $state.raw<Debate | null>(null);
  comments = $state.raw<Comment[]>([]);
  presence = $state.raw<Presence | null>(null);
  status = $state<RoomStatus>('connecting');
  /** More was missed than the server replays: the page should be reloaded. */
  stale = $state(false);
  /** The shown proposal's latest vote (see `ForumRoomOptions.proposal`). */
  tally = $state.raw<Tally | null>(null);

  private lastSeq: number | null;
  private readonly socket: RealtimeSocket;
  private readonly options: ForumRoomOptions;

  constructor(options: ForumRoomOptions) {
    this.options = options;
    this.lastSeq = options.seq ?? null;
    this.tally = options.proposal?.tally ?? null;
    this.debates = options.debates ?? [];
    this.debate = options.thread?.debate ?? null;
    this.comments = options.thread?.comments ?? [];
    this.socket = acquireSocket();
    roomsInTab.set(options.slug, (roomsInTab.get(options.slug) ?? 0) + 1);
    for (const name of forumEventNames) this.socket.on(name as 'debate.created', this.onEvent);
    this.socket.on('presence.changed', this.onPresence);
    this.socket.on('tally.changed', this.onTallyChanged);
    this.socket.on('connect', this.onConnect);
    this.socket.on('disconnect', this.onDisconnect);
    if (this.socket.connected) this.join();
  }

  /** Fresher data read by HTTP (after a form action): taken over, as upserts. */
  seed(data: {
    seq: number;
    debates?: Debate[];
    thread?: { debate: Debate; comments: Comment[] };
  }) {
    if (data.debates) this.debates = data.debates;
    if (data.thread) {
      this.debate = data.thread.debate;
      let comments = this.comments;
      for (const comment of data.thread.comments) comments = upsertComment(comments, comment);
      this.comments = comments;
    }
    this.lastSeq = Math.max(this.lastSeq ?? 0, data.seq);
  }

  /** A tally read by HTTP (after a ballot, or once live): taken over unless older. */
  seedTally(tally: Tally | null): void {
    const proposalId = this.options.proposal?.id;
    if (tally && proposalId) this.setTally(applyTally(this.tally, tally, proposalId));
  }

  destroy(): void {
    for (const name of forumEventNames) this.socket.off(name as 'debate.created', this.onEvent);
    this.socket.off('presence.changed', this.onPresence);
    this.socket.off('tally.changed', this.onTallyChanged);
    this.socket.off('connect', this.onConnect);
    this.socket.off('disconnect', this.onDisconnect);
    const { slug } = this.options;
    const left = (roomsInTab.get(slug) ?? 1) - 1;
    if (left > 0) roomsInTab.set(slug, left);
    else roomsInTab.delete(slug);
    releaseSocket();
    if (left > 0) return;
    // Moving between pages of one forum keeps the room: the next page joins it at once,
    // and a leave racing that join on the server could drop the tab from the room.
    const socket = this.socket;
    setTimeout(() => {
      if (!roomsInTab.has(slug) && socket.connected) socket.emit('forum.leave', { slug }, () => {});
    }, LEAVE_AFTER_MS);
  }

  private join(): void {
    const since = this.lastSeq ?? undefined;
    this.socket.emit('forum.join', { slug: this.options.slug, since }, (ack) => {
      if (!ack.ok) return;
      this.joined(ack);
    });
  }

  private joined(ack: ForumJoined): void {
    this.lastSeq = Math.max(this.lastSeq ?? 0, ack.seq);
    this.presence = ack.presence;
    this.stale = ack.truncated;
    this.status = 'live';
  }

  private readonly onConnect = () => {
    // A recovered connection is still in its rooms and has been sent what it missed.
    if (this.socket.recovered && this.status !== 'connecting') this.status = 'live';
    else this.join();
  };

  private readonly onDisconnect = () => {
    this.status = 'reconnecting';
  };

  private readonly onPresence = (presence: Presence) => {
    if (presence.forum === this.options.slug) this.presence = presence;
  };

  private readonly onEvent = (event: ForumEvent) => {
    if (event.forum !== this.options.slug || event.seq <= (this.lastSeq ?? 0)) return;
    this.lastSeq = event.seq;
    this.apply(event);
    this.options.onForumEvent?.(event);
  };

  private apply(event: ForumEvent<ForumEventName>): void {
    const shown = this.debate;
    const addNew = this.options.addNewDebates ?? true;
    switch (event.type) {
      case 'debate.created':
        if (this.options.debates) {
          const before = this.debates.length;
          this.debates = upsertDebate(this.debates, event.debate, addNew);
          if (this.debates.length > before) this.options.onNewDebate?.(event.debate);
        }
        return;
      case 'debate.edited':
      case 'debate.deleted':
      case 'debate.hidden':
      case 'debate.locked':
      case 'debate.unlocked':
        if (this.options.debates) this.debates = upsertDebate(this.debates, event.debate, false);
        if (shown?.id === event.debate.id) this.debate = event.debate;
        return;
      case 'comment.created':
        this.debates = applyActivity(this.debates, event.thread);
        if (shown?.id === event.comment.debateId) {
          const isNew = !this.comments.some((c) => c.id === event.comment.id);
          this.comments = upsertComment(this.comments, event.comment);
          this.debate = {
            ...shown,
            commentCount: event.thread.commentCount,
            lastActivityAt: event.thread.lastActivityAt,
          };
          if (isNew) this.options.onNewComment?.(event.comment);
        }
        return;
      case 'comment.edited':
      case 'comment.deleted':
      case 'comment.hidden':
        if (shown?.id === event.comment.debateId) {
          this.comments = upsertComment(this.comments, event.comment);
        }
        return;
      case 'vote.opened':
      case 'vote.closed':
        this.seedTally(event.tally);
        return;
      case 'proposal.changed':
      case 'proposal.versionFrozen':
      case 'proposal.escalated':
      case 'escalation.answered':
      case 'escalation.handedOver':
        return;
    }
  }

  private readonly onTallyChanged = (event: { forum: string; tally: Tally }) => {
    if (event.forum === this.options.slug) this.seedTally(event.tally);
  };

  private setTally(next: Tally | null): void {
    if (next !== this.tally && next) this.tally = next;
  }
}
