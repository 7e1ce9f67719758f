import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { notificationKinds, type UnsubscribeScope } from '@lokalforum/protocol';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';

export interface UnsubscribeClaim {
  userId: string;
  scope: UnsubscribeScope;
}

const SECRET_NAME = 'unsubscribe';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const scopes = new Set<string>([...notificationKinds, 'digest', 'all']);

/**
 * Signed unsubscribe tokens (HMAC-SHA256 over person and scope): a link in a
 * mail works without signing in, for as long as the person exists, and
 * cannot be altered to unsubscribe someone else. The key is made once and
 * kept in the database, so every node signs and checks alike.
 */
@Injectable()
export class UnsubscribeTokens {
  private key: Promise<Buffer> | null = null;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async sign(claim: UnsubscribeClaim): Promise<string> {
    const payload = Buffer.from(`${claim.userId}:${claim.scope}`).toString('base64url');
    return `${payload}.${await this.mac(payload)}`;
  }

  /** The claim a token makes, or null when it is malformed or not signed by us. */
  async verify(token: string): Promise<UnsubscribeClaim | null> {
    const [payload, mac, ...rest] = token.split('.');
    if (!payload || !mac || rest.length > 0) return null;
    const expected = Buffer.from(await this.mac(payload));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const text = Buffer.from(payload, 'base64url').toString();
    const at = text.indexOf(':');
    const userId = text.slice(0, at);
    const scope = text.slice(at + 1);
    if (at < 0 || !UUID.test(userId) || !scopes.has(scope)) return null;
    return { userId, scope: scope as UnsubscribeScope };
  }

  private async mac(payload: string): Promise<string> {
    const key = await (this.key ??= this.loadKey());
    return createHmac('sha256', key).update(payload).digest('base64url');
  }

  private async loadKey(): Promise<Buffer> {
    try {
      await this.db.query(
        `INSERT INTO server_secrets (name, secret) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`,
        [SECRET_NAME, randomBytes(32)],
      );
      const [row] = await this.db.query<[{ secret: Buffer }]>(
        `SELECT secret FROM server_secrets WHERE name = $1`,
        [SECRET_NAME],
      );
      return row.secret;
    } catch (err) {
      this.key = null;
      throw err;
    }
  }
}
