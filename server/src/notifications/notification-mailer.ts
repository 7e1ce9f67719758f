import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MailLanguage, Notification, NotificationKind } from '@lokalforum/protocol';
import { DataSource, type EntityManager } from 'typeorm';
import { JobQueue } from '../jobs/job-queue';
import type { Recurrence } from '../jobs/recurrence';
import { MailService } from '../mail/mail.service';
import { MailLinks } from './mail-links';
import { digestMail, type MailText, notificationMail } from './notification-mail-templates';
import { toNotification } from './notification-rows';
import { UnsubscribeTokens } from './unsubscribe-tokens';
import type { UnsubscribeScope } from '@lokalforum/protocol';

export const DIGEST_JOB = 'notifications.digest';
/** Every morning, Danish time. */
export const DIGEST_RUNS: Recurrence = { kind: 'daily', hour: 7, minute: 0 };

interface MailRow {
  id: string;
  user_id: string;
  kind: NotificationKind;
  data: object;
  created_at: Date;
  read_at: Date | null;
  email: string;
  language: MailLanguage;
  /** The person's choice now (null: the default), which may differ from when it arrived. */
  mode: 'immediate' | 'digest' | 'off' | null;
}

const MAIL_ROWS = `
  SELECT n.id, n.user_id, n.kind, n.data, n.created_at, n.read_at, u.email, u.language, pref.mode
    FROM notifications n
    JOIN users u ON u.id = n.user_id
    LEFT JOIN notification_preferences pref ON pref.user_id = n.user_id AND pref.kind = n.kind`;

/**
 * Notification e-mail: one mail per notification for `immediate` kinds (sent
 * from a job, so a failing SMTP server is retried and no request waits), and
 * each person's daily digest of the rest. Every mail carries a signed
 * one-click unsubscribe link, in the body and in the List-Unsubscribe header.
 */
@Injectable()
export class NotificationMailer implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly mail: MailService,
    private readonly jobs: JobQueue,
    private readonly links: MailLinks,
    private readonly tokens: UnsubscribeTokens,
  ) {}

  onModuleInit(): void {
    this.jobs.register(DIGEST_JOB, () => this.sendDigests().then(() => undefined), {
      runs: DIGEST_RUNS,
    });
  }

  /**
   * Mails each listed notification once. A failure leaves it unmailed and
   * throws after trying the rest, so the job is retried for what is left.
   */
  async sendImmediate(ids: string[]): Promise<void> {
    let failure: Error | null = null;
    for (const id of ids) {
      try {
        await this.db.transaction((tx) => this.sendOne(tx, id));
      } catch (err) {
        failure ??= err instanceof Error ? err : new Error(String(err));
      }
    }
    if (failure) throw failure;
  }

  /** Sends every person with undigested notifications their digest; answers how many went out. */
  async sendDigests(): Promise<number> {
    const people = await this.db.query<{ user_id: string }[]>(
      `SELECT DISTINCT user_id FROM notifications WHERE delivery = 'digest' AND digested_at IS NULL`,
    );
    let sent = 0;
    let failure: Error | null = null;
    for (const { user_id } of people) {
      try {
        if (await this.sendDigestTo(user_id)) sent += 1;
      } catch (err) {
        failure ??= err instanceof Error ? err : new Error(String(err));
      }
    }
    if (failure) throw failure;
    return sent;
  }

  /**
   * One person's digest: every digest-kind notification since the last one,
   * marked digested in the same transaction as it is sent (a failed send
   * leaves them for the next run). Kinds turned off since are dropped unsent.
   */
  async sendDigestTo(userId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<MailRow[]>(
        `${MAIL_ROWS}
          WHERE n.user_id = $1 AND n.delivery = 'digest' AND n.digested_at IS NULL
          ORDER BY n.seq FOR UPDATE OF n SKIP LOCKED`,
        [userId],
      );
      if (rows.length === 0) return false;
      await tx.query(`UPDATE notifications SET digested_at = now() WHERE id = ANY($1::uuid[])`, [
        rows.map((r) => r.id),
      ]);
      const [previous] = await tx.query<[{ last_sent_at: Date }?]>(
        `SELECT last_sent_at FROM notification_digests WHERE user_id = $1`,
        [userId],
      );
      await tx.query(
        `INSERT INTO notification_digests (user_id, last_sent_at) VALUES ($1, now())
         ON CONFLICT (user_id) DO UPDATE SET last_sent_at = now()`,
        [userId],
      );
      const wanted = rows.filter((r) => r.mode !== 'off');
      if (wanted.length === 0) return false;
      const { email, language } = wanted[0]!;
      const unsubscribe = await this.unsubscribeUrl(userId, 'digest');
      await this.send(
        email,
        unsubscribe,
        digestMail(
          language,
          wanted.map(toNotification),
          this.linkSet(unsubscribe),
          previous?.last_sent_at.toISOString() ?? null,
        ),
      );
      return true;
    });
  }

  private async sendOne(tx: EntityManager, id: string): Promise<void> {
    const [row] = await tx.query<MailRow[]>(
      `${MAIL_ROWS} WHERE n.id = $1 AND n.delivery = 'immediate' AND n.mailed_at IS NULL
        FOR UPDATE OF n SKIP LOCKED`,
      [id],
    );
    if (!row) return;
    if (row.mode === 'digest') {
      // Chosen since it arrived: it goes out with the next digest instead.
      await tx.query(`UPDATE notifications SET delivery = 'digest' WHERE id = $1`, [id]);
      return;
    }
    await tx.query(`UPDATE notifications SET mailed_at = now() WHERE id = $1`, [id]);
    if (row.mode === 'off') return;
    const notification: Notification = toNotification(row);
    const unsubscribe = await this.unsubscribeUrl(row.user_id, row.kind);
    await this.send(
      row.email,
      unsubscribe,
      notificationMail(row.language, notification, this.linkSet(unsubscribe)),
    );
  }

  private async send(to: string, unsubscribe: string, mail: MailText): Promise<void> {
    const oneClick = unsubscribe.replace('/afmeld?', '/api/notifications/unsubscribe?');
    await this.mail.send({
      to,
      ...mail,
      headers: {
        'List-Unsubscribe': `<${oneClick}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    });
  }

  /** The page a person confirms on; the same query string one-click POSTs to the API. */
  private async unsubscribeUrl(userId: string, scope: UnsubscribeScope): Promise<string> {
    const token = await this.tokens.sign({ userId, scope });
    return this.links.url(`/afmeld?token=${encodeURIComponent(token)}`);
  }

  private linkSet(unsubscribe: string) {
    return {
      open: (path: string) => this.links.url(path),
      unsubscribe,
      settings: this.links.url('/notifikationer/indstillinger'),
    };
  }
}
