import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { StaffDirectoryEntry, StaffKind, StaffRef } from '@lokalforum/protocol';
import { DataSource, type EntityManager } from 'typeorm';

interface StaffRow {
  user_id: string;
  name: string;
  kind: StaffKind;
  field: string;
  areas: string[];
}

/** Staff with their areas: a fælles-skaber their fixed areas, the process consultant all of them. */
const staffRows = `
  SELECT s.user_id, u.name, s.kind, s.field,
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

  /** Everyone, fælles-skabere by name first, then the process consultants. */
  async list(): Promise<StaffDirectoryEntry[]> {
    const rows: StaffRow[] = await this.db.query(
      `${staffRows} ORDER BY s.kind = 'processConsultant', u.name, s.user_id`,
    );
    return rows.map(entry);
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
  };
}
