import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS_BEFORE = `('voteOpened', 'voteClosed', 'escalationAnswered', 'reply', 'postHidden',
  'reportCreated', 'escalationReceived', 'escalationDueSoon', 'requestReceived', 'requestUpdated',
  'poolApplication')`;
const KINDS = `('voteOpened', 'voteClosed', 'escalationAnswered', 'reply', 'postHidden',
  'reportCreated', 'escalationReceived', 'escalationDueSoon', 'requestReceived', 'requestUpdated',
  'poolApplication', 'grantRefused')`;

/**
 * A new notification kind, `grantRefused`: an adopted proposal's amount that
 * the forum's grant did not cover (the timeline already records it).
 */
export class GrantRefusedNotification1764900000000 implements MigrationInterface {
  name = 'GrantRefusedNotification1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await this.allow(q, KINDS);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notifications WHERE kind = 'grantRefused'`);
    await q.query(`DELETE FROM notification_preferences WHERE kind = 'grantRefused'`);
    await this.allow(q, KINDS_BEFORE);
  }

  private async allow(q: QueryRunner, kinds: string): Promise<void> {
    await q.query(`
      ALTER TABLE notifications DROP CONSTRAINT notifications_kind,
        ADD CONSTRAINT notifications_kind CHECK (kind IN ${kinds})`);
    await q.query(`
      ALTER TABLE notification_preferences DROP CONSTRAINT notification_preferences_kind,
        ADD CONSTRAINT notification_preferences_kind CHECK (kind IN ${kinds})`);
  }
}
