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
    const session = await this.sessions.findOne({
      where: {
        tokenHash: hashToken(token),
        revokedAt: IsNull(),
        expiresAt: MoreThan(this.clock.now()),
      },
      relations: { user: true },
    });
    if (!session) return null;
    return {
      principal: {
        userId: session.userId,
        sessionId: session.id,
        name: session.user.name,
        email: session.user.email,
        isAdministrator: session.user.isAdministrator,
      },
      session: { id: session.id, expiresAt: session.expiresAt },
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
