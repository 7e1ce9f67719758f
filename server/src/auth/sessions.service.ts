import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, MoreThan, type Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Clock } from '../common/clock';
import type { Principal } from './principal';
import { Session } from './session.entity';
import { hashToken, newToken } from './tokens';

@Injectable()
export class SessionsService {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async create(userId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = newToken();
    const expiresAt = new Date(
      this.clock.now().getTime() + this.config.sessionTtlDays * 86_400_000,
    );
    await this.sessions.insert({ tokenHash: hashToken(token), userId, expiresAt });
    return { token, expiresAt };
  }

  async resolve(token: string): Promise<Principal | null> {
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
      userId: session.userId,
      sessionId: session.id,
      name: session.user.name,
      email: session.user.email,
      isAdministrator: session.user.isAdministrator,
    };
  }

  async revoke(sessionId: string): Promise<void> {
    await this.sessions.update(
      { id: sessionId, revokedAt: IsNull() },
      { revokedAt: this.clock.now() },
    );
  }
}
