import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type {
  DemoUser,
  RequestMagicLinkBody,
  SessionResponse,
  VerifyMagicLinkBody,
} from '@lokalforum/protocol';
import { DataSource, type Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Clock } from '../common/clock';
import { DomainError, forbidden, notFound } from '../common/domain-error';
import { RateLimiter } from '../common/rate-limiter';
import { MailService } from '../mail/mail.service';
import { PeopleService } from '../people/people.service';
import { User } from '../people/user.entity';
import { MagicLink } from './magic-link.entity';
import { SessionsService } from './sessions.service';
import { hashToken, newToken } from './tokens';

const MAGIC_LINK_TTL_MS = 15 * 60_000;
const FIFTEEN_MINUTES = 15 * 60_000;

const demoDisabled = () =>
  new DomainError(403, 'demo_disabled', 'Demo-login findes kun i demo-tilstand');

/** Sign-in: e-mailed one-time links, demo sign-in, sign-out. */
@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(MagicLink) private readonly links: Repository<MagicLink>,
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly sessions: SessionsService,
    private readonly people: PeopleService,
    private readonly mail: MailService,
    private readonly limiter: RateLimiter,
    private readonly clock: Clock,
  ) {}

  /**
   * E-mails a one-time sign-in link. Says the same whether or not the address
   * is known. `linkOrigin` is where the link may point (`OriginPolicy`); null
   * refuses, as no link can be built that is safe to follow.
   */
  async requestMagicLink(
    body: RequestMagicLinkBody,
    linkOrigin: string | null,
    clientIp: string,
  ): Promise<{ sent: true; outbox: string | null }> {
    if (!linkOrigin) {
      throw forbidden(
        'Login-links kan ikke sendes fra denne adresse. Serveren skal kende sin offentlige ' +
          'adresse (PUBLIC_URL) eller have denne i ALLOWED_ORIGINS.',
      );
    }
    const email = body.email.toLowerCase();
    await this.limiter.hit(`magic:ip:${clientIp}`, 30, FIFTEEN_MINUTES);
    await this.limiter.hit(`magic:email:${email}`, 5, FIFTEEN_MINUTES);

    const token = newToken();
    await this.links.insert({
      tokenHash: hashToken(token),
      email,
      name: body.name ?? null,
      returnTo: body.returnTo ?? null,
      expiresAt: new Date(this.clock.now().getTime() + MAGIC_LINK_TTL_MS),
    });
    const url = `${linkOrigin}/log-ind/bekraeft?token=${encodeURIComponent(token)}`;
    await this.mail.send({
      to: email,
      subject: 'Dit login til Lokalforum / Your Lokalforum sign-in link',
      text: [
        'Hej!',
        '',
        'Brug dette link for at logge ind på Lokalforum. Det virker én gang og i 15 minutter:',
        url,
        '',
        'Har du ikke bedt om det, kan du se bort fra denne mail.',
        '',
        '—',
        'Use this link to sign in to Lokalforum. It works once, for 15 minutes.',
      ].join('\n'),
    });
    const outbox = this.config.demo && this.mail.isLocalOnly ? `${linkOrigin}/udbakke` : null;
    return { sent: true, outbox };
  }

  /** Trades a link's token for a session; a token works once, even if two tabs race. */
  async verifyMagicLink(body: VerifyMagicLinkBody): Promise<SessionResponse> {
    const rows: [MagicLinkRow[], number] = await this.db.query(
      `UPDATE magic_links SET used_at = now()
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
        RETURNING email, name, return_to`,
      [hashToken(body.token), this.clock.now()],
    );
    const link = rows[0][0];
    if (!link) {
      throw new DomainError(
        400,
        'invalid_token',
        'Linket er ugyldigt, allerede brugt eller udløbet. Bed om et nyt.',
      );
    }
    const user = await this.people.findOrCreate(link.email, link.name);
    return this.openSession(user.id, link.return_to);
  }

  async demoLogin(email: string): Promise<SessionResponse> {
    if (!this.config.demo) throw demoDisabled();
    const user = await this.users.findOneBy({ email: email.toLowerCase(), isDemo: true });
    if (!user) {
      throw new DomainError(404, 'not_found', 'Der er ingen demoperson med den e-mailadresse');
    }
    return this.openSession(user.id, null);
  }

  async demoUsers(): Promise<DemoUser[]> {
    if (!this.config.demo) throw demoDisabled();
    const users = await this.users.find({ where: { isDemo: true }, order: { name: 'ASC' } });
    const people = await Promise.all(users.map((u) => this.people.me(u.id)));
    return people.map((me) => ({
      email: me.email,
      name: me.name,
      role: me.role,
      forums: [...new Set([...me.memberships.map((m) => m.forumSlug), ...(me.staff?.areas ?? [])])],
    }));
  }

  /** Mail that went to the log; the page does not exist outside demo mode. */
  outbox() {
    if (!this.config.demo) throw notFound('Udbakken findes kun i demo-tilstand');
    return this.mail.recentLogged();
  }

  signOut(sessionId: string): Promise<void> {
    return this.sessions.revoke(sessionId, 'signedOut');
  }

  private async openSession(userId: string, returnTo: string | null): Promise<SessionResponse> {
    const { token, expiresAt } = await this.sessions.create(userId);
    return {
      token,
      expiresAt: expiresAt.toISOString(),
      user: await this.people.me(userId),
      returnTo,
    };
  }
}

interface MagicLinkRow {
  email: string;
  name: string | null;
  return_to: string | null;
}
