import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { NotificationKind } from '@lokalforum/protocol';

/** besked: a personal notification (for now: one of your posts was hidden). */
@Entity('notifications')
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Column('text')
  kind: NotificationKind;

  @Column('uuid', { name: 'forum_id' })
  forumId: string;

  @Column('uuid', { name: 'debate_id' })
  debateId: string;

  @Column('uuid', { name: 'comment_id', nullable: true })
  commentId: string | null;

  @Column('text')
  text: string;

  @Column('text', { nullable: true })
  reason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'read_at', nullable: true })
  readAt: Date | null;
}
