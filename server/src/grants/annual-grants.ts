import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { JobQueue } from '../jobs/job-queue';
import { danishDate } from './grant-balance';
import { GrantLedger } from './grant-ledger';

/** Daily just after midnight on Danish clocks, once across nodes: on 1 January it writes the new year's grants. */
const ANNUAL_GRANT_JOB = 'annual-grants';

/**
 * Each forum's grant entry for the current year, written when a node boots
 * and by a daily job (so 1 January is met even when no node was up at
 * midnight). Writing it is idempotent: one grant per forum and year is a
 * unique index, and an existing one is left as it is.
 */
@Injectable()
export class AnnualGrants implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('AnnualGrants');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ledger: GrantLedger,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.register(ANNUAL_GRANT_JOB, () => this.ensure(), {
      runs: { kind: 'daily', hour: 0, minute: 5 },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ensure().catch((err: unknown) =>
      this.logger.error('Writing this year’s grants failed', err),
    );
  }

  /** Writes the year's grant of every forum that lacks one (the current year by default). */
  async ensure(year = danishDate(this.clock.now()).year): Promise<void> {
    const forums = await this.db.query<{ id: string }[]>(`SELECT id FROM forums ORDER BY id`);
    for (const { id } of forums) {
      await this.db.transaction(async (tx) => {
        const basis = await this.ledger.lock(tx, id);
        await this.ledger.ensureGrant(tx, basis, year);
      });
    }
  }
}
