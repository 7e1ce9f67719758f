import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobQueue } from '../jobs/job-queue';
import { NotificationMailer } from './notification-mailer';

export const MAIL_JOB = 'notifications.mail';
/** Notifications per mail job: a fan-out to many becomes a few jobs, not one per person. */
const PER_JOB = 50;

/** Queues notification mail in PostgreSQL (pg-boss), so it survives restarts and is retried. */
@Injectable()
export class NotificationMailQueue implements OnModuleInit {
  constructor(
    private readonly jobs: JobQueue,
    private readonly mailer: NotificationMailer,
  ) {}

  onModuleInit(): void {
    this.jobs.register<{ ids: string[] }>(MAIL_JOB, ({ ids }) => this.mailer.sendImmediate(ids));
  }

  async queueImmediate(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += PER_JOB) {
      await this.jobs.send(MAIL_JOB, { ids: ids.slice(i, i + PER_JOB) });
    }
  }
}
