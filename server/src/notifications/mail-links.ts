import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import { APP_CONFIG, type AppConfig } from '../config/config';

/**
 * The origin links in notification mail point at: PUBLIC_URL (required in
 * production), else this server's own address as it listens (development,
 * tests). Mail goes out from jobs, with no request whose origin could be used.
 */
@Injectable()
export class MailLinks {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly http: HttpAdapterHost,
  ) {}

  get origin(): string {
    if (this.config.publicUrl) return this.config.publicUrl;
    const server = this.http.httpAdapter?.getHttpServer() as Server | undefined;
    const address = server?.address();
    const port = typeof address === 'object' && address ? address.port : this.config.port;
    const host = this.config.host === '0.0.0.0' ? 'localhost' : this.config.host;
    return `http://${host}:${port}`;
  }

  url(path: string): string {
    return `${this.origin}${path}`;
  }
}
