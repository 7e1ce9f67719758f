import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { MemberKind } from '@lokalforum/protocol';
import { Forum } from '../forums/forum.entity';
import { User } from '../people/user.entity';

/** medlemskab: a person's membership of a lokalforum; one equal vote whatever they represent. */
@Entity('memberships')
export class Membership {
  @PrimaryColumn('uuid', { name: 'forum_id' })
  forumId: string;

  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @ManyToOne(() => Forum, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'forum_id' })
  forum: Forum;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: User;

  @Column('text')
  kind: MemberKind;

  /** Name of the association, business, council, guild or institution; null for citizens. */
  @Column('text', { nullable: true })
  represents: string | null;

  @CreateDateColumn({ name: 'joined_at', type: 'timestamptz' })
  joinedAt: Date;
}
