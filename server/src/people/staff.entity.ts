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
}
