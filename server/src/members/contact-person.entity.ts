import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** kontaktperson: a member the municipality can reach; moderates the forum. */
@Entity('contact_persons')
export class ContactPerson {
  @PrimaryColumn('uuid', { name: 'forum_id' })
  forumId: string;

  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @CreateDateColumn({ name: 'since', type: 'timestamptz' })
  since: Date;
}
