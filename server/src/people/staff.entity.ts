import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import type { StaffKind } from '@lokalforum/protocol';
import { User } from './user.entity';

/** Municipal staff: a fælles-skaber (coCreator) or the proceskonsulent (processConsultant). */
@Entity('staff')
export class Staff {
  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @OneToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: User;

  @Column('text')
  kind: StaffKind;

  /** Field of expertise (fagområde). */
  @Column('text')
  field: string;

  /** The municipal phone number they chose to publish in the directory. */
  @Column('text', { name: 'public_phone', nullable: true })
  publicPhone: string | null;

  /** The municipal e-mail address they chose to publish in the directory. */
  @Column('text', { name: 'public_email', nullable: true })
  publicEmail: string | null;

  /** What they can help with, in their own words. */
  @Column('text', { name: 'help_with', nullable: true })
  helpWith: string | null;
}
