import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Staff } from '../people/staff.entity';

/** lokalområde: one of Holbæk's 18 local areas, with a fixed fælles-skaber. */
@Entity('areas')
export class Area {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  slug: string;

  @Column('text')
  name: string;

  @Column('text', { array: true, default: () => "'{}'" })
  places: string[];

  @Column('integer', { nullable: true })
  population: number | null;

  /** Order in the municipal plan, for stable listing. */
  @Column('integer')
  position: number;

  @Column('uuid', { name: 'co_creator_id', nullable: true })
  coCreatorId: string | null;

  @ManyToOne(() => Staff, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'co_creator_id' })
  coCreator: Staff | null;
}
