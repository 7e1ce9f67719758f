import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ModerationAction as ModerationActionKind } from '@lokalforum/protocol';

/** One act of moderation; the forum's public, append-only moderation log. */
@Entity('moderation_actions')
export class ModerationAction {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'forum_id' })
  forumId: string;

  @Column('uuid', { name: 'debate_id' })
  debateId: string;

  @Column('uuid', { name: 'comment_id', nullable: true })
  commentId: string | null;

  @Column('text')
  action: ModerationActionKind;

  @Column('text', { nullable: true })
  reason: string | null;

  @Column('uuid', { name: 'moderator_id', nullable: true })
  moderatorId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
