import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  defaultDeliveryModes,
  type DeliveryMode,
  type MailLanguage,
  type NotificationKind,
  type NotificationPreferences,
  notificationKinds,
  type UnsubscribeScope,
} from '@lokalforum/protocol';
import { DataSource, type EntityManager } from 'typeorm';
import { notFound } from '../common/domain-error';

/** Each person's choice per kind (immediate, digest, off) and the language their mail is in. */
@Injectable()
export class NotificationPreferencesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async get(userId: string, tx: EntityManager = this.db.manager): Promise<NotificationPreferences> {
    const users = await tx.query<{ language: MailLanguage }[]>(
      `SELECT language FROM users WHERE id = $1`,
      [userId],
    );
    if (!users[0]) throw notFound('Personen findes ikke');
    const rows = await tx.query<{ kind: NotificationKind; mode: DeliveryMode }[]>(
      `SELECT kind, mode FROM notification_preferences WHERE user_id = $1`,
      [userId],
    );
    const kinds = { ...defaultDeliveryModes };
    for (const row of rows) kinds[row.kind] = row.mode;
    return { language: users[0].language, kinds };
  }

  /** Replaces every choice at once (one row per kind, so a later default change reaches nobody who chose). */
  async put(userId: string, prefs: NotificationPreferences): Promise<NotificationPreferences> {
    return this.db.transaction(async (tx) => {
      await tx.query(`UPDATE users SET language = $2 WHERE id = $1`, [userId, prefs.language]);
      await this.setModes(tx, userId, notificationKinds, (k) => prefs.kinds[k]);
      return this.get(userId, tx);
    });
  }

  /** What an unsubscribe link does: its kind, the digest's kinds, or every kind, turned off. */
  async unsubscribe(userId: string, scope: UnsubscribeScope): Promise<NotificationPreferences> {
    return this.db.transaction(async (tx) => {
      // Locks the person's row, so two clicks at once agree on what "the digest's kinds" are.
      const [locked] = await tx.query<[{ id: string }?]>(
        `SELECT id FROM users WHERE id = $1 FOR UPDATE`,
        [userId],
      );
      if (!locked) throw notFound('Personen findes ikke');
      const current = await this.get(userId, tx);
      const kinds =
        scope === 'all'
          ? [...notificationKinds]
          : scope === 'digest'
            ? notificationKinds.filter((k) => current.kinds[k] === 'digest')
            : [scope];
      await this.setModes(tx, userId, kinds, () => 'off');
      return this.get(userId, tx);
    });
  }

  private async setModes(
    tx: EntityManager,
    userId: string,
    kinds: readonly NotificationKind[],
    mode: (kind: NotificationKind) => DeliveryMode,
  ): Promise<void> {
    if (kinds.length === 0) return;
    await tx.query(
      `INSERT INTO notification_preferences (user_id, kind, mode)
       SELECT $1, k, m FROM unnest($2::text[], $3::text[]) AS x(k, m)
       ON CONFLICT (user_id, kind) DO UPDATE SET mode = EXCLUDED.mode, updated_at = now()`,
      [userId, kinds, kinds.map(mode)],
    );
  }
}
