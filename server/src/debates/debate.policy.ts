import { Injectable } from '@nestjs/common';
import type { DebatePermissions, PostState } from '@lokalforum/protocol';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { conflict, forbidden, unauthenticated } from '../common/domain-error';
import { ForumPolicy, type ForumRoles, MODERATORS_ONLY, moderates } from '../forums/forum-policy';

export type PostAction = 'comment' | 'edit' | 'delete' | 'report' | 'moderate';

/** What the rules depend on, gathered before they are applied. */
export interface PostFacts {
  signedIn: boolean;
  isAuthor: boolean;
  isModerator: boolean;
  /** The post acted on: the debate's opening post or a comment. */
  post: PostState;
  /** The debate it belongs to. */
  thread: PostState;
  locked: boolean;
}

/**
 * The rules, free of I/O. Debates are open to everyone signed in, member or
 * not; authors edit and delete their own posts; a locked thread takes no new
 * comments and no edits; moderators of the forum hide posts and lock threads.
 */
export function postAllows(action: PostAction, f: PostFacts): boolean {
  if (!f.signedIn) return false;
  switch (action) {
    case 'comment':
      return f.thread === 'visible' && !f.locked;
    case 'edit':
      return f.isAuthor && f.post === 'visible' && f.thread === 'visible' && !f.locked;
    case 'delete':
      return f.isAuthor && f.post !== 'deleted';
    case 'report':
      return !f.isAuthor && f.post === 'visible';
    case 'moderate':
      return f.isModerator;
  }
}

/** Throws the error that says why `action` is refused, if it is. */
export function assertAllowed(action: PostAction, f: PostFacts): void {
  if (postAllows(action, f)) return;
  if (!f.signedIn) throw unauthenticated();
  switch (action) {
    case 'comment':
      if (f.thread !== 'visible') throw conflict('Tråden er skjult eller slettet');
      throw conflict('Tråden er låst');
    case 'edit':
      if (!f.isAuthor) throw forbidden('Kun forfatteren kan redigere indlægget');
      if (f.post !== 'visible' || f.thread !== 'visible') {
        throw conflict('Indlægget er skjult eller slettet');
      }
      throw conflict('Tråden er låst');
    case 'delete':
      if (!f.isAuthor) throw forbidden('Kun forfatteren kan slette indlægget');
      throw conflict('Indlægget er allerede slettet');
    case 'report':
      if (f.isAuthor) throw forbidden('Du kan ikke anmelde dit eget indlæg');
      throw conflict('Indlægget er allerede skjult eller slettet');
    case 'moderate':
      throw forbidden(MODERATORS_ONLY);
  }
}

/** A post as the rules see it. */
export interface PostTarget {
  forumId: string;
  authorId: string | null;
  post: PostState;
  thread: PostState;
  locked: boolean;
}

/** The one place that says who may do what in a debate (REST and sockets alike). */
@Injectable()
export class DebatePolicy {
  constructor(private readonly forums: ForumPolicy) {}

  /** The person's roles in the forum (see `ForumPolicy`). */
  roles(principal: Principal | null, forumId: string, tx?: EntityManager): Promise<ForumRoles> {
    return this.forums.roles(principal, forumId, tx);
  }

  async facts(
    principal: Principal | null,
    target: PostTarget,
    tx?: EntityManager,
  ): Promise<PostFacts> {
    const roles = await this.roles(principal, target.forumId, tx);
    return {
      signedIn: principal !== null,
      isAuthor: principal !== null && principal.userId === target.authorId,
      isModerator: moderates(roles),
      post: target.post,
      thread: target.thread,
      locked: target.locked,
    };
  }

  async can(principal: Principal | null, action: PostAction, target: PostTarget) {
    return postAllows(action, await this.facts(principal, target));
  }

  /** Throws unless `principal` may `action` on `target`. */
  async check(
    principal: Principal | null,
    action: PostAction,
    target: PostTarget,
    tx?: EntityManager,
  ): Promise<ForumRoles> {
    const roles = await this.roles(principal, target.forumId, tx);
    assertAllowed(action, {
      signedIn: principal !== null,
      isAuthor: principal !== null && principal.userId === target.authorId,
      isModerator: moderates(roles),
      post: target.post,
      thread: target.thread,
      locked: target.locked,
    });
    return roles;
  }

  /** Throws unless `principal` moderates the forum. */
  async checkModerator(principal: Principal | null, forumId: string): Promise<void> {
    await this.forums.checkModerator(principal, forumId);
  }

  async permissions(principal: Principal | null, debate: PostTarget): Promise<DebatePermissions> {
    const facts = await this.facts(principal, debate);
    return {
      comment: postAllows('comment', facts),
      edit: postAllows('edit', facts),
      delete: postAllows('delete', facts),
      report: postAllows('report', facts),
      moderate: postAllows('moderate', facts),
    };
  }
}
