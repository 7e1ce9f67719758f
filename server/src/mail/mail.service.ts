import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { OutboxMail as OutboxMailDto } from '@lokalforum/protocol';
import { createTransport, type Transporter } from 'nodemailer';
import type { Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { OutboxMail } from './outbox-mail.entity';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** Extra headers, e.g. List-Unsubscribe (RFC 2369) and List-Unsubscribe-Post (RFC 8058). */
  headers?: Record<string, string>;
}

/**
 * Sends e-mail through SMTP when SMTP_URL is set; otherwise writes it to the
 * log. Every mail is kept in the outbox table for audit; the demo outbox page
 * shows only the ones that went to the log.
 */
@Injectable()
export class MailService implements OnModuleDestroy {
  private readonly logger = new Logger('Mail');
  private readonly transport: Transporter | null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(OutboxMail) private readonly outbox: Repository<OutboxMail>,
  ) {
    this.transport = config.smtpUrl ? createTransport(config.smtpUrl) : null;
  }

  async send(mail: Mail): Promise<void> {
    if (this.transport) {
      await this.transport.sendMail({ from: this.config.mailFrom, ...mail });
    } else {
      this.logger.log(`To ${mail.to}: ${mail.subject}\n${mail.text}`);
    }
    await this.outbox.insert({
      recipient: mail.to,
      subject: mail.subject,
      body: mail.text,
      transport: this.transport ? 'smtp' : 'log',
    });
  }

  /** True when mail only reaches the log and the outbox page. */
  get isLocalOnly(): boolean {
    return this.transport === null;
  }

  /** The latest mail that went to the log: never one sent to a real mailbox over SMTP. */
  async recentLogged(limit = 50): Promise<OutboxMailDto[]> {
    const rows = await this.outbox.find({
      where: { transport: 'log' },
      order: { createdAt: 'DESC' },
      take: limit,
    });
    return rows.map((r) => ({
      id: r.id,
      to: r.recipient,
      subject: r.subject,
      text: r.body,
      createdAt: r.createdAt.toISOString(),
    }));
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
