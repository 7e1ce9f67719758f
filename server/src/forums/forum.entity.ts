import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  OneToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Area } from './area.entity';

const decimal = {
  to: (v: number) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};

/** lokalforum: the open forum of one area. */
@Entity('forums')
export class Forum {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'area_id' })
  areaId: string;

  @OneToOne(() => Area, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'area_id' })
  area: Area;

  @Column('text')
  name: string;

  @Column('integer', { name: 'grant_base_dkk' })
  grantBaseDkk: number;

  @Column('numeric', {
    name: 'grant_per_inhabitant_dkk',
    precision: 10,
    scale: 2,
    transformer: decimal,
  })
  grantPerInhabitantDkk: number;

  @Column('boolean', { name: 'grant_carry_over', default: true })
  grantCarryOver: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
