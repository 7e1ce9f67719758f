import { Inject, Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { isLoopbackOrigin, normalOrigin, RequestSource } from './request-source';

/**
 * Which browser pages may act with a signed-in person's cookie, and which
 * origin e-mailed links may point at. Shared by cookie-authenticated REST
 * writes and every WebSocket upgrade (Socket.IO and /collab), so the rule is
 * the same on all three:
 *
 * - an Origin must be the request's own (scheme, host and port; the scheme
 *   from a trusted proxy's X-Forwarded-Proto), PUBLIC_URL or in ALLOWED_ORIGINS;
 * - without an Origin, the browser must say `Sec-Fetch-Site: same-origin`.
 *   Browsers send one or the other on every such request; a request with
 *   neither is not from one of our pages, and cookies are for our pages only
 *   (other clients use a bearer token).
 */
@Injectable()
export class OriginPolicy {
  private readonly configured: Set<string>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly source: RequestSource,
  ) {
    this.configured = new Set([
      ...(config.publicUrl ? [config.publicUrl] : []),
      ...config.allowedOrigins,
    ]);
  }

  /** Whether a page at `origin` may send this request. */
  allows(origin: string, req: IncomingMessage): boolean {
    const normal = normalOrigin(origin);
    if (!normal) return false;
    return this.configured.has(normal) || normal === this.source.origin(req);
  }

  /** Why this request may not use the session cookie, or null when it may. */
  cookieUseProblem(req: IncomingMessage): string | null {
    const origin = req.headers.origin;
    if (origin !== undefined) {
      return this.allows(origin, req) ? null : 'Forespørgsler fra et andet websted er ikke tilladt';
    }
    if (req.headers['sec-fetch-site'] === 'same-origin') return null;
    return (
      'Forespørgslen siger ikke, hvilket websted den kommer fra (Origin). ' +
      'Brug Lokalforums egne sider, eller send et adgangstoken (Authorization: Bearer).'
    );
  }

  /**
   * The origin links in mail sent for this request may point at: PUBLIC_URL,
   * else the request's own origin when it is loopback or in ALLOWED_ORIGINS.
   * Null otherwise: the Host header is the client's to choose, and a link to
   * the host it chose would take the person's sign-in token there.
   */
  linkOrigin(req: IncomingMessage): string | null {
    if (this.config.publicUrl) return this.config.publicUrl;
    const origin = this.source.origin(req);
    if (!origin) return null;
    return isLoopbackOrigin(origin) || this.config.allowedOrigins.includes(origin) ? origin : null;
  }
}
