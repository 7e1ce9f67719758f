import { Column, CreateDateColumn, Entity, Generated, PrimaryGeneratedColumn } from 'typeorm';
import type { NotificationKind } from '@lokalforum/protocol';

/** besked: a personal notification, stored as a kind plus data (rendered in the reader's language). */
@Entity('notifications')
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Insertion order: the cursor of the list. */
  @Column({ type: 'bigint', insert: false, update: false })
  @Generated('increment')
  seq: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Column('text')
  kind: NotificationKind;

  @Column('uuid', { name: 'forum_id', nullable: true })
  forumId: string | null;

  @Column('jsonb')
  data: object;

  /** How it is mailed, as the person had chosen when it arrived. */
  @Column('text')
  delivery: 'immediate' | 'digest';

  /** At most one notification per person and key (e.g. one reminder per escalation). */
  @Column('text', { name: 'dedupe_key', nullable: true })
  dedupeKey: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'read_at', nullable: true })
  readAt: Date | null;

  @Column('timestamptz', { name: 'mailed_at', nullable: true })
  mailedAt: Date | null;

  @Column('timestamptz', { name: 'digested_at', nullable: true })
  digestedAt: Date | null;
}
