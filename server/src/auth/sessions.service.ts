import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, MoreThan, type Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Clock } from '../common/clock';
import { DomainEventBus } from '../events/domain-event-bus';
import type { SessionEndReason } from '../events/domain-events';
import type { SessionRef } from './credentials';
import type { Principal } from './principal';
import { Session } from './session.entity';
import { hashToken, newToken } from './tokens';

@Injectable()
export class SessionsService {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly events: DomainEventBus,
  ) {}

  async create(userId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = newToken();
    const expiresAt = new Date(
      this.clock.now().getTime() + this.config.sessionTtlDays * 86_400_000,
    );
    await this.sessions.insert({ tokenHash: hashToken(token), userId, expiresAt });
    return { token, expiresAt };
  }

  /** The person signed in with `token`, while its session is neither revoked nor expired. */
  async resolve(token: string): Promise<Principal | null> {
    return (await this.resolveSession(token))?.principal ?? null;
  }

  /** Like `resolve`, with the session's id and expiry (connections end with it). */
  async resolveSession(
    token: string,
  ): Promise<{ principal: Principal; session: SessionRef } | null> {
    if (token.length > 200) return null;
    // Every request and connection asks this: one plain statement, not the ORM's join.
    const rows = await this.sessions.query<
      {
        id: string;
        user_id: string;
        expires_at: Date;
        name: string;
        email: string;
        is_administrator: boolean;
      }[]
    >(
      `SELECT s.id, s.user_id, s.expires_at, u.name, u.email, u.is_administrator
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2`,
      [hashToken(token), this.clock.now()],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      principal: {
        userId: row.user_id,
        sessionId: row.id,
        name: row.name,
        email: row.email,
        isAdministrator: row.is_administrator,
      },
      session: { id: row.id, expiresAt: row.expires_at },
    };
  }

  /** Whether a session is still neither revoked nor expired. */
  async isActive(sessionId: string): Promise<boolean> {
    return this.sessions.exists({
      where: { id: sessionId, revokedAt: IsNull(), expiresAt: MoreThan(this.clock.now()) },
    });
  }

  /** Ends a session now; open connections signed in with it end within a second, on every node. */
  async revoke(sessionId: string, reason: SessionEndReason = 'revoked'): Promise<void> {
    const rows: [{ user_id: string }[], number] = await this.sessions.query(
      `UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING user_id`,
      [sessionId, this.clock.now()],
    );
    const ended = rows[0][0];
    if (ended) this.events.publish('session.ended', { sessionId, userId: ended.user_id, reason });
  }
}
