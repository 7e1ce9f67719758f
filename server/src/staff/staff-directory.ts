import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  StaffDirectoryEntry,
  StaffDirectoryFilter,
  StaffKind,
  StaffProfileBody,
  StaffRef,
} from '@lokalforum/protocol';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, forbidden } from '../common/domain-error';
import { PLACE_MATCHES, PLACE_ORDER } from '../forums/place-matches';

interface StaffRow {
  user_id: string;
  name: string;
  kind: StaffKind;
  field: string;
  areas: string[];
  public_phone: string | null;
  public_email: string | null;
  help_with: string | null;
}

/** Staff with their areas: a fælles-skaber their fixed areas, the process consultant all of them. */
const staffRows = `
  SELECT s.user_id, u.name, s.kind, s.field, s.public_phone, s.public_email, s.help_with,
         CASE WHEN s.kind = 'processConsultant'
              THEN ARRAY(SELECT slug FROM areas ORDER BY position)
              ELSE ARRAY(SELECT slug FROM areas WHERE co_creator_id = s.user_id ORDER BY position)
         END AS areas
    FROM staff s JOIN users u ON u.id = s.user_id`;

/**
 * Municipal staff (medarbejdere) as escalations and the workspace need them:
 * who they are, their field (fagområde) and the areas they cover.
 */
@Injectable()
export class StaffDirectory {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Everyone, fælles-skabere by name first, then the process consultants;
   * narrowed to an area, the area of a place, or a field. A place that is in
   * no area is a 400 that says so, not an empty list that looks like "nobody".
   */
  async list(filter: StaffDirectoryFilter = {}): Promise<StaffDirectoryEntry[]> {
    const area = filter.place ? await this.areaOfPlace(filter.place) : null;
    const rows: StaffRow[] = await this.db.query(
      `SELECT d.* FROM (${staffRows}) d
        WHERE ($1::text IS NULL OR $1 = ANY(d.areas))
          AND ($2::text IS NULL OR $2 = ANY(d.areas))
          AND ($3::text IS NULL OR d.field ILIKE '%' || $3 || '%' OR word_similarity($3, d.field) >= 0.5)
        ORDER BY d.kind = 'processConsultant', d.name, d.user_id`,
      [filter.area ?? null, area, filter.field ?? null],
    );
    return rows.map(entry);
  }

  /** The area of the place that matches `place` best (exact names first, then small typos). */
  private async areaOfPlace(place: string): Promise<string> {
    const [row] = await this.db.query<{ area_slug: string }[]>(
      `SELECT m.area_slug FROM (${PLACE_MATCHES}) m ORDER BY ${PLACE_ORDER} LIMIT 1`,
      [place],
    );
    if (!row) {
      const message = `Vi kender ikke stedet »${place}« i Holbæk Kommune`;
      throw new DomainError(400, 'validation_failed', message, [{ path: 'place', message }]);
    }
    return row.area_slug;
  }

  /** What a staff member publishes about reaching them; an empty field is taken off. */
  async publish(userId: string, profile: StaffProfileBody): Promise<StaffDirectoryEntry> {
    const updated = await this.db.query<{ user_id: string }[]>(
      // As a SELECT: TypeORM answers a bare UPDATE … RETURNING with [rows, count].
      `WITH changed AS (
         UPDATE staff SET public_phone = NULLIF($2, ''), public_email = NULLIF(lower($3), ''),
                help_with = NULLIF($4, '')
          WHERE user_id = $1 RETURNING user_id)
       SELECT user_id FROM changed`,
      [userId, profile.phone, profile.email, profile.helpWith],
    );
    const me = updated.length ? await this.find(userId) : null;
    if (!me) throw forbidden('Kun kommunens medarbejdere har en profil i medarbejderoversigten');
    return me;
  }

  /** The staff member with this user id, or null when they are not staff (now). */
  async find(
    userId: string,
    tx: EntityManager = this.db.manager,
  ): Promise<StaffDirectoryEntry | null> {
    const rows: StaffRow[] = await tx.query(`${staffRows} WHERE s.user_id = $1`, [userId]);
    return rows[0] ? entry(rows[0]) : null;
  }

  /** The fælles-skaber of the forum's area, if it has one. */
  async coCreatorOfForum(forumId: string, tx: EntityManager): Promise<StaffDirectoryEntry | null> {
    const rows: StaffRow[] = await tx.query(
      `${staffRows} JOIN areas a ON a.co_creator_id = s.user_id JOIN forums f ON f.area_id = a.id
        WHERE f.id = $1`,
      [forumId],
    );
    return rows[0] ? entry(rows[0]) : null;
  }

  /** A process consultant (the one longest in the directory, when there are several). */
  async processConsultant(tx: EntityManager): Promise<StaffDirectoryEntry | null> {
    const rows: StaffRow[] = await tx.query(
      `${staffRows} WHERE s.kind = 'processConsultant' ORDER BY u.created_at, s.user_id LIMIT 1`,
    );
    return rows[0] ? entry(rows[0]) : null;
  }
}

export function staffRef(entry: StaffDirectoryEntry): StaffRef {
  return { userId: entry.userId, name: entry.name, kind: entry.kind, field: entry.field };
}

function entry(row: StaffRow): StaffDirectoryEntry {
  return {
    userId: row.user_id,
    name: row.name,
    kind: row.kind,
    field: row.field,
    areas: row.areas,
    phone: row.public_phone,
    email: row.public_email,
    helpWith: row.help_with,
  };
}
