import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A person who has signed in at least once (borger, medlem, medarbejder). */
@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Always stored in lower case; unique. */
  @Column('text')
  email: string;

  @Column('text')
  name: string;

  @Column('boolean', { name: 'is_administrator', default: false })
  isAdministrator: boolean;

  /** Fictional demo person, listed for one-click sign-in in demo mode. */
  @Column('boolean', { name: 'is_demo', default: false })
  isDemo: boolean;

  /** The language notifications are mailed in ('da' | 'en'), kept in step with /sprog. */
  @Column('text', { default: 'da' })
  language: 'da' | 'en';

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
