import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import {
  type ForumDetail,
  type ForumMember,
  type ForumSummary,
  type MemberKind,
  memberKinds,
} from '@lokalforum/protocol';
import { DataSource, type Repository } from 'typeorm';
import type { Principal } from '../auth/principal';
import { notFound } from '../common/domain-error';
import { PeopleService } from '../people/people.service';
import { Staff } from '../people/staff.entity';
import { Forum } from './forum.entity';
import { annualGrant } from './grant';

interface ForumRow {
  id: string;
  slug: string;
  name: string;
  area_name: string;
  places: string[];
  population: number | null;
  co_creator_id: string | null;
  member_count: number;
}

interface MemberRow {
  user_id: string;
  name: string;
  kind: MemberKind;
  represents: string | null;
  is_contact_person: boolean;
  joined_at: Date;
}

const FORUM_ROWS = `
  SELECT f.id, a.slug, f.name, a.name AS area_name, a.places, a.population, a.co_creator_id,
         (SELECT count(*)::int FROM memberships m WHERE m.forum_id = f.id) AS member_count
    FROM forums f JOIN areas a ON a.id = f.area_id`;

/** The 18 lokalfora: listing and the public page of one. */
@Injectable()
export class ForumsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(Forum) private readonly forums: Repository<Forum>,
    @InjectRepository(Staff) private readonly staff: Repository<Staff>,
    private readonly people: PeopleService,
  ) {}

  async list(): Promise<ForumSummary[]> {
    const rows: ForumRow[] = await this.db.query(`${FORUM_ROWS} ORDER BY a.position`);
    const coCreators = await this.coCreatorsById(rows);
    return rows.map((r) => summary(r, coCreators));
  }

  /** The forum id for a slug, or 404. */
  async idOf(slug: string): Promise<string> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT f.id FROM forums f JOIN areas a ON a.id = f.area_id WHERE a.slug = $1`,
      [slug],
    );
    const row = rows[0];
    if (!row) throw notFound(`Der er intet lokalforum med navnet "${slug}"`);
    return row.id;
  }

  async detail(slug: string, viewer: Principal | null): Promise<ForumDetail> {
    const rows: ForumRow[] = await this.db.query(`${FORUM_ROWS} WHERE a.slug = $1`, [slug]);
    const row = rows[0];
    if (!row) throw notFound(`Der er intet lokalforum med navnet "${slug}"`);
    const [coCreators, consultants, forum, memberRows] = await Promise.all([
      this.coCreatorsById([row]),
      this.people.listProcessConsultants().then((s) => this.people.describeStaff(s)),
      this.forums.findOneByOrFail({ id: row.id }),
      this.db.query<MemberRow[]>(
        `SELECT m.user_id, u.name, m.kind, m.represents, m.joined_at,
                (c.user_id IS NOT NULL) AS is_contact_person
           FROM memberships m
           JOIN users u ON u.id = m.user_id
           LEFT JOIN contact_persons c ON c.forum_id = m.forum_id AND c.user_id = m.user_id
          WHERE m.forum_id = $1
          ORDER BY u.name`,
        [row.id],
      ),
    ]);
    const base = summary(row, coCreators);
    const members = memberRows.map(toMember);
    const membersByKind = Object.fromEntries(memberKinds.map((k) => [k, 0])) as Record<
      MemberKind,
      number
    >;
    for (const m of members) membersByKind[m.kind] += 1;
    return {
      ...base,
      contactPersons: memberRows
        .filter((m) => m.is_contact_person)
        .map((m) => ({ userId: m.user_id, name: m.name })),
      staff: [...(base.coCreator ? [base.coCreator] : []), ...consultants],
      membersByKind,
      // Names are personal data: shown to signed-in people, counts to everyone.
      members: viewer ? members : null,
      myMembership: (viewer && members.find((m) => m.userId === viewer.userId)) ?? null,
      grant: {
        baseDkk: forum.grantBaseDkk,
        perInhabitantDkk: forum.grantPerInhabitantDkk,
        annualDkk: annualGrant(forum.grantBaseDkk, forum.grantPerInhabitantDkk, row.population),
        carryOverUnspent: forum.grantCarryOver,
      },
    };
  }

  private async coCreatorsById(rows: ForumRow[]) {
    const ids = [...new Set(rows.map((r) => r.co_creator_id).filter((id) => id !== null))];
    if (ids.length === 0) return new Map<string, ForumSummary['coCreator']>();
    const staff = await this.staff.find({
      where: ids.map((userId) => ({ userId })),
      relations: { user: true },
    });
    const described = await this.people.describeStaff(staff);
    return new Map(described.map((s) => [s.userId, s]));
  }
}

function summary(row: ForumRow, coCreators: Map<string, ForumSummary['coCreator']>): ForumSummary {
  return {
    slug: row.slug,
    name: row.name,
    areaName: row.area_name,
    places: row.places,
    population: row.population,
    memberCount: row.member_count,
    coCreator: row.co_creator_id ? (coCreators.get(row.co_creator_id) ?? null) : null,
  };
}

function toMember(row: MemberRow): ForumMember {
  return {
    userId: row.user_id,
    name: row.name,
    kind: row.kind,
    represents: row.represents,
    isContactPerson: row.is_contact_person,
    joinedAt: row.joined_at.toISOString(),
  };
}
