import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CreatePoolBody, Pool, PoolDetail, UpdatePoolBody } from '@lokalforum/protocol';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { conflict, DomainError, forbidden, notFound } from '../common/domain-error';
import { RateLimiter } from '../common/rate-limiter';
import { rateRules } from '../common/rate-limits';
import { applicationRows, applicationSummary, poolRow, poolRows, poolView } from './pool-rows';

const ADMINISTRATORS_ONLY = 'Kun en administrator kan oprette, ændre og lukke puljer';

/** The columns a pool's fields are stored in. */
const columns: Record<keyof UpdatePoolBody, string> = {
  name: 'name',
  description: 'description',
  minPerApplicationDkk: 'min_per_application_dkk',
  maxPerApplicationDkk: 'max_per_application_dkk',
  annualDkk: 'annual_dkk',
  deadline: 'deadline',
  excludedAreas: 'excluded_areas',
  requirements: 'requirements',
  volunteerHourRateDkk: 'volunteer_hour_rate_dkk',
  openedYear: 'opened_year',
};

const isViolation = (err: unknown, code: string) =>
  typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;

/**
 * Municipal pools (puljer) as records: everyone reads them, open and closed
 * alike; administrators add, change and close them. A closed pool keeps its
 * applications and rules, and takes no new applications.
 */
@Injectable()
export class PoolsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly limiter: RateLimiter,
  ) {}

  async list(): Promise<Pool[]> {
    const now = this.clock.now();
    return (await poolRows(this.db.manager)).map((row) => poolView(row, now));
  }

  async get(slug: string): Promise<PoolDetail> {
    const row = await poolRow(this.db.manager, slug);
    if (!row) throw notFound('Puljen findes ikke');
    const applications = await applicationRows(this.db.manager, 'pool', row.id);
    return {
      pool: poolView(row, this.clock.now()),
      applications: applications.map(applicationSummary),
    };
  }

  async create(principal: Principal, body: CreatePoolBody): Promise<Pool> {
    await this.checkAdministrator(principal);
    await this.checkAreas(body.excludedAreas);
    await this.db
      .query(
        `INSERT INTO pools (slug, name, description, min_per_application_dkk,
           max_per_application_dkk, annual_dkk, deadline, excluded_areas, requirements,
           volunteer_hour_rate_dkk, opened_year)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          body.slug,
          body.name,
          body.description,
          body.minPerApplicationDkk,
          body.maxPerApplicationDkk,
          body.annualDkk,
          body.deadline,
          [...new Set(body.excludedAreas)],
          [...new Set(body.requirements)],
          body.volunteerHourRateDkk,
          body.openedYear,
        ],
      )
      .catch((err: unknown) => {
        if (isViolation(err, '23505'))
          throw conflict(`Der findes allerede en pulje »${body.slug}«`);
        throw err;
      });
    return this.view(this.db.manager, body.slug);
  }

  async update(principal: Principal, slug: string, body: UpdatePoolBody): Promise<Pool> {
    await this.checkAdministrator(principal);
    if (body.excludedAreas) await this.checkAreas(body.excludedAreas);
    return this.db.transaction(async (tx) => {
      const row = await poolRow(tx, slug, true);
      if (!row) throw notFound('Puljen findes ikke');
      const set: string[] = [];
      const params: unknown[] = [row.id];
      for (const [field, column] of Object.entries(columns) as [keyof UpdatePoolBody, string][]) {
        const value = body[field];
        if (value === undefined) continue;
        params.push(Array.isArray(value) ? [...new Set(value)] : value);
        set.push(`${column} = $${params.length}`);
      }
      if (set.length > 0) {
        await tx
          .query(`UPDATE pools SET ${set.join(', ')}, updated_at = now() WHERE id = $1`, params)
          .catch((err: unknown) => {
            // The new minimum above the stored maximum (or the other way round).
            if (isViolation(err, '23514')) {
              throw new DomainError(
                400,
                'validation_failed',
                'Mindstebeløbet kan ikke være større end højestebeløbet',
                [{ path: 'maxPerApplicationDkk', message: 'Mindre end mindstebeløbet' }],
              );
            }
            throw err;
          });
      }
      return this.view(tx, slug);
    });
  }

  /** Closes a pool now: it stays listed with its history and takes no new applications. */
  async close(principal: Principal, slug: string): Promise<Pool> {
    await this.checkAdministrator(principal);
    // Through a CTE: TypeORM answers a bare UPDATE … RETURNING with [rows, count].
    const rows = await this.db.query<{ id: string }[]>(
      `WITH closed AS (UPDATE pools SET closed_at = now(), updated_at = now()
                        WHERE slug = $1 AND closed_at IS NULL RETURNING id)
       SELECT id FROM closed`,
      [slug],
    );
    if (rows.length === 0) {
      if (!(await poolRow(this.db.manager, slug))) throw notFound('Puljen findes ikke');
      throw conflict('Puljen er allerede lukket');
    }
    return this.view(this.db.manager, slug);
  }

  private async checkAdministrator(principal: Principal): Promise<void> {
    if (!principal.isAdministrator) throw forbidden(ADMINISTRATORS_ONLY);
    await this.limiter.consume(rateRules.poolStep, principal.userId);
  }

  private async checkAreas(slugs: string[]): Promise<void> {
    const known = await this.db.query<{ slug: string }[]>(
      `SELECT slug FROM areas WHERE slug = ANY($1)`,
      [slugs],
    );
    const unknown = slugs.filter((s) => !known.some((k) => k.slug === s));
    if (unknown.length > 0) {
      const message = `Ukendt lokalområde: ${unknown.join(', ')}`;
      throw new DomainError(400, 'validation_failed', message, [
        { path: 'excludedAreas', message },
      ]);
    }
  }

  private async view(tx: EntityManager, slug: string): Promise<Pool> {
    const row = await poolRow(tx, slug);
    if (!row) throw notFound('Puljen findes ikke');
    return poolView(row, this.clock.now());
  }
}
