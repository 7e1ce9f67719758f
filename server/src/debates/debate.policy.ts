import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DebatePermissions, PostState, StaffKind } from '@lokalforum/protocol';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { conflict, forbidden, unauthenticated } from '../common/domain-error';

const MODERATORS_ONLY = 'Kun lokalforummets kontaktpersoner og kommunens medarbejdere kan moderere';

export type PostAction = 'comment' | 'edit' | 'delete' | 'report' | 'moderate';

/** A person's roles as they bear on one forum. */
export interface ForumRoles {
  staff: StaffKind | null;
  isAdministrator: boolean;
  /** kontaktperson of this forum. */
  isContactPerson: boolean;
  /** The fælles-skaber of this forum's area. */
  coversArea: boolean;
}

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

const NO_ROLES: ForumRoles = {
  staff: null,
  isAdministrator: false,
  isContactPerson: false,
  coversArea: false,
};

/** The one place that says who may do what in a debate (REST and sockets alike). */
@Injectable()
export class DebatePolicy {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async roles(
    principal: Principal | null,
    forumId: string,
    tx: EntityManager = this.db.manager,
  ): Promise<ForumRoles> {
    if (!principal) return NO_ROLES;
    const [row] = await tx.query<[Omit<ForumRoles, 'isAdministrator'>]>(
      `SELECT (SELECT kind FROM staff WHERE user_id = $2) AS staff,
              EXISTS (SELECT 1 FROM contact_persons WHERE forum_id = $1 AND user_id = $2)
                AS "isContactPerson",
              EXISTS (SELECT 1 FROM forums f JOIN areas a ON a.id = f.area_id
                       WHERE f.id = $1 AND a.co_creator_id = $2) AS "coversArea"`,
      [forumId, principal.userId],
    );
    return { ...row, isAdministrator: principal.isAdministrator };
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
    if (!principal) throw unauthenticated();
    if (!moderates(await this.roles(principal, forumId))) throw forbidden(MODERATORS_ONLY);
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
