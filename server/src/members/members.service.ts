import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { ForumMember, MemberKind } from '@lokalforum/protocol';
import { QueryFailedError, type Repository } from 'typeorm';
import type { Principal } from '../auth/principal';
import { conflict, notFound } from '../common/domain-error';
import { RateLimiter } from '../common/rate-limiter';
import { rateRules } from '../common/rate-limits';
import { DomainEventBus } from '../events/domain-event-bus';
import { ForumsService } from '../forums/forums.service';
import { ContactPerson } from './contact-person.entity';
import { Membership } from './membership.entity';

const UNIQUE_VIOLATION = '23505';

/** Joining and leaving a lokalforum. Membership is open to everyone signed in. */
@Injectable()
export class MembersService {
  constructor(
    @InjectRepository(Membership) private readonly memberships: Repository<Membership>,
    @InjectRepository(ContactPerson) private readonly contactPersons: Repository<ContactPerson>,
    private readonly forums: ForumsService,
    private readonly events: DomainEventBus,
    private readonly limiter: RateLimiter,
  ) {}

  async join(
    slug: string,
    principal: Principal,
    body: { kind: MemberKind; represents: string | null },
  ): Promise<ForumMember> {
    const forumId = await this.forums.idOf(slug);
    await this.limiter.consume(rateRules.membershipChange, principal.userId);
    try {
      // The primary key (forum, user) decides; two clicks at once give one membership.
      await this.memberships.insert({ forumId, userId: principal.userId, ...body });
    } catch (err) {
      if (
        err instanceof QueryFailedError &&
        (err.driverError as { code?: string }).code === UNIQUE_VIOLATION
      ) {
        throw conflict('Du er allerede medlem af dette lokalforum');
      }
      throw err;
    }
    const row = await this.memberships.findOneByOrFail({ forumId, userId: principal.userId });
    return {
      userId: principal.userId,
      name: principal.name,
      kind: row.kind,
      represents: row.represents,
      isContactPerson: false,
      joinedAt: row.joinedAt.toISOString(),
    };
  }

  /**
   * Leaving also ends a contact-person role (the database cascades it). Open
   * connections stop editing the forum's proposals within a second.
   */
  async leave(slug: string, principal: Principal): Promise<void> {
    const forumId = await this.forums.idOf(slug);
    await this.limiter.consume(rateRules.membershipChange, principal.userId);
    const result = await this.memberships.delete({ forumId, userId: principal.userId });
    if (!result.affected) throw notFound('Du er ikke medlem af dette lokalforum');
    this.events.publish('membership.ended', { forumId, userId: principal.userId });
  }

  /** Ends a person's contact-person role in a forum; they stay a member. */
  async removeContactPerson(slug: string, userId: string): Promise<void> {
    const forumId = await this.forums.idOf(slug);
    const result = await this.contactPersons.delete({ forumId, userId });
    if (!result.affected) throw notFound('Personen er ikke kontaktperson i dette lokalforum');
    this.events.publish('role.ended', { userId, role: 'contactPerson', forumId });
  }
}
