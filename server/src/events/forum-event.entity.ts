import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * One numbered event of a forum room, appended in the transaction of the change
 * it announces. A trigger assigns `seq` (gapless per forum, in commit order).
 */
@Entity('forum_events')
export class ForumEventRow {
  @PrimaryColumn('uuid', { name: 'forum_id' })
  forumId: string;

  @PrimaryColumn('bigint')
  seq: string;

  @Column('text')
  type: string;

  /** The post the event is about, so its copies can be redacted when it is hidden or deleted. */
  @Column('uuid', { name: 'subject_id', nullable: true })
  subjectId: string | null;

  @Column('jsonb')
  payload: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** The last `seq` given out per forum. */
@Entity('forum_event_heads')
export class ForumEventHead {
  @PrimaryColumn('uuid', { name: 'forum_id' })
  forumId: string;

  @Column('bigint', { name: 'last_seq' })
  lastSeq: string;
}
