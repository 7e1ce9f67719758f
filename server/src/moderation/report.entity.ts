import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** anmeldelse: someone's report of a post, waiting in the forum's moderation queue. */
@Entity('reports')
export class Report {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'forum_id' })
  forumId: string;

  @Column('uuid', { name: 'debate_id' })
  debateId: string;

  /** Null when the report is about the debate's opening post. */
  @Column('uuid', { name: 'comment_id', nullable: true })
  commentId: string | null;

  @Column('uuid', { name: 'reporter_id', nullable: true })
  reporterId: string | null;

  @Column('text')
  reason: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'resolved_at', nullable: true })
  resolvedAt: Date | null;

  @Column('uuid', { name: 'resolved_by', nullable: true })
  resolvedBy: string | null;

  @Column('text', { nullable: true })
  resolution: 'hidden' | 'dismissed' | null;
}
