import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ListPartnerBody, Partner, PartnerFilter } from '@lokalforum/protocol';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { conflict, DomainError, notFound } from '../common/domain-error';
import { RateLimiter } from '../common/rate-limiter';
import { rateRules } from '../common/rate-limits';

interface PartnerRow {
  id: string;
  name: string;
  kind: Partner['kind'];
  area_slug: string;
  area_name: string;
  forum_name: string;
  topics: string[];
  description: string | null;
  contact_name: string;
  listed_at: Date;
}

const PARTNERS = `
  SELECT p.id, p.name, p.kind, a.slug AS area_slug, a.name AS area_name, f.name AS forum_name,
         p.topics, p.description, u.name AS contact_name, p.listed_at
    FROM partners p
    JOIN forums f ON f.id = p.forum_id
    JOIN areas a ON a.id = f.area_id
    JOIN users u ON u.id = p.contact_id`;

const isUniqueViolation = (err: unknown) =>
  typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';

/**
 * The partner directory (samarbejdspartnere): what members represent, listed
 * by themselves as its contact. Leaving the forum takes the listing with it
 * (the database cascades it from the membership).
 */
@Injectable()
export class PartnersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly limiter: RateLimiter,
  ) {}

  /** Listed partners, by area and name; a topic matches in part or with small typos. */
  async list(filter: PartnerFilter = {}): Promise<Partner[]> {
    const rows: PartnerRow[] = await this.db.query(
      `SELECT * FROM (${PARTNERS}
        WHERE ($1::text IS NULL OR a.slug = $1) AND ($2::text IS NULL OR p.kind = $2)
          AND ($3::text IS NULL OR EXISTS (
                SELECT 1 FROM unnest(p.topics) t
                 WHERE t ILIKE '%' || $3 || '%' OR word_similarity($3, t) >= 0.5))
        ORDER BY a.position, lower(p.name), p.id) x`,
      [filter.area ?? null, filter.kind ?? null, filter.topic ?? null],
    );
    return rows.map(partner);
  }

  /** What I represent in this forum, listed with me as contact (again: updated). */
  async listMine(slug: string, principal: Principal, body: ListPartnerBody): Promise<Partner> {
    await this.limiter.consume(rateRules.profileChange, principal.userId);
    const id = await this.db
      .transaction(async (tx) => {
        const membership = await this.membership(tx, slug, principal);
        if (membership.kind === 'citizen' || !membership.represents) {
          const message =
            'Kun medlemmer, der repræsenterer en forening, virksomhed eller lignende, kan oprette en profil';
          throw new DomainError(409, 'conflict', message);
        }
        const [row] = await tx.query<[{ id: string }]>(
          `INSERT INTO partners (forum_id, contact_id, name, kind, topics, description)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (forum_id, contact_id) DO UPDATE
           SET name = EXCLUDED.name, kind = EXCLUDED.kind, topics = EXCLUDED.topics,
               description = EXCLUDED.description, updated_at = now()
         RETURNING id`,
          [
            membership.forum_id,
            principal.userId,
            membership.represents,
            membership.kind,
            body.topics,
            body.description ?? null,
          ],
        );
        return row.id;
      })
      .catch((err: unknown) => {
        if (isUniqueViolation(err)) {
          throw conflict('Et andet medlem står allerede som kontakt for den i dette lokalforum');
        }
        throw err;
      });
    const [row] = await this.db.query<PartnerRow[]>(`${PARTNERS} WHERE p.id = $1`, [id]);
    return partner(row!);
  }

  async unlistMine(slug: string, principal: Principal): Promise<void> {
    const membership = await this.membership(this.db.manager, slug, principal);
    const deleted = await this.db.query<{ id: string }[]>(
      // As a SELECT: TypeORM answers a bare DELETE … RETURNING with [rows, count].
      `WITH gone AS (DELETE FROM partners WHERE forum_id = $1 AND contact_id = $2 RETURNING id)
       SELECT id FROM gone`,
      [membership.forum_id, principal.userId],
    );
    if (deleted.length === 0) throw notFound('Du står ikke som kontakt for en profil her');
  }

  private async membership(tx: EntityManager, slug: string, principal: Principal) {
    const [row] = await tx.query<
      { forum_id: string; kind: string; represents: string | null; member: boolean }[]
    >(
      `SELECT f.id AS forum_id, m.kind, m.represents, m.user_id IS NOT NULL AS member
         FROM forums f JOIN areas a ON a.id = f.area_id
         LEFT JOIN memberships m ON m.forum_id = f.id AND m.user_id = $2
        WHERE a.slug = $1`,
      [slug, principal.userId],
    );
    if (!row) throw notFound('Lokalforummet findes ikke');
    if (!row.member)
      throw new DomainError(403, 'forbidden', 'Du er ikke medlem af dette lokalforum');
    return row;
  }
}

function partner(r: PartnerRow): Partner {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    area: { slug: r.area_slug, name: r.area_name },
    forumName: r.forum_name,
    topics: r.topics,
    description: r.description,
    contactName: r.contact_name,
    listedAt: r.listed_at.toISOString(),
  };
}
