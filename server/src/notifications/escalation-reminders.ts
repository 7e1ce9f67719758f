import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobQueue } from '../jobs/job-queue';
import type { Recurrence } from '../jobs/recurrence';
import { NotificationsService } from './notifications.service';

export const DUE_SOON_JOB = 'notifications.escalationsDueSoon';
/** Every morning, before the digest. */
export const DUE_SOON_RUNS: Recurrence = { kind: 'daily', hour: 6, minute: 30 };
/** How far ahead "about to be overdue" looks. */
export const DUE_SOON_HOURS = 48;

/**
 * Staff hear of an escalation in their inbox that is due within two days and
 * still has no answer: once per escalation (a unique key in the database),
 * however often the daily job runs.
 */
@Injectable()
export class EscalationReminders implements OnModuleInit {
  constructor(
    private readonly jobs: JobQueue,
    private readonly notifications: NotificationsService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(DUE_SOON_JOB, () => this.remind().then(() => undefined), {
      runs: DUE_SOON_RUNS,
    });
  }

  /** Reminds whoever has each escalation due soon; answers how many reminders were new. */
  async remind(): Promise<number> {
    const stored = await this.notifications.notify({
      kind: 'escalationDueSoon',
      // Each escalation brings its own facts; the base data is empty.
      data: {} as never,
      recipients: {
        sql: `SELECT COALESCE(e.assignee_id, e.recipient_id) AS user_id, e.forum_id,
                     'escalationDueSoon:' || e.id AS dedupe_key,
                     jsonb_build_object(
                       'proposalId', p.id, 'proposalTitle', p.title,
                       'forumSlug', a.slug, 'forumName', f.name, 'escalationId', e.id,
                       'answerDueAt', to_char(e.answer_due_at AT TIME ZONE 'UTC',
                                              'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) AS extra
                FROM escalations e
                JOIN proposals p ON p.id = e.proposal_id
                JOIN forums f ON f.id = e.forum_id
                JOIN areas a ON a.id = f.area_id
               WHERE e.first_answered_at IS NULL
                 AND COALESCE(e.assignee_id, e.recipient_id) IS NOT NULL
                 AND e.answer_due_at > now()
                 AND e.answer_due_at <= now() + make_interval(hours => $1)`,
        params: [DUE_SOON_HOURS],
      },
      actorId: null,
      forumId: null,
    });
    return stored.length;
  }
}
