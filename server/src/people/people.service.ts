import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { Me, MembershipOfMe, Role, StaffSummary } from '@lokalforum/protocol';
import { DataSource, type Repository } from 'typeorm';
import { notFound } from '../common/domain-error';
import { RateLimiter } from '../common/rate-limiter';
import { rateRules } from '../common/rate-limits';
import { DomainEventBus } from '../events/domain-event-bus';
import { Staff } from './staff.entity';
import { User } from './user.entity';

interface MembershipRow {
  slug: string;
  forum_name: string;
  kind: MembershipOfMe['kind'];
  represents: string | null;
  is_contact_person: boolean;
  joined_at: Date;
}

/** The people who use Lokalforum: who they are and what roles they hold. */
@Injectable()
export class PeopleService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Staff) private readonly staff: Repository<Staff>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: DomainEventBus,
    private readonly limiter: RateLimiter,
  ) {}

  findByEmail(email: string): Promise<User | null> {
    return this.users.findOneBy({ email: email.toLowerCase() });
  }

  /** The person with this e-mail, created on first sign-in. Safe against two sign-ins at once. */
  async findOrCreate(email: string, name: string | null): Promise<User> {
    const normalized = email.toLowerCase();
    await this.users
      .createQueryBuilder()
      .insert()
      .values({ email: normalized, name: name ?? defaultName(normalized) })
      .orIgnore()
      .execute();
    return this.users.findOneByOrFail({ email: normalized });
  }

  async rename(userId: string, name: string): Promise<Me> {
    await this.limiter.consume(rateRules.rename, userId);
    await this.users.update({ id: userId }, { name });
    return this.me(userId);
  }

  async me(userId: string): Promise<Me> {
    const user = await this.users.findOneBy({ id: userId });
    if (!user) throw notFound('Personen findes ikke');
    const staff = await this.staffSummary(userId);
    const rows: MembershipRow[] = await this.db.query(
      `SELECT a.slug, f.name AS forum_name, m.kind, m.represents, m.joined_at,
              (c.user_id IS NOT NULL) AS is_contact_person
         FROM memberships m
         JOIN forums f ON f.id = m.forum_id
         JOIN areas a ON a.id = f.area_id
         LEFT JOIN contact_persons c ON c.forum_id = m.forum_id AND c.user_id = m.user_id
        WHERE m.user_id = $1
        ORDER BY a.position`,
      [userId],
    );
    const memberships = rows.map((r) => ({
      forumSlug: r.slug,
      forumName: r.forum_name,
      kind: r.kind,
      represents: r.represents,
      isContactPerson: r.is_contact_person,
      joinedAt: r.joined_at.toISOString(),
    }));
    return {
      id: user.id,
      name: user.name,
      email: user.email,
      role: roleOf(user.isAdministrator, staff, memberships),
      isAdministrator: user.isAdministrator,
      staff,
      memberships,
    };
  }

  async staffSummary(userId: string): Promise<StaffSummary | null> {
    const staff = await this.staff.findOne({ where: { userId }, relations: { user: true } });
    if (!staff) return null;
    return (await this.describeStaff([staff]))[0] ?? null;
  }

  /** Staff with the areas they cover: a fælles-skaber their fixed areas, the process consultant all. */
  async describeStaff(staff: Staff[]): Promise<StaffSummary[]> {
    if (staff.length === 0) return [];
    const rows: { slug: string; co_creator_id: string | null }[] = await this.db.query(
      `SELECT slug, co_creator_id FROM areas ORDER BY position`,
    );
    return staff.map((s) => ({
      userId: s.userId,
      name: s.user.name,
      kind: s.kind,
      field: s.field,
      areas: rows
        .filter((r) => s.kind === 'processConsultant' || r.co_creator_id === s.userId)
        .map((r) => r.slug),
    }));
  }

  /** Ends a person's staff role (fælles-skaber or process consultant); their account stays. */
  async removeStaffRole(userId: string): Promise<void> {
    const result = await this.staff.delete({ userId });
    if (!result.affected) throw notFound('Personen er ikke medarbejder');
    this.events.publish('role.ended', { userId, role: 'staff', forumId: null });
  }

  listProcessConsultants(): Promise<Staff[]> {
    return this.staff.find({ where: { kind: 'processConsultant' }, relations: { user: true } });
  }
}

export function roleOf(
  isAdministrator: boolean,
  staff: Pick<StaffSummary, 'kind'> | null,
  memberships: Pick<MembershipOfMe, 'isContactPerson'>[],
): Role {
  if (isAdministrator) return 'administrator';
  if (staff) return staff.kind;
  if (memberships.some((m) => m.isContactPerson)) return 'contactPerson';
  return 'citizen';
}

/** "anne.hansen@example.dk" → "Anne Hansen", until the person sets a name. */
export function defaultName(email: string): string {
  const local = email.split('@')[0] ?? email;
  const words = local
    .split(/[._+-]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  return (words.join(' ') || local).slice(0, 100);
}
