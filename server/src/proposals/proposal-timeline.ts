import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  TimelineActor,
  TimelineData,
  TimelineEntry,
  TimelineKind,
} from '@lokalforum/protocol';
import { DataSource, type EntityManager } from 'typeorm';

/** A step to record; `actor.name` and `actor.role` are kept as they are now. */
export interface NewTimelineEntry<K extends TimelineKind = TimelineKind> {
  proposalId: string;
  kind: K;
  actor: TimelineActor;
  reason?: string | null;
  data: TimelineData[K];
}

interface TimelineRow {
  id: string;
  kind: TimelineKind;
  actor_id: string | null;
  actor_name: string | null;
  actor_role: TimelineActor['role'];
  reason: string | null;
  data: TimelineData[TimelineKind];
  at: Date;
}

/** The server itself as an actor (a vote closing at its deadline). */
export const SYSTEM_ACTOR: TimelineActor = { userId: null, name: null, role: 'system' };

/**
 * A proposal's public history (append-only in the database): every status
 * change, vote, escalation, answer and hand-over, with who, when and why.
 * Entries are written in the transaction of the step they record.
 */
@Injectable()
export class ProposalTimelineService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record<K extends TimelineKind>(
    tx: EntityManager,
    entry: NewTimelineEntry<K>,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO proposal_timeline (proposal_id, kind, actor_id, actor_name, actor_role, reason, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        entry.proposalId,
        entry.kind,
        entry.actor.userId,
        entry.actor.name,
        entry.actor.role,
        entry.reason ?? null,
        JSON.stringify(entry.data),
      ],
    );
  }

  /** Oldest first. */
  async list(proposalId: string): Promise<TimelineEntry[]> {
    const rows: TimelineRow[] = await this.db.query(
      `SELECT id::text, kind, actor_id, actor_name, actor_role, reason, data, at
         FROM proposal_timeline WHERE proposal_id = $1 ORDER BY id`,
      [proposalId],
    );
    return rows.map(
      (row) =>
        ({
          id: row.id,
          kind: row.kind,
          at: row.at.toISOString(),
          actor: { userId: row.actor_id, name: row.actor_name, role: row.actor_role },
          reason: row.reason,
          data: row.data,
        }) as TimelineEntry,
    );
  }
}
