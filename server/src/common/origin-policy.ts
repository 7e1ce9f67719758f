import { Inject, Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { APP_CONFIG, type AppConfig } from '../config/config';

/**
 * Which browser origins may act with a signed-in person's cookie: the site's
 * own origin, PUBLIC_URL and ALLOWED_ORIGINS. Used for unsafe HTTP methods and
 * (in later issues) every WebSocket upgrade.
 */
@Injectable()
export class OriginPolicy {
  private readonly configured: Set<string>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.configured = new Set([
      ...(config.publicUrl ? [config.publicUrl] : []),
      ...config.allowedOrigins,
    ]);
  }

  allows(origin: string, req: IncomingMessage): boolean {
    if (this.configured.has(origin)) return true;
    const host = req.headers.host;
    if (!host) return false;
    try {
      return new URL(origin).host === host;
    } catch {
      return false;
    }
  }
}
